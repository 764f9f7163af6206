/** An error next to the control that failed, in the node's own words. */
import type { ApiError } from '../../../node/api.js';

export function ErrorText({ error, prefix }: { readonly error: ApiError | undefined | null; readonly prefix?: string }) {
  if (error === undefined || error === null) return null;
  return (
    <p className="error" role="alert">
      {prefix !== undefined && `${prefix} `}
      {error.code === 'unavailable' ? `Your node is not reachable just now: ${error.message}` : error.message}
    </p>
  );
}

/** A hash shown in full, in readable groups, with a Copy button. */
import { groupHex } from './format.js';
import { CopyButton } from './CopyButton.js';

export function Hash({ value, what, copy = true }: { readonly value: string; readonly what: string; readonly copy?: boolean }) {
  return (
    <span className="hash">
      <code aria-label={what}>{groupHex(value)}</code>
      {copy && <CopyButton value={value} what={what} />}
    </span>
  );
}

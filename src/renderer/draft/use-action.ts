/**
 * One control's call to the node: whether it is running, and the error to show next to it
 * (error.message, plainly), cleared when it is tried again.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiResult } from '../../node/api-types.js';

export interface Action {
  readonly pending: boolean;
  readonly error: string | null;
  /** Runs `call`; resolves to its value, or null (the error is then shown). */
  run<T>(call: () => Promise<ApiResult<T>>): Promise<T | null>;
  clear(): void;
  /** Shows a refusal found before calling the node (e.g. nothing selected). */
  fail(message: string): void;
}

export function useAction(): Action {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async <T>(call: () => Promise<ApiResult<T>>): Promise<T | null> => {
    setPending(true);
    setError(null);
    let result: ApiResult<T>;
    try {
      result = await call();
    } catch (thrown) {
      result = { ok: false, error: { code: 'internal', message: String(thrown) } };
    }
    if (!mounted.current) return result.ok ? result.value : null;
    setPending(false);
    if (!result.ok) setError(result.error.message);
    return result.ok ? result.value : null;
  }, []);
  const clear = useCallback(() => setError(null), []);
  const fail = useCallback((message: string) => setError(message), []);
  // The same object while nothing changed, so controls given it can skip re-rendering (memo).
  return useMemo(() => ({ pending, error, run, clear, fail }), [pending, error, run, clear, fail]);
}

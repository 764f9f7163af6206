/**
 * How screens read and act on the node: useQuery keeps one command's result fresh (again when
 * the connection comes back and on the node events that change it), useAction runs a command on
 * demand and keeps its error for the control that failed. Neither throws: errors are values.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult, NodeEvent, NodeEventType } from '../../node/api.js';
import { useConnection, useNodeEvent } from './node-context.js';

export interface Query<T> {
  /** The last value read; kept while a refresh runs, so nothing jumps. */
  readonly value: T | undefined;
  /** The last read's error (cleared by a successful read). */
  readonly error: ApiError | undefined;
  readonly loading: boolean;
  reload(): void;
}

export interface Refresh {
  /** Node events that may change the value. */
  readonly events: readonly NodeEventType[];
  /** Narrows them (e.g. to one negotiation); all of `events` when omitted. */
  readonly when?: (event: NodeEvent) => boolean;
}

/**
 * Whether the screen a query serves is shown. A tab the room keeps mounted but hidden gets false:
 * its queries then note what changed and read once when it is shown again, instead of asking the
 * node on every event (a hidden History tab read history.edits on every keystroke of every party).
 */
export const ShownContext = createContext(true);

interface QueryState<T> {
  readonly value: T | undefined;
  readonly error: ApiError | undefined;
  readonly loading: boolean;
}

/**
 * Reads `load()` now, whenever `deps` change (forgetting the old value), when the connection opens
 * again, and on the events of `refresh`. Bursts of events coalesce: at most one read runs, and one
 * more follows it if anything asked meanwhile.
 */
export function useQuery<T>(load: () => Promise<ApiResult<T>>, deps: readonly unknown[], refresh?: Refresh): Query<T> {
  const [state, setState] = useState<QueryState<T>>({ value: undefined, error: undefined, loading: true });
  const latestLoad = useRef(load);
  latestLoad.current = load;
  const generation = useRef(0);
  const running = useRef(false);
  const again = useRef(false);

  const reload = useCallback(() => {
    if (running.current) {
      again.current = true;
      return;
    }
    running.current = true;
    const started = generation.current;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    void latestLoad.current().then((result) => {
      running.current = false;
      if (generation.current < 0) return; // unmounted
      if (started === generation.current) {
        setState((s) => (result.ok ? { value: result.value, error: undefined, loading: false } : { value: s.value, error: result.error, loading: false }));
      }
      if (again.current || started !== generation.current) {
        again.current = false;
        reload();
      }
    });
  }, []);

  useEffect(() => {
    generation.current = Math.abs(generation.current) + 1;
    setState({ value: undefined, error: undefined, loading: true });
    reload();
    return () => {
      generation.current = -Math.abs(generation.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what the read depends on
  }, deps);

  const shown = useContext(ShownContext);
  const stale = useRef(false);
  const refreshNow = useCallback(() => {
    if (shown) reload();
    else stale.current = true;
  }, [shown, reload]);
  useEffect(() => {
    if (shown && stale.current) {
      stale.current = false;
      reload();
    }
  }, [shown, reload]);

  const connection = useConnection();
  const wasOpen = useRef(connection.kind === 'open');
  useEffect(() => {
    const open = connection.kind === 'open';
    if (open && !wasOpen.current) refreshNow();
    wasOpen.current = open;
  }, [connection.kind, refreshNow]);

  const when = refresh?.when;
  useNodeEvent(
    (event) => {
      if (refresh !== undefined && (when === undefined || when(event))) refreshNow();
    },
    refresh?.events ?? [],
  );

  return { ...state, reload };
}

export interface Action<A extends readonly unknown[], T> {
  /** Runs the command; the result is also kept (error) for the control to show. */
  run(...args: A): Promise<ApiResult<T>>;
  readonly pending: boolean;
  readonly error: ApiError | undefined;
  clearError(): void;
}

/** A command run on demand (a button, a form). */
export function useAction<A extends readonly unknown[], T>(act: (...args: A) => Promise<ApiResult<T>>): Action<A, T> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const latest = useRef(act);
  latest.current = act;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async (...args: A) => {
    setPending(true);
    setError(undefined);
    const result = await latest.current(...args);
    if (mounted.current) {
      setPending(false);
      setError(result.ok ? undefined : result.error);
    }
    return result;
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { run, pending, error, clearError };
}

/** Whether an event concerns one negotiation. */
export const inNegotiation =
  (negotiation: string) =>
  (event: NodeEvent): boolean =>
    'negotiation' in event && event.negotiation === negotiation;

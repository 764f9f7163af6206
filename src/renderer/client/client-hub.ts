/**
 * What both transports (bridge-client.ts, desktop-client.ts) share: the listeners of events, sync
 * updates, sync errors and connection states, and the gate where calls made while not connected
 * wait for the next open. A transport feeds the hub; screens only ever see the NodeClient.
 */
import type { ApiError, NodeEvent } from '../../node/api.js';
import type { ConnectionState } from './node-client.js';

/** How long a call made while not connected waits for the connection before it is 'unavailable'. */
export const WAIT_FOR_OPEN_MS = 10_000;
/** At most this many calls wait at once; more are 'unavailable' at once (a UI in a loop, not a user). */
export const MAX_WAITING_CALLS = 1000;

/** A set of listeners; one that throws is reported and does not stop the others. */
export class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>();

  add(listener: (...args: A) => void): () => void {
    // Wrapped, so that one function added twice is two subscriptions, each removed by its own call.
    const entry = (...args: A): void => listener(...args);
    this.set.add(entry);
    return () => {
      this.set.delete(entry);
    };
  }

  emit(...args: A): void {
    for (const listener of [...this.set]) {
      try {
        listener(...args);
      } catch (error) {
        console.error('plenary: a node listener failed', error);
      }
    }
  }

  clear(): void {
    this.set.clear();
  }
}

interface Waiter {
  readonly resolve: (open: boolean) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class ClientHub {
  private current: ConnectionState;
  private readonly states = new Listeners<[ConnectionState]>();
  readonly events = new Listeners<[NodeEvent]>();
  readonly syncErrors = new Listeners<[number, ApiError]>();
  private readonly syncUpdates = new Map<number, Listeners<[Uint8Array]>>();
  private readonly waiters = new Set<Waiter>();

  constructor(initial: ConnectionState = { kind: 'connecting', attempt: 0, reason: null }) {
    this.current = initial;
  }

  get state(): ConnectionState {
    return this.current;
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    return this.states.add(listener);
  }

  /** A new state: waiting calls go on when it is open, and give up when it failed. */
  setState(state: ConnectionState): void {
    if (this.current.kind === 'failed') return; // final
    this.current = state;
    if (state.kind !== 'connecting') this.releaseWaiters(state.kind === 'open');
    this.states.emit(state);
  }

  /** An event from the node; a renamed delegation also renames the open state's identity. */
  emitEvent(event: NodeEvent): void {
    if (event.type === 'identity-changed' && this.current.kind === 'open') this.setState({ kind: 'open', identity: event.identity });
    this.events.emit(event);
  }

  onSyncUpdate(session: number, listener: (update: Uint8Array) => void): () => void {
    let listeners = this.syncUpdates.get(session);
    if (listeners === undefined) this.syncUpdates.set(session, (listeners = new Listeners()));
    return listeners.add(listener);
  }

  deliverSyncUpdate(session: number, update: Uint8Array): void {
    this.syncUpdates.get(session)?.emit(update);
  }

  /** Resolves true once open (at once if it is), false after `timeoutMs` or when it failed. */
  whenOpen(timeoutMs = WAIT_FOR_OPEN_MS): Promise<boolean> {
    if (this.current.kind === 'open') return Promise.resolve(true);
    if (this.current.kind === 'failed' || this.waiters.size >= MAX_WAITING_CALLS) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** The 'unavailable' result of a call that could not wait for the connection, saying why. */
  notOpen(): { ok: false; error: ApiError } {
    const state = this.current;
    if (state.kind === 'failed') return unavailable(state.reason);
    return unavailable(`not connected to the node${state.kind === 'connecting' && state.reason !== null ? ` (${state.reason})` : ''}`);
  }

  /** Final: the state becomes failed with `reason`, waiting calls give up, listeners are dropped. */
  close(reason: string): void {
    this.setState({ kind: 'failed', reason });
    this.releaseWaiters(false);
    this.states.clear();
    this.events.clear();
    this.syncErrors.clear();
    this.syncUpdates.clear();
  }

  private releaseWaiters(open: boolean): void {
    for (const waiter of [...this.waiters]) {
      clearTimeout(waiter.timer);
      waiter.resolve(open);
    }
    this.waiters.clear();
  }
}

export const unavailable = (message: string): { ok: false; error: ApiError } => ({ ok: false, error: { code: 'unavailable', message } });

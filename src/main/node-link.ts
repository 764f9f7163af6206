/**
 * Main's side of its port to the node's utility process, without Electron: numbers calls and
 * settles them with their results, routes the node's events and sync frames to the handlers
 * (which send them to windows), answers the node's vault requests with main's vault, and shuts
 * the node down within a bounded time. When the utility process is gone, every pending and later
 * call settles as 'unavailable' with the reason: a window never waits forever.
 */
import { apiError, type ApiError, type ApiResult, type IdentityView, type NodeEvent } from '../node/api.js';
import type { KeyVault } from '../node/node-identity.js';
import { parseFromNode, type FromNode, type ToNode, type VaultOutcome, type WindowId } from './node-protocol.js';

export interface NodeLinkHandlers {
  readonly ready?: (identity: IdentityView) => void;
  readonly failed?: (message: string, locked: boolean) => void;
  readonly event: (event: NodeEvent) => void;
  readonly syncUpdate: (window: WindowId, session: number, update: Uint8Array) => void;
  readonly syncError: (window: WindowId, session: number, error: ApiError) => void;
  /** Main's vault (safeStorage); without one, vault requests are refused. */
  readonly vault?: KeyVault;
  /** Where dropped messages are reported. Default console.error. */
  readonly log?: (line: string) => void;
}

export class NodeLink {
  private readonly pending = new Map<number, (result: ApiResult<unknown>) => void>();
  private nextCall = 1;
  /** Why calls cannot reach the node any more (it failed to open, or its process is gone). */
  private down: string | undefined;
  private readonly closedWaiters = new Set<() => void>();
  private closed = false;

  constructor(
    /** Posts to the utility process (the caller encodes). */
    private readonly post: (message: ToNode) => void,
    private readonly handlers: NodeLinkHandlers,
  ) {}

  start(dataDir: string, sealKeys: boolean): void {
    this.post({ v: 1, type: 'start', dataDir, sealKeys });
  }

  /** One command for a window (checked already: ipc-checks.ts). */
  call(window: WindowId, command: string, args: unknown): Promise<ApiResult<unknown>> {
    if (this.down !== undefined) return Promise.resolve(apiError('unavailable', this.down));
    const id = this.nextCall++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.post({ v: 1, type: 'call', id, window, command, args });
    });
  }

  push(window: WindowId, session: number, update: Uint8Array): void {
    if (this.down !== undefined) return this.handlers.syncError(window, session, { code: 'unavailable', message: this.down });
    this.post({ v: 1, type: 'sync-push', window, session, update });
  }

  windowClosed(window: WindowId): void {
    if (this.down === undefined) this.post({ v: 1, type: 'window-closed', window });
  }

  /** One message from the utility process, as it arrived. */
  receive(raw: unknown): void {
    const parsed = parseFromNode(raw);
    if (!parsed.ok) return this.log(`plenary: dropped a message from the node process: ${parsed.message}`);
    this.handle(parsed.value);
  }

  /** The utility process is gone (crashed, killed, or exited after 'closed'). */
  exited(reason: string): void {
    this.goDown(reason);
    this.markClosed();
  }

  /**
   * Asks the node to close (flushing its storage) and waits for it, at most `timeoutMs`.
   * True when it said it closed; false when it did not in time (or was already gone).
   */
  shutdown(timeoutMs: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    this.post({ v: 1, type: 'shutdown' });
    this.goDown('the app is quitting');
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.closedWaiters.delete(done);
        resolve(false);
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.closedWaiters.add(done);
    });
  }

  private handle(message: FromNode): void {
    switch (message.type) {
      case 'ready':
        return this.handlers.ready?.(message.identity);
      case 'failed':
        this.goDown(message.message);
        return this.handlers.failed?.(message.message, message.locked);
      case 'result': {
        const settle = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (settle !== undefined) return settle(message.result);
        // Calls settled as 'unavailable' at shutdown may still be answered: nothing to report.
        return this.down === undefined ? this.log(`plenary: a result for no call (${message.id})`) : undefined;
      }
      case 'event':
        return this.handlers.event(message.event);
      case 'sync-update':
        return this.handlers.syncUpdate(message.window, message.session, message.update);
      case 'sync-error':
        return this.handlers.syncError(message.window, message.session, message.error);
      case 'vault':
        void this.answerVault(message.id, message.op === 'seal' ? (v) => v.seal(message.bytes) : (v) => v.open(message.bytes));
        return;
      case 'closed':
        return this.markClosed();
      default: {
        const unknown: never = message;
        return this.log(`plenary: unknown message from the node process ${JSON.stringify(unknown)}`);
      }
    }
  }

  private async answerVault(id: number, run: (vault: KeyVault) => Promise<Uint8Array>): Promise<void> {
    let outcome: VaultOutcome;
    if (this.handlers.vault === undefined) outcome = { ok: false, message: 'this app keeps no key vault' };
    else {
      try {
        outcome = { ok: true, bytes: await run(this.handlers.vault) };
      } catch (e) {
        outcome = { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
    }
    if (!this.closed) this.post({ v: 1, type: 'vault-result', id, outcome });
  }

  private goDown(reason: string): void {
    this.down ??= reason;
    for (const settle of this.pending.values()) settle(apiError('unavailable', reason));
    this.pending.clear();
  }

  private markClosed(): void {
    this.closed = true;
    for (const done of [...this.closedWaiters]) done();
    this.closedWaiters.clear();
  }

  private log(line: string): void {
    (this.handlers.log ?? console.error)(line);
  }
}

/**
 * The local Yjs updates on their way to the node, sent after the frame that shows them is painted:
 * a keystroke's update no longer costs its frame the send (a WebSocket frame or an IPC message,
 * ~0.3 ms), and a frame's updates for one session go as one (Y.mergeUpdates). Nothing is lost or
 * reordered: everything queued goes before any command (`flush` before each call, so a command's
 * positions are the node's positions), when the client closes, and when the page is hidden or
 * unloaded. Without idle callbacks (Node) a timer sends them.
 */
import * as Y from 'yjs';

/** Runs `flush` once the page is idle after the frame being drawn (or after `fallbackMs`); returns a cancel. */
export type FlushScheduler = (flush: () => void) => () => void;

const FALLBACK_MS = 50;

/**
 * After the next frame is painted, without asking for one: an idle callback runs once the frame
 * in progress (a keystroke's) is done, and, unlike an animation frame callback, does not make the
 * browser paint a frame of its own (frames in a row make a keystroke wait for the display's tick).
 * Where there are no idle callbacks (Node, tests), a timer.
 */
export const afterPaint: FlushScheduler = (flush) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(() => flush(), { timeout: FALLBACK_MS });
    return () => cancelIdleCallback(id);
  }
  const timer = setTimeout(flush, 0);
  return () => clearTimeout(timer);
};

export class SyncOutbox {
  private readonly queued = new Map<number, Uint8Array[]>();
  private cancel: (() => void) | null = null;
  private readonly onHide = (): void => this.flush();

  constructor(
    private readonly send: (session: number, update: Uint8Array) => void,
    private readonly schedule: FlushScheduler = afterPaint,
  ) {
    if (typeof addEventListener === 'function') {
      addEventListener('pagehide', this.onHide);
      addEventListener('visibilitychange', this.onHide);
    }
  }

  /** Queues one update of a session; sent after the next paint. */
  push(session: number, update: Uint8Array): void {
    const list = this.queued.get(session);
    if (list === undefined) this.queued.set(session, [update]);
    else list.push(update);
    this.cancel ??= this.schedule(() => {
      this.cancel = null;
      this.flush();
    });
  }

  /** Sends everything queued now, each session's updates as one, sessions in the order they were first queued. */
  flush(): void {
    this.cancel?.();
    this.cancel = null;
    if (this.queued.size === 0) return;
    const batches = [...this.queued];
    this.queued.clear();
    for (const [session, updates] of batches) this.send(session, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
  }

  /** Forgets what is queued (the sessions died with the connection); returns their sessions. */
  drop(): number[] {
    this.cancel?.();
    this.cancel = null;
    const sessions = [...this.queued.keys()];
    this.queued.clear();
    return sessions;
  }

  /** Sends what is queued and stops listening to the page. */
  close(): void {
    this.flush();
    if (typeof removeEventListener === 'function') {
      removeEventListener('pagehide', this.onHide);
      removeEventListener('visibilitychange', this.onHide);
    }
  }
}

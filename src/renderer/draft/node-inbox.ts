/**
 * What the node brings the draft (others' words, their cursors), drawn in the frames this
 * delegation's typing paints anyway, not in frames of their own.
 *
 * Why: the browser paints a keystroke at once only when it has not just been painting; while other
 * delegations' keystrokes are drawn as they arrive (40 times a second with two typists: words and
 * cursors), frames follow one another on the display's ticks, and a keystroke often waits for the
 * next tick (up to 16.7 ms) before its frame starts. So what arrives waits for this delegation's
 * next keystroke and is applied at the start of that keystroke's frame (requestAnimationFrame), or,
 * when no one types here, at most MAX_WAIT_MS after it arrived. Nothing is dropped or reordered:
 * each arrival is applied once, in order; `addLast` ones after the others of the same batch.
 */

/** How long others' words and cursors may wait for a keystroke here before being drawn alone. */
export const MAX_WAIT_MS = 100;

export interface Inbox {
  /** Runs `apply`, in arrival order, at the start of the next keystroke's frame (or after MAX_WAIT_MS). */
  add(apply: () => void): void;
  /** The same, after everything `add`ed to the same batch (e.g. what only matters if the batch did not do it). */
  addLast(apply: () => void): void;
}

/** An inbox that applies at once (tests, and where frames do not matter). */
export const IMMEDIATE: Inbox = { add: (apply) => apply(), addLast: (apply) => apply() };

type Page = Pick<Window, 'addEventListener' | 'removeEventListener' | 'requestAnimationFrame' | 'cancelAnimationFrame'>;

export class NodeInbox implements Inbox {
  private queue: (() => void)[] = [];
  private last: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private frame: number | null = null;

  constructor(
    private readonly page: Page = window,
    private readonly maxWaitMs = MAX_WAIT_MS,
  ) {}

  /** Listens for keystrokes (capture: before the editor handles them, so the batch is applied before it measures). */
  start(): void {
    this.page.addEventListener('keydown', this.onKey, { capture: true });
  }

  /** Stops listening; what waits is applied first. */
  stop(): void {
    this.page.removeEventListener('keydown', this.onKey, { capture: true });
    this.flush();
  }

  add(apply: () => void): void {
    this.queue.push(apply);
    this.timer ??= setTimeout(this.flush, this.maxWaitMs);
  }

  addLast(apply: () => void): void {
    this.last.push(apply);
    this.timer ??= setTimeout(this.flush, this.maxWaitMs);
  }

  /** Applies everything waiting, now. */
  readonly flush = (): void => {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.frame !== null) this.page.cancelAnimationFrame(this.frame);
    this.timer = this.frame = null;
    const batch = [...this.queue, ...this.last];
    this.queue = [];
    this.last = [];
    for (const apply of batch) {
      try {
        apply();
      } catch (error) {
        console.error('plenary: applying what the node sent failed', error);
      }
    }
  };

  private readonly onKey = (): void => {
    if (this.queue.length + this.last.length > 0) this.frame ??= this.page.requestAnimationFrame(this.flush);
  };
}

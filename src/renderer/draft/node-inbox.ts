/**
 * What the node brings the draft (others' words, their cursors), drawn between this delegation's
 * keystrokes, never in a keystroke's frame nor in frames that keep the page painting.
 *
 * Why: the browser paints a keystroke at once only when it has not just been painting; while other
 * delegations' keystrokes are drawn as they arrive (40 times a second with two typists: words and
 * cursors), frames follow one another on the display's ticks, and a keystroke often waits for the
 * next tick (up to 16.7 ms) before its frame even starts. So what arrives waits for this
 * delegation's next keystroke and is applied right after that keystroke's frame is painted (its
 * own frame is then drawn well before the next keystroke), or, when no one types here, at most
 * MAX_WAIT_MS after it arrived. Nothing is dropped or reordered: each arrival is applied once, in
 * order; `addLast` ones after the others of the same batch.
 */

/** How long others' words and cursors may wait for a keystroke here before being drawn alone. */
export const MAX_WAIT_MS = 100;

export interface Inbox {
  /** Runs `apply`, in arrival order, right after the next keystroke's frame is painted (or after MAX_WAIT_MS). */
  add(apply: () => void): void;
  /** The same, after everything `add`ed to the same batch (e.g. what only matters if the batch did not do it). */
  addLast(apply: () => void): void;
}

/** An inbox that applies at once (tests, and where frames do not matter). */
export const IMMEDIATE: Inbox = { add: (apply) => apply(), addLast: (apply) => apply() };

type Page = Pick<Window, 'addEventListener' | 'removeEventListener'>;

/** Runs `run` right after the frame being drawn is painted; returns a cancel. */
export type AfterFrame = (run: () => void) => () => void;

/**
 * A message posted from an animation frame callback is delivered right after that frame is painted.
 * Asked for from a keydown, whose frame is coming anyway: it adds no frame of its own.
 */
export const afterThisFrame: AfterFrame = (run) => {
  let cancelled = false;
  const frame = requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      if (!cancelled) run();
    };
    channel.port2.postMessage(null);
  });
  return () => {
    cancelled = true;
    cancelAnimationFrame(frame);
  };
};

export class NodeInbox implements Inbox {
  private queue: (() => void)[] = [];
  private last: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private cancelFrame: (() => void) | null = null;

  constructor(
    private readonly page: Page = window,
    private readonly afterFrame: AfterFrame = afterThisFrame,
    private readonly maxWaitMs = MAX_WAIT_MS,
  ) {}

  /** Listens for keystrokes (capture: whatever the editor does with them). */
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
    this.cancelFrame?.();
    this.timer = this.cancelFrame = null;
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

  // What arrives while the keystroke is handled and painted waits for that paint too.
  private readonly onKey = (): void => {
    this.cancelFrame ??= this.afterFrame(this.flush);
  };
}

/**
 * Time, injected: the room's clock (presence times, proposal times) and its timers (coalescing
 * window, anti-entropy, presence refresh and expiry). Tests and benchmarks pass their own to make
 * runs deterministic or to drive time by hand.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface Timers {
  /** Runs `task` once after `ms`; the returned function cancels it. */
  after(ms: number, task: () => void): () => void;
}

export const systemClock: Clock = { now: () => Date.now() };

export const systemTimers: Timers = {
  after(ms, task) {
    const handle = setTimeout(task, ms);
    // A room's timers must not keep a process alive on their own (a CLI exits when told to).
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};

/** A repeating timer built on `after`: each run re-arms before running. */
export function every(timers: Timers, ms: number, task: () => void): () => void {
  let cancel: () => void = () => {};
  let stopped = false;
  const arm = (): void => {
    cancel = timers.after(ms, () => {
      if (stopped) return;
      arm();
      task();
    });
  };
  arm();
  return () => {
    stopped = true;
    cancel();
  };
}

/**
 * Timers driven by hand: nothing runs until `advance`. Tasks due at the same time run in the
 * order they were set.
 */
export class ManualTimers implements Timers, Clock {
  private time: number;
  private sequence = 0;
  private readonly tasks = new Map<number, { at: number; task: () => void }>();

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  after(ms: number, task: () => void): () => void {
    const id = ++this.sequence;
    this.tasks.set(id, { at: this.time + Math.max(0, ms), task });
    return () => this.tasks.delete(id);
  }

  /** Moves time forward by `ms`, running every task that falls due, in time order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { at: number; task: () => void }] | undefined;
      for (const entry of this.tasks) if (entry[1].at <= end && (next === undefined || entry[1].at < next[1].at)) next = entry;
      if (next === undefined) break;
      this.tasks.delete(next[0]);
      this.time = Math.max(this.time, next[1].at);
      next[1].task();
    }
    this.time = end;
  }

  get pending(): number {
    return this.tasks.size;
  }
}

/**
 * Deterministic asynchronous delivery for the in-memory network. Each link direction is a FIFO
 * lane (as a TCP stream is); every step a seeded PRNG picks which lane delivers next, so
 * interleavings vary with the seed and replay exactly for a given seed and sequence of calls.
 * Nothing runs inside the call that enqueued it: tasks start on a later macrotask.
 */

/** mulberry32: small, fast, good enough to shuffle deliveries (not for keys). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Steps per macrotask: yields to timers and I/O so a flood cannot starve timeouts.
const STEPS_PER_TURN = 512;

export class LaneScheduler {
  private readonly lanes = new Map<string, Array<() => void>>();
  private readonly active: string[] = [];
  private scheduled = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly random: () => number,
    private readonly onError: (error: unknown) => void,
  ) {}

  enqueue(lane: string, task: () => void): void {
    let queue = this.lanes.get(lane);
    if (queue === undefined) {
      queue = [];
      this.lanes.set(lane, queue);
      this.active.push(lane);
    }
    queue.push(task);
    this.schedule();
  }

  /** Resolves once nothing is queued (work started by tasks, such as handlers, may still run). */
  idle(): Promise<void> {
    if (this.active.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  private run(): void {
    this.scheduled = false;
    for (let step = 0; step < STEPS_PER_TURN && this.active.length > 0; step++) {
      const i = Math.floor(this.random() * this.active.length);
      const lane = this.active[i]!;
      const queue = this.lanes.get(lane)!;
      const task = queue.shift()!;
      if (queue.length === 0) {
        this.lanes.delete(lane);
        this.active[i] = this.active[this.active.length - 1]!;
        this.active.pop();
      }
      try {
        task();
      } catch (error) {
        this.onError(error);
      }
    }
    if (this.active.length > 0) {
      this.schedule();
      return;
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

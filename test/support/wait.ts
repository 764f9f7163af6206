/**
 * Waiting for conditions instead of sleeping: a test states what it waits for, and fails with
 * that description (and the last observed value) when it does not happen in time.
 */

export interface WaitOptions {
  /** Default 5,000 ms. */
  readonly timeoutMs?: number;
  /** How often the condition is polled. Default 10 ms. */
  readonly intervalMs?: number;
}

export class WaitTimeout extends Error {
  override readonly name = 'WaitTimeout';
}

/** Polls `condition` until it returns true; throws WaitTimeout naming `what` otherwise. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, options: WaitOptions = {}): Promise<void> {
  await waitForValue(what, async () => ((await condition()) ? true : undefined), options);
}

/** Polls `probe` until it returns something other than undefined, and returns that. */
export async function waitForValue<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, options: WaitOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const intervalMs = options.intervalMs ?? 10;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error; // a probe may throw while the system is still settling
    }
    if (Date.now() >= deadline) {
      const cause = lastError === undefined ? '' : ` (last error: ${String(lastError)})`;
      throw new WaitTimeout(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Repeats `act` until `condition` holds: for conditions that need a nudge, such as a gossip mesh
 * that forms only once messages flow. `act` runs at most every `intervalMs` (default 50 ms).
 */
export async function repeatUntil(what: string, act: () => unknown, condition: () => boolean, options: WaitOptions = {}): Promise<void> {
  const intervalMs = options.intervalMs ?? 50;
  let last = 0;
  await waitFor(
    what,
    async () => {
      if (condition()) return true;
      if (Date.now() - last >= intervalMs) {
        last = Date.now();
        await act();
      }
      return condition();
    },
    { timeoutMs: options.timeoutMs, intervalMs: 5 },
  );
}

/** Records events so a test can wait for one and later assert on all. */
export class Recorder<T> {
  readonly items: T[] = [];
  readonly push = (item: T): void => {
    this.items.push(item);
  };

  count(match: (item: T) => boolean): number {
    return this.items.filter(match).length;
  }

  async waitFor(what: string, match: (item: T) => boolean, options?: WaitOptions): Promise<T> {
    return waitForValue(what, () => this.items.find(match), options);
  }
}

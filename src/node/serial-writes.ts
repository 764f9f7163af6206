/**
 * One negotiation's writes to the store, in the order they were asked for. Order matters: a
 * snapshot must never be written before the envelopes it covers are durable, and blocks go in
 * height order. A failed write rejects its own promise and does not stop the queue.
 */
export class SerialWrites {
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;

  /** Writes waiting or running. */
  get pending(): number {
    return this.queued;
  }

  run<T>(write: () => Promise<T>): Promise<T> {
    this.queued++;
    const result = this.tail.then(write);
    this.tail = result.then(
      () => this.queued--,
      () => this.queued--,
    );
    return result;
  }

  /** Resolves once every write asked for so far has finished (failed ones included). */
  drained(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}

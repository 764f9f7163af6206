/**
 * The single writer of a store, with group commit.
 *
 * Every write is a job: it reads what it needs, decides (idempotent, conflict, out-of-order) and
 * stages puts. Jobs run one at a time in submission order, so a check and the write it guards can
 * never interleave with another job (two appends of the same key cannot both see "absent").
 * Jobs that queue up while a batch is being synced are committed together in the next batch: one
 * fsync for many appends. Each job's puts all land in the same batch, so each job stays atomic.
 * A job that fails (conflict...) stages nothing and does not affect the others in its group.
 */
import { toHex } from '../core/bytes.js';

export interface WriteTx {
  /** The value as this group will leave it: staged by an earlier job in the group, else committed. */
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  /** Only what this group has staged so far (no disk read): for keys known not to be committed. */
  staged(key: Uint8Array): Uint8Array | undefined;
  put(key: Uint8Array, value: Uint8Array): void;
  /** Runs once the batch is durable, before the job's promise resolves: update in-memory state here. */
  afterCommit(effect: () => void): void;
}

export type WriteJob<T> = (tx: WriteTx) => Promise<T>;

export interface BatchBackend {
  read(key: Uint8Array): Promise<Uint8Array | undefined>;
  /** Writes all puts atomically and durably. */
  writeBatch(puts: ReadonlyArray<readonly [Uint8Array, Uint8Array]>): Promise<void>;
}

export interface GroupCommitStats {
  /** Jobs that completed (successfully or not). */
  readonly jobs: number;
  /** Synced batches written. */
  readonly batches: number;
}

interface Pending {
  readonly job: WriteJob<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

interface Prepared {
  readonly pending: Pending;
  readonly outcome: { ok: true; value: unknown; effects: Array<() => void> } | { ok: false; error: unknown };
}

export class GroupCommitter {
  private queue: Pending[] = [];
  private running: Promise<void> | undefined;
  private jobs = 0;
  private batches = 0;

  /** `group: false` commits one job per batch (for measuring what grouping buys). */
  constructor(
    private readonly backend: BatchBackend,
    private readonly options: { group: boolean } = { group: true },
  ) {}

  submit<T>(job: WriteJob<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ job, resolve: resolve as (value: unknown) => void, reject });
      // Start on a microtask, so calls made in the same tick join the first group.
      this.running ??= Promise.resolve().then(() => this.run());
    });
  }

  /** Resolves once every job submitted so far has completed. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  stats(): GroupCommitStats {
    return { jobs: this.jobs, batches: this.batches };
  }

  private async run(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.options.group ? this.queue.splice(0) : this.queue.splice(0, 1);
        await this.commitGroup(group);
      }
    } finally {
      this.running = undefined;
    }
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    const staged = new Map<string, readonly [Uint8Array, Uint8Array]>();
    const prepared: Prepared[] = [];
    for (const pending of group) prepared.push({ pending, outcome: await this.prepare(pending.job, staged) });

    let writeError: unknown;
    if (staged.size > 0) {
      try {
        await this.backend.writeBatch([...staged.values()]);
        this.batches++;
      } catch (e) {
        writeError = e;
      }
    }
    for (const { pending, outcome } of prepared) {
      this.jobs++;
      if (!outcome.ok) pending.reject(outcome.error);
      else if (writeError !== undefined) pending.reject(writeError);
      else {
        try {
          for (const effect of outcome.effects) effect();
          pending.resolve(outcome.value);
        } catch (e) {
          pending.reject(e);
        }
      }
    }
  }

  private async prepare(job: WriteJob<unknown>, staged: Map<string, readonly [Uint8Array, Uint8Array]>): Promise<Prepared['outcome']> {
    const own = new Map<string, readonly [Uint8Array, Uint8Array]>();
    const effects: Array<() => void> = [];
    const stagedValue = (key: Uint8Array): Uint8Array | undefined => {
      const id = toHex(key);
      return (own.get(id) ?? staged.get(id))?.[1];
    };
    const tx: WriteTx = {
      get: async (key) => stagedValue(key) ?? this.backend.read(key),
      staged: stagedValue,
      put: (key, value) => void own.set(toHex(key), [key, value]),
      afterCommit: (effect) => void effects.push(effect),
    };
    try {
      const value = await job(tx);
      for (const [id, put] of own) staged.set(id, put);
      return { ok: true, value, effects };
    } catch (error) {
      return { ok: false, error };
    }
  }
}

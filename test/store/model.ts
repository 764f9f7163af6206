/**
 * Model-based test of a PlenaryStore: seeded random bursts of concurrent writes (with conflicts,
 * duplicates, gaps, out-of-order blocks) and occasional reopening, checked against a plain,
 * obviously correct model after every burst. Part of the shared contract suite.
 * STORE_MODEL_RUNS scales it (default 12 seeds per implementation).
 */
import { expect, it } from 'vitest';
import { equalBytes, toHex, utf8 } from '../../src/core/bytes.js';
import { sha256 } from '../../src/core/hash.js';
import type { NegotiationId, PartyId } from '../../src/core/identity.js';
import type { EnvelopeRecord, PlenaryStore } from '../../src/store/contract.js';
import { StoreError } from '../../src/store/errors.js';
import { createRng, type Rng } from '../support/rng.js';
import { blockBytes, negotiation, party, payload } from './fixtures.js';

const RUNS = Number(process.env.STORE_MODEL_RUNS ?? 12);
const BURSTS = 30;
const AUTHORS = [party('m1'), party('m2'), party('m3')];

interface ModelContext {
  store(): PlenaryStore;
  reopen(): Promise<void>;
}

/** The reference: maps and arrays, nothing clever. */
class Model {
  readonly envelopes = new Map<string, Uint8Array>(); // `${author}:${seq}`
  readonly blocks: Uint8Array[] = [];
  readonly evidence = new Map<string, Uint8Array>(); // hex sha256
  snapshot: Uint8Array | undefined;
  readonly meta = new Map<string, Uint8Array>();
  touched = false;

  appendEnvelopes(records: EnvelopeRecord[]): string | undefined {
    const offered = new Map<string, Uint8Array>();
    for (const r of records) {
      const key = `${r.author}:${r.seq}`;
      const stored = offered.get(key) ?? this.envelopes.get(key);
      if (stored !== undefined && !equalBytes(stored, r.bytes)) return 'conflict';
      offered.set(key, r.bytes);
    }
    for (const [key, bytes] of offered) if (!this.envelopes.has(key)) this.envelopes.set(key, bytes);
    if (records.length > 0) this.touched = true;
    return undefined;
  }

  appendBlock(height: number, bytes: Uint8Array): string | undefined {
    if (height > this.blocks.length) return 'out-of-order';
    if (height < this.blocks.length) return equalBytes(this.blocks[height]!, bytes) ? undefined : 'conflict';
    this.blocks.push(bytes);
    this.touched = true;
    return undefined;
  }

  seqs(author: PartyId): number[] {
    return [...this.envelopes.keys()]
      .filter((k) => k.startsWith(`${author}:`))
      .map((k) => Number(k.slice(author.length + 1)))
      .sort((a, b) => a - b);
  }

  frontier(): Map<PartyId, number> {
    const out = new Map<PartyId, number>();
    for (const author of AUTHORS) {
      let seq = 0;
      while (this.envelopes.has(`${author}:${seq + 1}`)) seq++;
      if (seq > 0) out.set(author, seq);
    }
    return out;
  }
}

type Op = { describe: string; run: (s: PlenaryStore) => Promise<unknown>; expect: () => { error?: string; value?: unknown } };

function randomOp(rng: Rng, neg: NegotiationId, model: Model, metaPrefix: string): Op {
  const roll = rng.int(100);
  if (roll < 50) {
    const records = Array.from({ length: 1 + rng.int(4) }, () => {
      const author = rng.pick(AUTHORS);
      const seq = 1 + rng.int(8);
      return { author, seq, bytes: payload(author, seq, rng.chance(0.1) ? 1 : 0) };
    });
    return {
      describe: `appendEnvelopes ${records.map((r) => `${r.author.slice(0, 4)}#${r.seq}`).join(',')}`,
      run: (s) => s.appendEnvelopes(neg, records),
      expect: () => ({ error: model.appendEnvelopes(records) }),
    };
  }
  if (roll < 75) {
    const height = Math.max(0, model.blocks.length + rng.pick([-2, -1, 0, 0, 0, 1]));
    const bytes = blockBytes(height, rng.chance(0.15) ? 1 : 0);
    return { describe: `appendBlock ${height}`, run: (s) => s.appendBlock(neg, height, bytes), expect: () => ({ error: model.appendBlock(height, bytes) }) };
  }
  if (roll < 85) {
    const bytes = utf8(`evidence ${rng.int(4)}`);
    return {
      describe: 'addEvidence',
      run: (s) => s.addEvidence(neg, bytes),
      expect: () => {
        const id = toHex(sha256(bytes));
        const fresh = !model.evidence.has(id);
        model.evidence.set(id, bytes);
        model.touched = true;
        return { value: fresh };
      },
    };
  }
  if (roll < 92) {
    const bytes = utf8(`snapshot ${rng.int(1000)}`);
    return { describe: 'putSnapshot', run: (s) => s.putSnapshot(neg, bytes), expect: () => ((model.snapshot = bytes), (model.touched = true), {}) };
  }
  const key = `${metaPrefix}/${rng.int(3)}`;
  const bytes = Uint8Array.of(rng.int(256));
  return { describe: `putMeta ${key}`, run: (s) => s.putMeta(key, bytes), expect: () => (model.meta.set(key, bytes), {}) };
}

async function compareState(s: PlenaryStore, neg: NegotiationId, model: Model, rng: Rng, where: string): Promise<void> {
  for (const author of AUTHORS) {
    const seqs = model.seqs(author);
    const stored = await s.envelopes(neg, author);
    expect(stored.map((r) => r.seq), `${where}: seqs of ${author}`).toEqual(seqs);
    for (const r of stored) expect(equalBytes(r.bytes, model.envelopes.get(`${author}:${r.seq}`)!), `${where}: bytes of ${author}#${r.seq}`).toBe(true);
    const from = 1 + rng.int(9);
    const limit = 1 + rng.int(4);
    const page = await s.envelopes(neg, author, from, limit);
    expect(page.map((r) => r.seq), `${where}: page of ${author} from ${from} limit ${limit}`).toEqual(seqs.filter((q) => q >= from).slice(0, limit));
  }
  expect(await s.frontier(neg), `${where}: frontier`).toEqual(model.frontier());
  expect(await s.authors(neg), `${where}: authors`).toEqual(AUTHORS.filter((a) => model.seqs(a).length > 0).sort());
  expect(await s.countEnvelopes(neg), `${where}: count`).toBe(model.envelopes.size);
  expect(await s.tip(neg), `${where}: tip`).toBe(model.blocks.length === 0 ? undefined : model.blocks.length - 1);
  expect((await s.blocks(neg)).map((b) => b.bytes), `${where}: blocks`).toEqual(model.blocks);
  const from = rng.int(model.blocks.length + 2);
  expect((await s.blocks(neg, from, 2)).map((b) => b.height), `${where}: blocks from ${from}`).toEqual(
    model.blocks.map((_, h) => h).filter((h) => h >= from).slice(0, 2),
  );
  const evidence = [...model.evidence.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, bytes]) => bytes);
  expect((await s.evidence(neg)).map(toHex), `${where}: evidence`).toEqual(evidence.map(toHex));
  expect(await s.getSnapshot(neg), `${where}: snapshot`).toEqual(model.snapshot);
  for (const [key, bytes] of model.meta) expect(await s.getMeta(key), `${where}: meta ${key}`).toEqual(bytes);
  expect((await s.negotiations()).includes(neg), `${where}: negotiations`).toBe(model.touched);
}

export function storeModelTests(context: () => ModelContext): void {
  it(`agrees with a reference model over ${RUNS} seeded runs of concurrent bursts and reopenings`, async () => {
    const ctx = context();
    for (let run = 0; run < RUNS; run++) {
      const seed = 1000 + run;
      const rng = createRng(seed);
      const neg = negotiation(`model ${seed}`);
      const model = new Model();
      for (let burst = 0; burst < BURSTS; burst++) {
        const where = `seed ${seed} burst ${burst}`;
        const ops = Array.from({ length: 1 + rng.int(6) }, () => randomOp(rng, neg, model, `model/${seed}`));
        // Issue the whole burst without waiting; the store must behave as if in issue order.
        const settled = await Promise.allSettled(ops.map((op) => op.run(ctx.store())));
        ops.forEach((op, i) => {
          const expected = op.expect();
          const outcome = settled[i]!;
          const got = outcome.status === 'fulfilled' ? { value: outcome.value } : { error: errorCode(outcome.reason) };
          const want = expected.error !== undefined ? { error: expected.error } : { value: expected.value };
          expect(got, `${where} op ${i} (${op.describe})`).toEqual(want);
        });
        if (rng.chance(0.1)) await ctx.reopen();
        await compareState(ctx.store(), neg, model, rng, where);
      }
    }
  });
}

function errorCode(e: unknown): string {
  return e instanceof StoreError ? e.code : `not a StoreError: ${String(e)}`;
}

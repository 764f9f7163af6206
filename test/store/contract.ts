/**
 * The one acceptance suite every PlenaryStore implementation must pass (memory.test.ts,
 * level.test.ts), in the manner of automerge-repo's shared adapter tests.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { equalBytes, utf8 } from '../../src/core/bytes.js';
import type { PartyId } from '../../src/core/identity.js';
import type { EnvelopeRecord, PlenaryStore } from '../../src/store/contract.js';
import { createRng } from '../support/rng.js';
import { blockBytes, expectStoreError, negotiation, party, payload } from './fixtures.js';
import { storeModelTests } from './model.js';

/** A place a store lives (a directory, a memory volume): open it (again), then dispose of it. */
export interface StoreLocation {
  open(): Promise<PlenaryStore>;
  /** Closes whatever is still open and deletes the data. */
  dispose(): Promise<void>;
}

export interface StoreHarness {
  readonly name: string;
  create(): Promise<StoreLocation>;
}

const NEG = negotiation('A');
const OTHER = negotiation('B');
const ALICE = party('alice');
const BOB = party('bob');
const CAROL = party('carol');

const rec = (author: PartyId, seq: number, variant = 0): EnvelopeRecord => ({ author, seq, bytes: payload(author, seq, variant) });
const seqsOf = (records: readonly EnvelopeRecord[]): number[] => records.map((r) => r.seq);

export function storeContract(harness: StoreHarness): void {
  describe(`PlenaryStore contract: ${harness.name}`, () => {
    let location: StoreLocation;
    let store: PlenaryStore;

    beforeEach(async () => {
      location = await harness.create();
      store = await location.open();
    });
    afterEach(async () => {
      await location.dispose();
    });

    /** Closes the store and opens the same location again. */
    const reopen = async (): Promise<PlenaryStore> => {
      await store.close();
      store = await location.open();
      return store;
    };

    describe('envelopes', () => {
      it('returns one author’s envelopes in seq order, from a seq, up to a limit', async () => {
        await store.appendEnvelopes(NEG, [rec(ALICE, 3), rec(BOB, 1), rec(ALICE, 1)]);
        await store.appendEnvelopes(NEG, [rec(ALICE, 2), rec(ALICE, 5)]);
        const all = await store.envelopes(NEG, ALICE);
        expect(seqsOf(all)).toEqual([1, 2, 3, 5]);
        expect(all.every((r) => r.author === ALICE)).toBe(true);
        expect(all[1]!.bytes).toEqual(payload(ALICE, 2));
        expect(seqsOf(await store.envelopes(NEG, ALICE, 3))).toEqual([3, 5]);
        expect(seqsOf(await store.envelopes(NEG, ALICE, 2, 2))).toEqual([2, 3]);
        expect(seqsOf(await store.envelopes(NEG, ALICE, 6))).toEqual([]);
        expect(seqsOf(await store.envelopes(NEG, BOB))).toEqual([1]);
        expect(await store.envelopes(NEG, CAROL)).toEqual([]);
        expect(await store.envelopes(OTHER, ALICE)).toEqual([]);
        expect(await store.countEnvelopes(NEG)).toBe(5);
      });

      it('sorts sequence numbers numerically across byte boundaries, up to 2^53-1', async () => {
        const seqs = [1, 2, 9, 10, 255, 256, 257, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER];
        const shuffled = createRng(7).shuffle([...seqs]);
        for (const seq of shuffled) await store.appendEnvelopes(NEG, [rec(ALICE, seq)]);
        expect(seqsOf(await store.envelopes(NEG, ALICE))).toEqual(seqs);
        expect(seqsOf(await store.envelopes(NEG, ALICE, 256, 3))).toEqual([256, 257, 65_535]);
        expect((await store.envelopes(NEG, ALICE, Number.MAX_SAFE_INTEGER))[0]!.bytes).toEqual(payload(ALICE, Number.MAX_SAFE_INTEGER));
      });

      it('keeps negotiations and authors apart, even when ids share prefixes', async () => {
        await store.appendEnvelopes(NEG, [rec(ALICE, 1)]);
        await store.appendEnvelopes(OTHER, [rec(ALICE, 1, 9)]);
        expect((await store.envelopes(NEG, ALICE))[0]!.bytes).toEqual(payload(ALICE, 1));
        expect((await store.envelopes(OTHER, ALICE))[0]!.bytes).toEqual(payload(ALICE, 1, 9));
        expect(await store.countEnvelopes(NEG)).toBe(1);
        expect(await store.countEnvelopes(OTHER)).toBe(1);
      });

      it('is idempotent for identical bytes, within a call and across calls', async () => {
        await store.appendEnvelopes(NEG, [rec(ALICE, 1), rec(ALICE, 1), rec(ALICE, 2)]);
        await store.appendEnvelopes(NEG, [rec(ALICE, 1), rec(ALICE, 2)]);
        await store.appendEnvelopes(NEG, []);
        expect(seqsOf(await store.envelopes(NEG, ALICE))).toEqual([1, 2]);
        expect(await store.countEnvelopes(NEG)).toBe(2);
        expect(await store.frontier(NEG)).toEqual(new Map([[ALICE, 2]]));
      });

      it('rejects different bytes under a stored key as a conflict, writing nothing of that call', async () => {
        await store.appendEnvelopes(NEG, [rec(ALICE, 1), rec(BOB, 1)]);
        const error = await expectStoreError(store.appendEnvelopes(NEG, [rec(ALICE, 2), rec(ALICE, 1, 1), rec(BOB, 1, 1)]), 'conflict');
        expect(error.conflicts).toEqual([
          { author: ALICE, seq: 1 },
          { author: BOB, seq: 1 },
        ]);
        expect((await store.envelopes(NEG, ALICE))[0]!.bytes).toEqual(payload(ALICE, 1)); // never overwritten
        expect(seqsOf(await store.envelopes(NEG, ALICE))).toEqual([1]); // ALICE 2 not written: the call is atomic
        expect(await store.countEnvelopes(NEG)).toBe(2);
      });

      it('rejects two different versions of one key in the same call', async () => {
        const error = await expectStoreError(store.appendEnvelopes(NEG, [rec(CAROL, 4), rec(CAROL, 4, 1)]), 'conflict');
        expect(error.conflicts).toEqual([{ author: CAROL, seq: 4 }]);
        expect(await store.countEnvelopes(NEG)).toBe(0);
      });

      it('reports the frontier: highest seq stored contiguously from 1, per author', async () => {
        expect(await store.frontier(NEG)).toEqual(new Map());
        await store.appendEnvelopes(NEG, [rec(ALICE, 1), rec(ALICE, 2), rec(ALICE, 4), rec(BOB, 2), rec(BOB, 3)]);
        expect(await store.frontier(NEG)).toEqual(new Map([[ALICE, 2]])); // BOB lacks seq 1
        expect(await store.authors(NEG)).toEqual([ALICE, BOB].sort());
        await store.appendEnvelopes(NEG, [rec(ALICE, 3)]); // fills the gap: 4 joins
        await store.appendEnvelopes(NEG, [rec(BOB, 1)]);
        expect(await store.frontier(NEG)).toEqual(new Map([[ALICE, 4], [BOB, 3]]));
        await store.appendEnvelopes(NEG, [rec(ALICE, 6), rec(ALICE, 7)]);
        expect((await store.frontier(NEG)).get(ALICE)).toBe(4);
        await store.appendEnvelopes(NEG, [rec(ALICE, 5)]);
        expect((await store.frontier(NEG)).get(ALICE)).toBe(7);
        expect(await store.countEnvelopes(NEG)).toBe(10);
      });
    });

    describe('blocks', () => {
      it('starts with the genesis at height 0 and only ever extends the tip by one', async () => {
        expect(await store.tip(NEG)).toBeUndefined();
        await expectStoreError(store.appendBlock(NEG, 1, blockBytes(1)), 'out-of-order');
        await store.appendBlock(NEG, 0, blockBytes(0));
        expect(await store.tip(NEG)).toBe(0);
        await store.appendBlock(NEG, 1, blockBytes(1));
        await store.appendBlock(NEG, 2, blockBytes(2));
        await expectStoreError(store.appendBlock(NEG, 4, blockBytes(4)), 'out-of-order');
        expect(await store.tip(NEG)).toBe(2);
        expect(await store.tip(OTHER)).toBeUndefined();
      });

      it('accepts identical bytes at a taken height and rejects different ones as a conflict', async () => {
        for (let h = 0; h <= 2; h++) await store.appendBlock(NEG, h, blockBytes(h));
        await store.appendBlock(NEG, 1, blockBytes(1));
        await store.appendBlock(NEG, 0, blockBytes(0));
        const error = await expectStoreError(store.appendBlock(NEG, 1, blockBytes(1, 1)), 'conflict');
        expect(error.conflicts).toEqual([{ height: 1 }]);
        await expectStoreError(store.appendBlock(NEG, 0, blockBytes(0, 1)), 'conflict');
        expect((await store.blocks(NEG)).map((b) => b.bytes)).toEqual([0, 1, 2].map((h) => blockBytes(h)));
        expect(await store.tip(NEG)).toBe(2);
      });

      it('lists blocks in height order from a height, up to a limit, across byte boundaries', async () => {
        for (let h = 0; h <= 300; h++) await store.appendBlock(NEG, h, blockBytes(h));
        const all = await store.blocks(NEG);
        expect(all.map((b) => b.height)).toEqual(Array.from({ length: 301 }, (_, h) => h));
        expect(all[256]!.bytes).toEqual(blockBytes(256));
        expect((await store.blocks(NEG, 254, 4)).map((b) => b.height)).toEqual([254, 255, 256, 257]);
        expect(await store.blocks(NEG, 301)).toEqual([]);
        expect(await store.blocks(OTHER)).toEqual([]);
      });
    });

    describe('evidence, snapshot, metadata, negotiations', () => {
      it('keeps evidence once per distinct bytes, listed by hash', async () => {
        const a = utf8('two votes by one party at height 3');
        const b = utf8('two envelopes by one author at seq 9');
        expect(await store.addEvidence(NEG, a)).toBe(true);
        expect(await store.addEvidence(NEG, b)).toBe(true);
        expect(await store.addEvidence(NEG, a.slice())).toBe(false);
        const listed = await store.evidence(NEG);
        expect(listed).toHaveLength(2);
        expect(new Set(listed.map((e) => new TextDecoder().decode(e)))).toEqual(new Set(['two votes by one party at height 3', 'two envelopes by one author at seq 9']));
        expect(await store.evidence(OTHER)).toEqual([]);
      });

      it('replaces the snapshot on put', async () => {
        expect(await store.getSnapshot(NEG)).toBeUndefined();
        await store.putSnapshot(NEG, utf8('state 1'));
        await store.putSnapshot(NEG, utf8('state 2'));
        expect(await store.getSnapshot(NEG)).toEqual(utf8('state 2'));
        expect(await store.getSnapshot(OTHER)).toBeUndefined();
      });

      it('stores metadata by key', async () => {
        expect(await store.getMeta('epoch')).toBeUndefined();
        await store.putMeta('epoch', Uint8Array.of(1));
        await store.putMeta('epoch', Uint8Array.of(2));
        await store.putMeta('épreuve/ü', Uint8Array.of(3));
        expect(await store.getMeta('epoch')).toEqual(Uint8Array.of(2));
        expect(await store.getMeta('épreuve/ü')).toEqual(Uint8Array.of(3));
        expect(await store.getMeta('epoc')).toBeUndefined();
      });

      it('lists every negotiation it holds anything for', async () => {
        expect(await store.negotiations()).toEqual([]);
        await store.addEvidence(OTHER, utf8('x'));
        await store.appendBlock(NEG, 0, blockBytes(0));
        await store.putMeta('not a negotiation', utf8('y'));
        expect(await store.negotiations()).toEqual([NEG, OTHER].sort());
      });

      it('keeps its own copies of bytes: neither the caller’s later changes nor changes to returned bytes reach it', async () => {
        const bytes = payload(ALICE, 1);
        const block = blockBytes(0);
        const snapshot = utf8('snap');
        await store.appendEnvelopes(NEG, [{ author: ALICE, seq: 1, bytes }]);
        await store.appendBlock(NEG, 0, block);
        await store.putSnapshot(NEG, snapshot);
        bytes.fill(0);
        block.fill(0);
        snapshot.fill(0);
        (await store.envelopes(NEG, ALICE))[0]!.bytes.fill(1);
        (await store.blocks(NEG))[0]!.bytes.fill(1);
        (await store.getSnapshot(NEG))!.fill(1);
        expect((await store.envelopes(NEG, ALICE))[0]!.bytes).toEqual(payload(ALICE, 1));
        expect((await store.blocks(NEG))[0]!.bytes).toEqual(blockBytes(0));
        expect(await store.getSnapshot(NEG)).toEqual(utf8('snap'));
      });

      it('stores large records intact', async () => {
        const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
        await store.appendEnvelopes(NEG, [{ author: ALICE, seq: 1, bytes: big }]);
        await store.appendBlock(NEG, 0, big);
        expect(equalBytes((await store.envelopes(NEG, ALICE))[0]!.bytes, big)).toBe(true);
        expect(equalBytes((await store.blocks(NEG))[0]!.bytes, big)).toBe(true);
      });
    });

    describe('reopening', () => {
      it('has everything after close and open of the same location, and continues from there', async () => {
        await store.appendEnvelopes(NEG, [rec(ALICE, 1), rec(ALICE, 2), rec(ALICE, 4), rec(BOB, 1)]);
        await store.appendEnvelopes(OTHER, [rec(CAROL, 1)]);
        for (let h = 0; h <= 3; h++) await store.appendBlock(NEG, h, blockBytes(h));
        await store.addEvidence(NEG, utf8('evidence'));
        await store.putSnapshot(NEG, utf8('snapshot'));
        await store.putMeta('epoch', Uint8Array.of(7));

        await reopen();
        expect(await store.negotiations()).toEqual([NEG, OTHER].sort());
        expect(seqsOf(await store.envelopes(NEG, ALICE))).toEqual([1, 2, 4]);
        expect((await store.envelopes(NEG, ALICE))[2]!.bytes).toEqual(payload(ALICE, 4));
        expect(await store.frontier(NEG)).toEqual(new Map([[ALICE, 2], [BOB, 1]]));
        expect(await store.countEnvelopes(NEG)).toBe(4);
        expect(await store.countEnvelopes(OTHER)).toBe(1);
        expect(await store.tip(NEG)).toBe(3);
        expect((await store.blocks(NEG)).map((b) => b.bytes)).toEqual([0, 1, 2, 3].map((h) => blockBytes(h)));
        expect(await store.evidence(NEG)).toEqual([utf8('evidence')]);
        expect(await store.getSnapshot(NEG)).toEqual(utf8('snapshot'));
        expect(await store.getMeta('epoch')).toEqual(Uint8Array.of(7));

        // The rules carry over: the tip, idempotence and conflicts are those of the stored data.
        await expectStoreError(store.appendBlock(NEG, 5, blockBytes(5)), 'out-of-order');
        await expectStoreError(store.appendBlock(NEG, 3, blockBytes(3, 1)), 'conflict');
        await store.appendBlock(NEG, 4, blockBytes(4));
        await expectStoreError(store.appendEnvelopes(NEG, [rec(ALICE, 2, 1)]), 'conflict');
        await store.appendEnvelopes(NEG, [rec(ALICE, 3), rec(ALICE, 1)]);
        expect((await store.frontier(NEG)).get(ALICE)).toBe(4);
        expect(await store.addEvidence(NEG, utf8('evidence'))).toBe(false);

        await reopen();
        expect(await store.tip(NEG)).toBe(4);
        expect(await store.countEnvelopes(NEG)).toBe(5);
      });

      it('is exclusive: a second open of the same location fails as locked until the first closes', async () => {
        await expectStoreError(location.open(), 'locked');
        await store.appendEnvelopes(NEG, [rec(ALICE, 1)]);
        await reopen();
        expect(await store.countEnvelopes(NEG)).toBe(1);
      });
    });

    describe('concurrency', () => {
      it('stores every one of many concurrent appends', async () => {
        const rng = createRng(2024);
        const authors = [ALICE, BOB, CAROL, party('dan')];
        const records = authors.flatMap((author) => Array.from({ length: 60 }, (_, i) => rec(author, i + 1)));
        rng.shuffle(records);
        await Promise.all(records.map((r) => store.appendEnvelopes(NEG, [r])));
        expect(await store.countEnvelopes(NEG)).toBe(240);
        expect(await store.frontier(NEG)).toEqual(new Map(authors.map((a) => [a, 60])));
        for (const author of authors) expect(seqsOf(await store.envelopes(NEG, author))).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      });

      it('applies concurrent calls in the order they were made', async () => {
        // Blocks issued without waiting: each sees the ones before it.
        await Promise.all(Array.from({ length: 40 }, (_, h) => store.appendBlock(NEG, h, blockBytes(h))));
        expect(await store.tip(NEG)).toBe(39);
        // A block made before its predecessor is out of order, whatever happens after.
        const early = store.appendBlock(OTHER, 1, blockBytes(1));
        const genesis = store.appendBlock(OTHER, 0, blockBytes(0));
        await expectStoreError(early, 'out-of-order');
        await genesis;
        // Of two different envelopes for one key, the first call wins and the second is a conflict.
        const first = store.appendEnvelopes(NEG, [rec(ALICE, 1, 1)]);
        const second = store.appendEnvelopes(NEG, [rec(ALICE, 1, 2), rec(BOB, 1)]);
        const same = store.appendEnvelopes(NEG, [rec(ALICE, 1, 1)]);
        const unrelated = store.appendEnvelopes(NEG, [rec(CAROL, 1)]);
        await first;
        await expectStoreError(second, 'conflict');
        await same;
        await unrelated;
        expect((await store.envelopes(NEG, ALICE))[0]!.bytes).toEqual(payload(ALICE, 1, 1));
        expect(await store.envelopes(NEG, BOB)).toEqual([]); // the failed call wrote nothing
        expect(await store.countEnvelopes(NEG)).toBe(2);
      });

      it('lets close wait for appends already made', async () => {
        const pending = [store.appendEnvelopes(NEG, [rec(ALICE, 1)]), store.appendBlock(NEG, 0, blockBytes(0)), store.putMeta('k', Uint8Array.of(1))];
        await store.close();
        await Promise.all(pending);
        store = await location.open();
        expect(await store.countEnvelopes(NEG)).toBe(1);
        expect(await store.tip(NEG)).toBe(0);
        expect(await store.getMeta('k')).toEqual(Uint8Array.of(1));
      });
    });

    describe('bad arguments and misuse', () => {
      const bad: Array<[string, (s: PlenaryStore) => Promise<unknown>]> = [
        ['negotiation id not hex', (s) => s.appendEnvelopes('xyz' as never, [rec(ALICE, 1)])],
        ['negotiation id uppercase', (s) => s.countEnvelopes(NEG.toUpperCase() as never)],
        ['negotiation id of a party length', (s) => s.tip(ALICE as never)],
        ['author not a party id', (s) => s.appendEnvelopes(NEG, [{ author: 'bob' as PartyId, seq: 1, bytes: Uint8Array.of(1) }])],
        ['seq 0', (s) => s.appendEnvelopes(NEG, [rec(ALICE, 0)])],
        ['seq negative', (s) => s.appendEnvelopes(NEG, [rec(ALICE, -1)])],
        ['seq fractional', (s) => s.appendEnvelopes(NEG, [rec(ALICE, 1.5)])],
        ['seq NaN', (s) => s.appendEnvelopes(NEG, [rec(ALICE, Number.NaN)])],
        ['seq above 2^53-1', (s) => s.appendEnvelopes(NEG, [rec(ALICE, 2 ** 53)])],
        ['seq as a string', (s) => s.appendEnvelopes(NEG, [{ author: ALICE, seq: '1' as never, bytes: Uint8Array.of(1) }])],
        ['empty bytes', (s) => s.appendEnvelopes(NEG, [{ author: ALICE, seq: 1, bytes: new Uint8Array(0) }])],
        ['bytes not a Uint8Array', (s) => s.appendEnvelopes(NEG, [{ author: ALICE, seq: 1, bytes: [1, 2] as never }])],
        ['records not an array', (s) => s.appendEnvelopes(NEG, rec(ALICE, 1) as never)],
        ['record null', (s) => s.appendEnvelopes(NEG, [null as never])],
        ['fromSeq 0', (s) => s.envelopes(NEG, ALICE, 0)],
        ['limit 0', (s) => s.envelopes(NEG, ALICE, 1, 0)],
        ['reading an author that is not a party id', (s) => s.envelopes(NEG, 'alice' as PartyId)],
        ['height negative', (s) => s.appendBlock(NEG, -1, blockBytes(0))],
        ['height fractional', (s) => s.appendBlock(NEG, 0.5, blockBytes(0))],
        ['block bytes empty', (s) => s.appendBlock(NEG, 0, new Uint8Array(0))],
        ['blocks from a negative height', (s) => s.blocks(NEG, -1)],
        ['blocks limit fractional', (s) => s.blocks(NEG, 0, 1.5)],
        ['evidence not bytes', (s) => s.addEvidence(NEG, 'proof' as never)],
        ['snapshot empty', (s) => s.putSnapshot(NEG, new Uint8Array(0))],
        ['meta key empty', (s) => s.putMeta('', Uint8Array.of(1))],
        ['meta key too long', (s) => s.getMeta('k'.repeat(257))],
        ['meta key not a string', (s) => s.getMeta(42 as never)],
        ['meta value missing', (s) => s.putMeta('k', undefined as never)],
      ];
      for (const [what, call] of bad) {
        it(`rejects ${what} as invalid-argument, storing nothing`, async () => {
          await expectStoreError(call(store), 'invalid-argument');
          expect(await store.negotiations()).toEqual([]);
        });
      }

      it('rejects every call after close as closed, and closing twice is harmless', async () => {
        await store.close();
        await store.close();
        const calls: Array<() => Promise<unknown>> = [
          () => store.appendEnvelopes(NEG, [rec(ALICE, 1)]),
          () => store.envelopes(NEG, ALICE),
          () => store.frontier(NEG),
          () => store.authors(NEG),
          () => store.countEnvelopes(NEG),
          () => store.appendBlock(NEG, 0, blockBytes(0)),
          () => store.blocks(NEG),
          () => store.tip(NEG),
          () => store.addEvidence(NEG, utf8('e')),
          () => store.evidence(NEG),
          () => store.putSnapshot(NEG, utf8('s')),
          () => store.getSnapshot(NEG),
          () => store.putMeta('k', utf8('v')),
          () => store.getMeta('k'),
          () => store.negotiations(),
        ];
        for (const call of calls) await expectStoreError(call(), 'closed');
        store = await location.open(); // the location itself is fine
        expect(await store.negotiations()).toEqual([]);
      });
    });

    storeModelTests(() => ({
      store: () => store,
      reopen: async () => void (await reopen()),
    }));
  });
}

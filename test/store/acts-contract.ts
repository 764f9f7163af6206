/**
 * The acts keyspace of the store contract (core/acts: signatures, ratifications, reservations),
 * run on every PlenaryStore implementation (acts.test.ts): acts under (party, seq, hash), listed by
 * party and seq, forks (two acts under one seq) kept both and listed, never an overwrite.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { taggedHash } from '../../src/core/hash.js';
import type { PartyId } from '../../src/core/identity.js';
import type { ActRecord, PlenaryStore } from '../../src/store/contract.js';
import { createRng } from '../support/rng.js';
import type { StoreHarness, StoreLocation } from './contract.js';
import { expectStoreError, negotiation, party } from './fixtures.js';

const NEG = negotiation('acts A');
const OTHER = negotiation('acts B');
const ALICE = party('alice');
const BOB = party('bob');

/** A recognisable act record; `variant` makes another act under the same (party, seq): a fork. */
function act(who: PartyId, seq: number, variant = 0): ActRecord {
  const bytes = utf8(`act ${who} #${seq} v${variant}`);
  return { party: who, seq, hash: taggedHash('test/act', bytes), bytes };
}

const keysOf = (records: readonly ActRecord[]): string[] => records.map((r) => `${r.party === ALICE ? 'A' : 'B'}${r.seq}`);

export function actStoreContract(harness: StoreHarness): void {
  describe(`PlenaryStore contract, acts: ${harness.name}`, () => {
    let location: StoreLocation;
    let store: PlenaryStore;

    beforeEach(async () => {
      location = await harness.create();
      store = await location.open();
    });
    afterEach(async () => {
      await location.dispose();
    });

    it('lists acts by party then seq, one party from a seq, up to a limit; says how many were new', async () => {
      expect(await store.appendActs(NEG, [act(BOB, 0), act(ALICE, 2), act(ALICE, 0)])).toBe(3);
      expect(await store.appendActs(NEG, [act(ALICE, 1), act(ALICE, 0)])).toBe(1);
      const all = await store.acts(NEG);
      const aliceFirst = ALICE < BOB;
      expect(keysOf(all)).toEqual(aliceFirst ? ['A0', 'A1', 'A2', 'B0'] : ['B0', 'A0', 'A1', 'A2']);
      expect(all.find((r) => r.party === ALICE && r.seq === 1)).toEqual(act(ALICE, 1));
      expect(keysOf(await store.acts(NEG, ALICE))).toEqual(['A0', 'A1', 'A2']);
      expect(keysOf(await store.acts(NEG, ALICE, 1))).toEqual(['A1', 'A2']);
      expect(keysOf(await store.acts(NEG, ALICE, 0, 2))).toEqual(['A0', 'A1']);
      expect(keysOf(await store.acts(NEG, ALICE, 3))).toEqual([]);
      expect(await store.acts(OTHER)).toEqual([]);
      expect(await store.negotiations()).toEqual([NEG]);
    });

    it('sorts seqs numerically across byte boundaries, from 0 to 2^32-1, and skips gaps', async () => {
      const seqs = [0, 1, 9, 10, 255, 256, 65_535, 65_536, 2 ** 32 - 1];
      for (const seq of createRng(11).shuffle([...seqs])) await store.appendActs(NEG, [act(ALICE, seq)]);
      expect((await store.acts(NEG, ALICE)).map((r) => r.seq)).toEqual(seqs);
      expect((await store.acts(NEG, ALICE, 11, 3)).map((r) => r.seq)).toEqual([255, 256, 65_535]);
    });

    it('keeps negotiations apart', async () => {
      await store.appendActs(NEG, [act(ALICE, 0)]);
      await store.appendActs(OTHER, [act(ALICE, 0, 5)]);
      expect(await store.acts(NEG)).toEqual([act(ALICE, 0)]);
      expect(await store.acts(OTHER)).toEqual([act(ALICE, 0, 5)]);
    });

    it('keeps two acts under one seq, both, and lists them as a fork', async () => {
      await store.appendActs(NEG, [act(ALICE, 0), act(ALICE, 1), act(BOB, 0)]);
      expect(await store.actForks(NEG)).toEqual([]);
      expect(await store.appendActs(NEG, [act(ALICE, 1, 1)])).toBe(1);
      const forks = await store.actForks(NEG);
      expect(forks).toHaveLength(1);
      expect(forks[0]).toMatchObject({ party: ALICE, seq: 1 });
      expect(new Set(forks[0]!.records.map((r) => r.bytes.toString()))).toEqual(new Set([act(ALICE, 1).bytes.toString(), act(ALICE, 1, 1).bytes.toString()]));
      // In key order: by hash within the seq.
      const hashes = forks[0]!.records.map((r) => Buffer.from(r.hash).toString('hex'));
      expect(hashes).toEqual([...hashes].sort());
      expect((await store.acts(NEG, ALICE)).map((r) => r.seq)).toEqual([0, 1, 1]);
    });

    it('rejects other bytes under a stored act key as a conflict, writing nothing of that call', async () => {
      await store.appendActs(NEG, [act(ALICE, 0)]);
      const resigned = { ...act(ALICE, 0), bytes: utf8('the same act, other signature bytes') };
      const error = await expectStoreError(store.appendActs(NEG, [act(BOB, 0), resigned]), 'conflict');
      expect(error.conflicts).toEqual([{ party: ALICE, seq: 0, act: Buffer.from(act(ALICE, 0).hash).toString('hex') }]);
      expect(await store.acts(NEG)).toEqual([act(ALICE, 0)]); // BOB's act not written: the call is atomic
      await expectStoreError(store.appendActs(NEG, [act(BOB, 3), { ...act(BOB, 3), bytes: utf8('other') }]), 'conflict');
      expect(await store.acts(NEG, BOB)).toEqual([]);
    });

    it('refuses malformed records and arguments as invalid-argument', async () => {
      const bad: unknown[] = [
        { ...act(ALICE, 0), seq: -1 },
        { ...act(ALICE, 0), seq: 2 ** 32 },
        { ...act(ALICE, 0), seq: 1.5 },
        { ...act(ALICE, 0), hash: new Uint8Array(31) },
        { ...act(ALICE, 0), party: 'alice' },
        { ...act(ALICE, 0), bytes: new Uint8Array(0) },
        null,
      ];
      for (const record of bad) await expectStoreError(store.appendActs(NEG, [record as ActRecord]), 'invalid-argument');
      await expectStoreError(store.appendActs(NEG, 'acts' as never), 'invalid-argument');
      await expectStoreError(store.acts(NEG, ALICE, -1), 'invalid-argument');
      await expectStoreError(store.acts(NEG, 'bob' as PartyId), 'invalid-argument');
      await expectStoreError(store.acts(NEG, ALICE, 0, 0), 'invalid-argument');
      await expectStoreError(store.acts('nope' as never), 'invalid-argument');
      expect(await store.acts(NEG)).toEqual([]);
    });

    it('keeps acts, forks included, across a reopen; returns copies the caller may change', async () => {
      await store.appendActs(NEG, [act(ALICE, 0), act(ALICE, 0, 1), act(BOB, 0)]);
      const listed = await store.acts(NEG);
      listed[0]!.bytes[0] = 0;
      listed[0]!.hash[0] = 0;
      await store.close();
      store = await location.open();
      expect(await store.negotiations()).toEqual([NEG]);
      expect(await store.acts(NEG)).toHaveLength(3);
      expect(await store.acts(NEG, BOB)).toEqual([act(BOB, 0)]);
      expect((await store.actForks(NEG)).map((f) => [f.party, f.seq, f.records.length])).toEqual([[ALICE, 0, 2]]);
      expect(await store.appendActs(NEG, [act(ALICE, 0)])).toBe(0);
    });

    it('rejects calls once closed', async () => {
      await store.close();
      await expectStoreError(store.appendActs(NEG, [act(ALICE, 0)]), 'closed');
      await expectStoreError(store.acts(NEG), 'closed');
      await expectStoreError(store.actForks(NEG), 'closed');
    });
  });
}

/**
 * Untrusted bytes into the draft: the envelope decoder, and a replica fed envelopes whose update
 * bytes were mutated and then properly signed by a party (so they pass the signature check and
 * reach the update analysis). FUZZ_RUNS scales the counts.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError, equalBytes } from '../../src/core/bytes.js';
import { decodeEnvelope, encodeEnvelope, sealEnvelope, type Envelope } from '../../src/core/draft/envelope.js';
import { analyzeUpdate } from '../../src/core/draft/update-analysis.js';
import { addAlternative, bracketSpan } from '../../src/core/draft/brackets.js';
import { addArticle, addParagraph, createTreaty, deleteText, insertText, setParagraphStatus } from '../../src/core/draft/treaty-ops.js';
import { addComment } from '../../src/core/draft/comments.js';
import type { DraftReplica } from '../../src/core/draft/replica.js';
import { FUZZ_RUNS, fuzzDecoder, mutate } from '../support/fuzz.js';
import { createRng, type Rng } from '../support/rng.js';
import { Delegation, TestRoster, deliver, fingerprint, newReplica, signerFor } from './draft-fixtures.js';

const alice = signerFor(1);
const bob = signerFor(2);
const garbler = signerFor(3); // a party whose envelopes we mutate
const roster = new TestRoster([alice, bob, garbler]);

/**
 * Realistic envelopes: three delegations drafting together. The garbler sees the others' work,
 * they never see its own, so their envelopes do not depend on what we are about to garble.
 */
function draftTogether(seed: number): { byAuthor: Map<string, Envelope[]>; delegations: Delegation[] } {
  const rng = createRng(seed);
  const delegations = [alice, bob, garbler].map((s, i) => new Delegation(s, roster, 40 + i));
  const [a, b, g] = delegations as [Delegation, Delegation, Delegation];
  const sync = () => {
    for (const from of [a, b]) for (const to of delegations) if (from !== to) for (const e of from.sealed) deliver(to.replica, e);
  };
  createTreaty(a.doc, 'Fuzzed Accord');
  addArticle(a.doc, { id: 'art', heading: 'Scope' });
  addParagraph(a.doc, { id: 'p', in: { articleId: 'art' }, text: 'The Parties shall meet.' });
  sync();
  for (let round = 0; round < 12; round++) {
    for (const d of [b, g, a]) {
      insertText(d.doc, { kind: 'paragraph', paragraphId: 'p' }, rng.int(5), rng.pick(['x', 'yy', 'é', '🕊']));
      if (rng.chance(0.3)) deleteText(d.doc, { kind: 'paragraph', paragraphId: 'p' }, rng.int(4), 1);
      if (rng.chance(0.2)) addParagraph(d.doc, { id: `q${seed}-${round}-${d.signer.party.slice(0, 4)}`, in: 'preamble', text: 'Noting' });
      if (rng.chance(0.2)) setParagraphStatus(d.doc, 'p', rng.pick(['agreed', 'pending'] as const));
      if (rng.chance(0.2)) bracketSpan(d.doc, 'p', 0, 2, `b${seed}-${round}-${d.signer.party.slice(0, 4)}`, d.signer.party);
      if (rng.chance(0.2)) {
        const brackets = [...d.doc.getMap('brackets').keys()];
        if (brackets.length > 0) addAlternative(d.doc, rng.pick(brackets), 'or', d.signer.party, `alt${round}`);
      }
      if (rng.chance(0.1)) addComment(d.doc, { id: `c${round}`, author: d.signer.party, body: 'hm', paragraphId: 'p', index: 1, length: 2, createdAt: 9 });
    }
    if (rng.chance(0.6)) sync();
  }
  const byAuthor = new Map<string, Envelope[]>();
  for (const d of delegations) byAuthor.set(d.signer.party, d.sealed.slice());
  return { byAuthor, delegations };
}

describe('envelope decoder', () => {
  it('returns an envelope or a DecodeError on any input; what decodes re-encodes to itself', () => {
    const { byAuthor } = draftTogether(1);
    const samples = [...byAuthor.values()].flat().map((e) => encodeEnvelope(e));
    const { decoded, rejected } = fuzzDecoder(samples, decodeEnvelope, {
      seed: 1234,
      check: (env, input) => expect(equalBytes(encodeEnvelope(env), input)).toBe(true),
    });
    expect(decoded + rejected).toBe(FUZZ_RUNS);
    expect(rejected).toBeGreaterThan(0);
  });

  it('the update analysis never throws on mutated updates', () => {
    const { byAuthor } = draftTogether(2);
    const rng = createRng(77);
    const envelopes = [...byAuthor.values()].flat();
    for (let i = 0; i < FUZZ_RUNS; i++) {
      const env = rng.pick(envelopes);
      const result = analyzeUpdate(mutate(env.update, rng), env.clientId);
      if (!result.ok) expect(['invalid-update', 'foreign-client']).toContain(result.error.reason);
    }
    expect(() => decodeEnvelope(new Uint8Array(0))).toThrow(DecodeError);
  });
});

/**
 * Delivers everything in the given order; acceptEnvelope must never throw nor leave Yjs pending.
 * Returns whether any of the garbler's envelopes took effect.
 */
function feed(replica: DraftReplica, envelopes: Envelope[], context: string): boolean {
  let garblerEffect = false;
  for (const env of envelopes) {
    let outcome;
    try {
      outcome = deliver(replica, encodeEnvelope(env), context);
    } catch (e) {
      expect.fail(`${context}: acceptEnvelope threw ${String(e)}`);
    }
    if (outcome.kind === 'rejected' && env.author !== garbler.party) {
      expect(outcome.reason, `${context}: honest envelope refused: ${outcome.detail}`).toBe('conflicting-seq');
    }
    if (outcome.kind === 'applied' || outcome.kind === 'rejected') {
      for (const s of outcome.settled) {
        if (s.envelope.author !== garbler.party) continue;
        if (s.result === 'applied' || / items stay/.test(s.detail)) garblerEffect = true;
      }
    }
  }
  return garblerEffect;
}

function interleave(rng: Rng, streams: Envelope[][]): Envelope[] {
  const queues = streams.map((s) => s.slice());
  const out: Envelope[] = [];
  while (queues.some((q) => q.length > 0)) {
    const q = rng.pick(queues.filter((x) => x.length > 0));
    out.push(q.shift()!);
  }
  return out;
}

describe('a replica fed mutated, validly signed envelopes', () => {
  const SCENARIOS = Math.max(4, Math.round(FUZZ_RUNS / 150));
  it(`never throws, never leaves Yjs pending, decides alike in any order (${SCENARIOS} scenarios)`, () => {
    let spent = 0;
    let cleanComparisons = 0;
    for (let seed = 1; seed <= SCENARIOS; seed++) {
      const rng = createRng(seed * 7919);
      const context = `seed ${seed}`;
      const { byAuthor } = draftTogether(seed);
      const honest = [byAuthor.get(alice.party)!, byAuthor.get(bob.party)!];
      // The garbler's own envelopes, most with mutated updates, re-signed by the garbler.
      const mutated = byAuthor.get(garbler.party)!.map((env) =>
        rng.chance(0.7) ? sealEnvelope(garbler, { ...env, update: mutate(env.update, rng) }) : env,
      );
      const replicas = [0, 1, 2].map(() => newReplica(roster));
      const garblerEffect = feed(replicas[0]!, interleave(rng, [...honest, mutated]), `${context} in order`);
      feed(replicas[1]!, rng.shuffle([...honest.flat(), ...mutated, ...mutated.filter(() => rng.chance(0.3))]), `${context} shuffled`);
      feed(replicas[2]!, [...mutated].reverse().concat(rng.shuffle(honest.flat())), `${context} garbage first`);
      // Only the garbler's envelopes may wait forever (on items its garbled references name).
      for (const r of replicas) {
        for (const m of r.missing()) expect(m.author, `${context}: ${JSON.stringify(m)}`).toBe(garbler.party);
        expect(r.frontier().get(alice.party), context).toBe(honest[0]!.length);
        expect(r.frontier().get(bob.party), context).toBe(honest[1]!.length);
      }
      const first = fingerprint(replicas[0]!);
      for (const r of replicas.slice(1)) expect(fingerprint(r), context).toEqual(first);
      // Where every garbled envelope was refused, the result is the honest envelopes' alone.
      if (!garblerEffect) {
        cleanComparisons++;
        const clean = newReplica(roster);
        feed(clean, honest.flat(), `${context} clean`);
        const c = fingerprint(clean);
        expect(first.canonical, context).toBe(c.canonical);
        expect(first.stateVector, context).toBe(c.stateVector);
        expect(first.attribution, context).toBe(c.attribution);
      }
      spent += replicas[0]!.frontier().get(garbler.party) ?? 0;
    }
    expect(spent).toBeGreaterThan(0);
    expect(cleanComparisons).toBeGreaterThan(0);
  });
});

/**
 * Liveness when a round is split between proposals: votes for other headers decline a round as
 * NIL votes do, so a height where nobody can pass moves on to the next round without anyone
 * equivocating. Each replica gets the same events in its own seeded order.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import type { BlockBody } from '../../src/core/ledger/body.js';
import { decodeBlock, encodeBlock, type Block } from '../../src/core/ledger/block.js';
import { verifyChain } from '../../src/core/ledger/chain.js';
import { headerHashOf, type Header } from '../../src/core/ledger/header.js';
import type { Ledger } from '../../src/core/ledger/ledger.js';
import { NIL, describeTarget, type Vote } from '../../src/core/ledger/vote.js';
import { VotingRecord } from '../../src/core/ledger/voting-record.js';
import { allRules, headerFor, negotiation, openLedger, qualified, scheme, textBody, type Delegation, type Negotiation } from '../support/ledger-fixtures.js';
import { createRng, type Rng } from '../support/rng.js';

type Event = { kind: 'proposal'; header: Header; body: BlockBody } | { kind: 'vote'; vote: Vote };

/** Honest votes: each party signs through its voting record, which refuses a second target. */
function voter(n: Negotiation): (who: Delegation, round: number, target: Uint8Array) => Event {
  const records = new Map(n.parties.map((p) => [p.spec.id, new VotingRecord(p.signer)]));
  const neg = openLedger(n).negotiation;
  return (who, round, target) => {
    const signed = records.get(who.spec.id)!.sign(neg, 1, round, target);
    if (!signed.ok) throw new Error(signed.error);
    return { kind: 'vote', vote: signed.value };
  };
}

/** Delivers events in a seeded order; a proposal for a round not open yet is retried later. */
function deliver(ledger: Ledger, events: readonly Event[], rng: Rng, where: string): Block | undefined {
  let finalized: Block | undefined;
  let waiting = rng.shuffle([...events]);
  while (waiting.length > 0) {
    const later: Event[] = [];
    for (const e of waiting) {
      if (e.kind === 'vote') {
        const out = ledger.receiveVote(e.vote);
        if (out.status !== 'accepted') expect.fail(`${where}: vote ${out.status}: ${out.reason}`);
        finalized = out.finalized ?? finalized;
      } else {
        const out = ledger.propose(e.header, e.body);
        if (!out.ok && out.error.code === 'not-yet') later.push(e);
        else if (!out.ok) expect.fail(`${where}: proposal refused: ${out.error.reason}`);
        else finalized = out.value.finalized ?? finalized;
      }
    }
    if (later.length === waiting.length) expect.fail(`${where}: proposals never became acceptable`);
    waiting = later;
  }
  return finalized;
}

const proposal = (ledger: Ledger, text: string, round: number, by: Delegation): Event & { kind: 'proposal' } => {
  const body = textBody(text);
  return { kind: 'proposal', header: headerFor(ledger, body, round, by), body };
};

describe('a round split between proposals ends', () => {
  it('consensus of 4 split 2 + 2 between X and Y moves to round 1, and a round-1 proposal is final everywhere (seeds 1..6)', () => {
    const n = negotiation({ n: 4, first: 500 });
    const [a, b, c, d] = n.parties as [Delegation, Delegation, Delegation, Delegation];
    const vote = voter(n);
    const replicas = [1, 2, 3, 4, 5, 6].map((seed) => ({ seed, ledger: openLedger(n) }));
    const base = replicas[0]!.ledger;
    const x = proposal(base, 'Article 1. X', 0, a);
    const y = proposal(base, 'Article 1. Y', 0, c);
    const [hx, hy] = [headerHashOf(x.header), headerHashOf(y.header)];
    const round0 = [x, y, vote(a, 0, hx), vote(b, 0, hx), vote(c, 0, hy), vote(d, 0, hy)];
    for (const { seed, ledger } of replicas) {
      expect(deliver(ledger, round0, createRng(seed), `seed ${seed} round 0`)).toBeUndefined();
      // Nobody can pass in round 0 (each side lacks the other's two), and nobody declined it.
      expect(ledger.openRound(), `seed ${seed}`).toBe(1);
      expect(ledger.tally(hx)).toMatchObject({ passes: false, roundOpen: true });
    }
    const z = proposal(base, 'Article 1. Z, the compromise', 1, b);
    const hz = headerHashOf(z.header);
    const round1 = [z, ...[a, b, c, d].map((p) => vote(p, 1, hz))];
    const finals = replicas.map(({ seed, ledger }) => {
      const block = deliver(ledger, round1, createRng(100 + seed), `seed ${seed} round 1`);
      expect(block?.header.round, `seed ${seed}`).toBe(1);
      return block!;
    });
    expect(new Set(replicas.map((r) => toHex(r.ledger.tip.hash)))).toEqual(new Set([toHex(hz)]));
    // The block carries the split itself as its round-0 certificate.
    const block = finals[0]!;
    const sorted = [a, b, c, d].map((p) => p.spec.id).sort();
    expect(block.roundChanges.map((v) => [v.round, v.party, describeTarget(v.target)])).toEqual(
      sorted.map((p) => [0, p, describeTarget([a.spec.id, b.spec.id].includes(p) ? hx : hy)]),
    );
    expect(decodeBlock(encodeBlock(block))).toEqual(block);
    // A replica that saw nothing accepts it from the chain alone, as does a dossier verifier.
    expect(openLedger(n).receiveBlock(block)).toMatchObject({ ok: true, value: { appended: true } });
    for (const r of replicas) expect(verifyChain(n.genesis, r.ledger.blocks(), scheme).ok).toBe(true);
  });

  it('a 3-way split under 2/3 of 6 moves on only once the last vote rules out every header (seeds 7..10)', () => {
    const n = negotiation({ n: 6, rules: allRules(qualified(2, 3)), first: 510 });
    const p = n.parties as readonly Delegation[];
    const vote = voter(n);
    for (const seed of [7, 8, 9, 10]) {
      const ledger = openLedger(n);
      const props = [0, 1, 2].map((i) => proposal(ledger, `Article 2, option ${i}`, 0, p[i]!));
      const [hx, hy, hz] = props.map((e) => headerHashOf(e.header)) as [Uint8Array, Uint8Array, Uint8Array];
      // f = 1; 4 of 6 pass. X 2, Y 2, Z 1, one absent: X's voters, the absentee and one more are 4.
      const first = [...props, vote(p[0]!, 0, hx), vote(p[1]!, 0, hx), vote(p[2]!, 0, hy), vote(p[3]!, 0, hy), vote(p[4]!, 0, hz)];
      expect(deliver(ledger, first, createRng(seed), `seed ${seed}`)).toBeUndefined();
      expect(ledger.openRound(), `seed ${seed}`).toBe(0);
      expect(deliver(ledger, [vote(p[5]!, 0, hz)], createRng(seed), `seed ${seed}`)).toBeUndefined();
      expect(ledger.openRound(), `seed ${seed}`).toBe(1);
      const w = proposal(ledger, 'Article 2, merged', 1, p[5]!);
      const block = deliver(ledger, [w, ...p.slice(0, 4).map((q) => vote(q, 1, headerHashOf(w.header)))], createRng(seed + 50), `seed ${seed}`);
      expect(block?.header.round, `seed ${seed}`).toBe(1);
      expect(block!.roundChanges).toHaveLength(6);
      expect(verifyChain(n.genesis, ledger.blocks(), scheme).ok).toBe(true);
    }
  });

  it('a split where one side can still pass is not declined', () => {
    const n = negotiation({ n: 4, rules: allRules(qualified(3, 4)), first: 520 });
    const [a, b, c, d] = n.parties as [Delegation, Delegation, Delegation, Delegation];
    const vote = voter(n);
    const ledger = openLedger(n);
    const x = proposal(ledger, 'X', 0, a);
    const y = proposal(ledger, 'Y', 0, c);
    const [hx, hy] = [headerHashOf(x.header), headerHashOf(y.header)];
    deliver(ledger, [x, y, vote(a, 0, hx), vote(b, 0, hx), vote(c, 0, hy)], createRng(11), 'seed 11');
    // d may still vote X (a, b, d pass); with f = 1 even c's vote for Y does not rule X out.
    expect(ledger.openRound()).toBe(0);
    deliver(ledger, [vote(d, 0, NIL)], createRng(11), 'seed 11');
    // Still not: a, b and one equivocator among c, d would be 3 of 4, and f = 1 tolerates one.
    expect(ledger.openRound()).toBe(0);
  });
});

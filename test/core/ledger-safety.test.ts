/**
 * Safety of the ledger under equivocation, by simulation: several replicas (separate Ledger
 * instances) are fed the same proposals and votes, each in its own random order with duplicates.
 * Honest parties sign at most one vote per (height, round) (their VotingRecord refuses more) and
 * decline only rounds they have not voted in; in some rounds they split between up to three
 * proposals, which declines the round without a NIL vote when nobody can pass. One equivocating
 * party signs anything.
 *
 * LEDGER_RUNS scales the number of scenarios; LEDGER_SEED replays a fast-check run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import type { PartyId } from '../../src/core/identity.js';
import { equivocationTolerance, membershipOf, type CharterRules, type DecisionRule } from '../../src/core/rules.js';
import type { BlockBody } from '../../src/core/ledger/body.js';
import type { Block } from '../../src/core/ledger/block.js';
import { verifyChain } from '../../src/core/ledger/chain.js';
import { evidenceKey, findConflictEvidence, verifyEvidence, votesOf } from '../../src/core/ledger/evidence.js';
import { headerHashOf, type Header } from '../../src/core/ledger/header.js';
import type { Ledger } from '../../src/core/ledger/ledger.js';
import { NIL, isNil, signVote, type Vote } from '../../src/core/ledger/vote.js';
import { VotingRecord } from '../../src/core/ledger/voting-record.js';
import { delegation, headerFor, negotiation, openLedger, scheme, textBody, type Delegation, type Negotiation } from '../support/ledger-fixtures.js';
import { createRng, type Rng } from '../support/rng.js';

const RUNS = Number(process.env.LEDGER_RUNS ?? 60);
const SEED = Number(process.env.LEDGER_SEED ?? 20261121);

type Event = { kind: 'proposal'; header: Header; body: BlockBody } | { kind: 'vote'; vote: Vote };

interface Scenario {
  weights: number[];
  rules: CharterRules;
  equivocator: number;
  replicas: number;
  heights: number;
  seed: number;
}

interface Replica {
  readonly ledger: Ledger;
  /** Every equivocator vote this replica was given, directly or inside a block. */
  readonly seen: Vote[];
}

interface Outcome {
  /** Per height, the distinct final header hashes across replicas (hex) and one block for each. */
  readonly finals: Map<number, Map<string, Block>>;
  readonly replicas: Replica[];
  readonly parties: readonly Delegation[];
  readonly equivocator: Delegation;
  readonly n: Negotiation;
}

const hex = (b: Uint8Array): string => toHex(b);

/** The proposals and votes of one height, as the parties produce them. */
function playHeight(rng: Rng, base: Ledger, parties: readonly Delegation[], equivocator: Delegation, records: Map<PartyId, VotingRecord>, h: number): Event[] {
  const events: Event[] = [];
  const rounds = 1 + rng.int(3);
  const members = parties.filter((p) => base.members().has(p.spec.id));
  for (let round = 0; round < rounds; round++) {
    const proposals: Header[] = [];
    for (let k = 1 + rng.int(3); k > 0; k--) {
      const body = textBody(`height ${h} round ${round} proposal ${k} ${rng.int(1000)}`);
      const header = headerFor(base, body, round, rng.pick(members), 1_700_000_000_000 + rng.int(1000));
      proposals.push(header);
      events.push({ kind: 'proposal', header, body });
    }
    const targets = proposals.map(headerHashOf);
    const favoured = rng.pick(targets);
    const mode = rng.pick(['agree', 'split', 'decline', 'random'] as const);
    for (const p of members) {
      if (p === equivocator) continue;
      let target: Uint8Array | undefined;
      const roll = rng.next();
      if (mode === 'agree') target = roll < 0.85 ? favoured : roll < 0.95 ? NIL : undefined;
      else if (mode === 'split') target = roll < 0.9 ? rng.pick(targets) : undefined;
      else if (mode === 'decline') target = roll < 0.8 ? NIL : roll < 0.9 ? favoured : undefined;
      else target = roll < 0.4 ? rng.pick(targets) : roll < 0.8 ? NIL : undefined;
      if (!target) continue;
      const signed = records.get(p.spec.id)!.sign(base.negotiation, h, round, target);
      if (signed.ok) events.push({ kind: 'vote', vote: signed.value });
    }
    // The equivocator signs several targets, and sometimes votes in rounds nobody else uses.
    if (members.includes(equivocator)) {
      for (const target of rng.shuffle([...targets, NIL]).slice(0, 1 + rng.int(targets.length + 1))) {
        events.push({ kind: 'vote', vote: signVote(equivocator.signer, base.negotiation, h, round, target) });
      }
      if (rng.chance(0.2)) events.push({ kind: 'vote', vote: signVote(equivocator.signer, base.negotiation, h, rounds + rng.int(3), rng.pick([...targets, NIL])) });
    }
  }
  return events;
}

function deliver(replica: Replica, event: Event, retry: Event[], equivocator: PartyId, where: string): void {
  if (event.kind === 'vote') {
    if (event.vote.party === equivocator) replica.seen.push(event.vote);
    const out = replica.ledger.receiveVote(event.vote);
    if (out.status === 'rejected' && out.code !== 'stale') expect.fail(`${where}: vote rejected: ${out.reason}`);
  } else {
    const out = replica.ledger.propose(event.header, event.body);
    if (!out.ok && out.error.code === 'not-yet') retry.push(event);
    else if (!out.ok && out.error.code !== 'stale') expect.fail(`${where}: proposal rejected: ${out.error.reason}`);
  }
}

/** Runs a scenario; stops at the first height no replica finalizes, or at a fork (f = 0 only). */
function simulate(s: Scenario): Outcome {
  const rng = createRng(s.seed);
  const n = negotiation({ weights: s.weights, rules: s.rules, first: 300 });
  const parties = n.parties;
  const equivocator = parties[s.equivocator % parties.length]!;
  const records = new Map(parties.map((p) => [p.spec.id, new VotingRecord(p.signer)]));
  const replicas: Replica[] = Array.from({ length: s.replicas }, () => ({ ledger: openLedger(n), seen: [] }));
  const finals = new Map<number, Map<string, Block>>();
  const where = `scenario ${JSON.stringify(s)}`;
  for (let h = 1; h <= s.heights; h++) {
    const events = playHeight(rng, replicas[0]!.ledger, parties, equivocator, records, h);
    for (const [i, replica] of replicas.entries()) {
      const order = rng.shuffle(events.flatMap((e) => (rng.chance(0.3) ? [e, e] : [e])));
      const retry: Event[] = [];
      for (const event of order) {
        deliver(replica, event, retry, equivocator.spec.id, `${where} replica ${i} height ${h}`);
        // Proposals for rounds not yet open here are retried as votes arrive (as the node would).
        for (const again of retry.splice(0)) deliver(replica, again, retry, equivocator.spec.id, `${where} replica ${i}`);
      }
    }
    const decided = new Map<string, Block>();
    for (const r of replicas) {
      const block = r.ledger.blocks()[h - 1];
      if (block) decided.set(hex(headerHashOf(block.header)), block);
    }
    finals.set(h, decided);
    if (decided.size !== 1) break; // nothing final, or a fork: the scenario ends here
    const block = [...decided.values()][0]!;
    for (const r of replicas) {
      // Every replica is offered the final block: catch-up for those behind, a duplicate for the rest.
      const behind = r.ledger.height < h;
      for (const v of votesOf(block)) if (v.party === equivocator.spec.id) r.seen.push(v);
      const result = r.ledger.receiveBlock(block);
      if (!result.ok) expect.fail(`${where} height ${h}: catch-up rejected: ${result.error.reason}`);
      expect(result.value.appended, where).toBe(behind);
    }
  }
  return { finals, replicas, parties, equivocator, n };
}

/** Wherever a replica was given two conflicting votes of the equivocator, it holds the evidence. */
function checkEvidence(o: Outcome, where: string): void {
  for (const [i, r] of o.replicas.entries()) {
    const byRound = new Map<string, Set<string>>();
    for (const v of r.seen) {
      const key = `${v.party}/${v.height}/${v.round}`;
      if (!byRound.has(key)) byRound.set(key, new Set());
      byRound.get(key)!.add(hex(v.target));
    }
    const held = new Set(r.ledger.evidence().map(evidenceKey));
    for (const [key, targets] of byRound) {
      if (targets.size > 1 && !held.has(key)) expect.fail(`${where}: replica ${i} saw ${key} sign ${targets.size} targets but holds no evidence`);
    }
    for (const e of r.ledger.evidence()) {
      const culprit = verifyEvidence(e, o.equivocator.spec.publicKey, scheme);
      if (!culprit.ok) expect.fail(`${where}: replica ${i} holds evidence that does not verify: ${culprit.error}`);
    }
  }
}

const fraction = (num: number, den: number) => ({ num, den });
const RULES_F1: DecisionRule[] = [
  { kind: 'consensus' },
  { kind: 'qualified-majority', share: fraction(3, 4) },
  { kind: 'qualified-majority', share: fraction(4, 5) },
  { kind: 'qualified-majority', share: fraction(2, 3) },
  { kind: 'double-majority', partyShare: fraction(3, 4), weightShare: fraction(65, 100), blockingMinority: 2 },
  { kind: 'double-majority', partyShare: fraction(2, 3), weightShare: fraction(2, 3) },
];
const RULES_F0: DecisionRule[] = [
  { kind: 'qualified-majority', share: fraction(51, 100) },
  { kind: 'qualified-majority', share: fraction(2, 3) },
  { kind: 'qualified-majority', share: fraction(3, 5) },
  { kind: 'double-majority', partyShare: fraction(51, 100), weightShare: fraction(1, 2), blockingMinority: 2 },
];

const scenarios = (pool: readonly DecisionRule[], maxParties: number) =>
  fc.record({
    weights: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 3, maxLength: maxParties }),
    rules: fc.tuple(fc.constantFrom(...pool), fc.constantFrom(...pool), fc.constantFrom(...pool)).map(([admit, remove, adopt]) => ({ admit, remove, adopt })),
    equivocator: fc.nat(),
    replicas: fc.integer({ min: 2, max: 4 }),
    heights: fc.integer({ min: 1, max: 3 }),
    seed: fc.integer(),
  });

const toleranceOf = (s: Scenario): number =>
  equivocationTolerance(s.rules, membershipOf(s.weights.map((weight, i) => ({ id: delegation(300 + i, weight).spec.id, weight }))));

const qmRules = (num: number, den: number, adoptOnly = false): CharterRules => {
  const rule: DecisionRule = { kind: 'qualified-majority', share: fraction(num, den) };
  return adoptOnly ? { admit: { kind: 'consensus' }, remove: { kind: 'consensus' }, adopt: rule } : { admit: rule, remove: rule, adopt: rule };
};

/** Scenarios that once failed, kept as they were found. */
const REGRESSIONS: [string, Scenario][] = [
  // Both conflicting votes of the equivocator arrived after the replica had finalized: they were
  // dropped as stale and nothing was proven. Late votes are now kept in the archive.
  ['late conflicting votes at f = 1 (round 2, after finality)', { weights: [1, 1, 1, 1, 1], rules: qmRules(4, 5, true), equivocator: 0, replicas: 2, heights: 1, seed: 2147483603 }],
  ['late conflicting votes at f = 0 (round 0, after finality)', { weights: [1, 1, 1], rules: qmRules(51, 100), equivocator: 0, replicas: 2, heights: 1, seed: -1121730100 }],
  ['a fork seen by replicas that finalized nothing', { weights: [1, 1, 1], rules: qmRules(51, 100), equivocator: 0, replicas: 4, heights: 2, seed: -1669561326 }],
  // Found by weakening the split certificate on purpose: forks at f = 1 when a header's own
  // voters plus the absent plus one other voter were not required to fail (first), or when votes
  // for headers were taken as declines without any check (second).
  ['split votes: C_H ∪ U must stay short of passing with one other voter', { weights: [1, 1, 1, 1], rules: qmRules(2, 3, true), equivocator: 0, replicas: 2, heights: 1, seed: -1324307195 }],
  ['split votes: votes for headers are not plain declines', { weights: [1, 1, 1, 1], rules: { admit: { kind: 'consensus' }, remove: { kind: 'consensus' }, adopt: { kind: 'consensus' } }, equivocator: 0, replicas: 2, heights: 1, seed: 2 }],
];

describe('regressions', () => {
  for (const [name, s] of REGRESSIONS) {
    it(name, () => {
      const where = `regression scenario ${JSON.stringify(s)}`;
      const o = simulate(s);
      checkEvidence(o, where);
      for (const [h, decided] of o.finals) {
        if (decided.size > 1) {
          expect(toleranceOf(s), `${where} height ${h}`).toBe(0);
          expect(findConflictEvidence(...([...decided.values()] as [Block, Block])).length).toBeGreaterThan(0);
        }
      }
    });
  }
});

describe('safety with one equivocating party where the tolerance is 1', () => {
  it(`never two different final blocks at one height (fast-check seed ${SEED}, ${RUNS} runs)`, () => {
    let finalized = 0;
    let laterRounds = 0;
    let afterSplits = 0;
    let laterHeights = 0;
    let evidenceHeld = 0;
    fc.assert(
      fc.property(scenarios(RULES_F1, 7), (s) => {
        fc.pre(toleranceOf(s) === 1);
        const where = `seed ${SEED} scenario ${JSON.stringify(s)}`;
        const o = simulate(s);
        for (const [h, decided] of o.finals) {
          if (decided.size > 1) expect.fail(`${where}: ${decided.size} different final blocks at height ${h}`);
          finalized += decided.size;
          for (const block of decided.values()) if (block.header.round > 0) laterRounds++;
          for (const block of decided.values()) if (block.roundChanges.some((v) => !isNil(v.target))) afterSplits++;
          if (h > 1 && decided.size > 0) laterHeights++;
        }
        checkEvidence(o, where);
        evidenceHeld += o.replicas.filter((r) => r.ledger.evidence().length > 0).length;
        // Every replica's chain verifies from nothing but the chain, and they are one chain.
        const tips = new Set(o.replicas.map((r) => hex(r.ledger.tip.hash)));
        expect(tips.size, where).toBe(1);
        for (const r of o.replicas) expect(verifyChain(o.n.genesis, r.ledger.blocks(), scheme).ok, where).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The scenarios are not vacuous: blocks were decided and equivocations were caught.
    expect(finalized).toBeGreaterThan(RUNS / 4);
    expect(laterRounds, 'blocks final after declined rounds').toBeGreaterThan(0);
    expect(afterSplits, 'blocks final after rounds declined by votes for other headers').toBeGreaterThan(0);
    expect(laterHeights, 'blocks final on top of earlier ones').toBeGreaterThan(0);
    expect(evidenceHeld).toBeGreaterThan(RUNS / 4);
    console.log(`safety f = 1: ${finalized} final blocks (${laterRounds} after declined rounds, ${afterSplits} of them split, ${laterHeights} above height 1); evidence held by ${evidenceHeld} replicas`);
  });
});

describe('accountable safety where the tolerance is 0', () => {
  it(`conflicting final blocks always come with evidence against the overlap (fast-check seed ${SEED})`, () => {
    let forks = 0;
    let afterSplits = 0;
    fc.assert(
      fc.property(scenarios(RULES_F0, 5), (s) => {
        fc.pre(toleranceOf(s) === 0);
        const where = `seed ${SEED} scenario ${JSON.stringify(s)}`;
        const o = simulate(s);
        checkEvidence(o, where);
        for (const [h, decided] of o.finals) {
          for (const block of decided.values()) if (block.roundChanges.some((v) => !isNil(v.target))) afterSplits++;
          if (decided.size < 2) continue;
          forks++;
          const [a, b] = [...decided.values()] as [Block, Block];
          const evidence = findConflictEvidence(a, b);
          expect(evidence.length, `${where} height ${h}`).toBeGreaterThan(0);
          for (const e of evidence) {
            // Only the equivocator can be convicted: honest parties never signed two targets.
            expect(verifyEvidence(e, o.equivocator.spec.publicKey, scheme), where).toEqual({ ok: true, value: o.equivocator.spec.id });
          }
          // A replica that holds A and is shown B refuses it, naming the culprit.
          const holder = o.replicas.find((r) => {
            const mine = r.ledger.blocks()[h - 1];
            return mine !== undefined && hex(headerHashOf(mine.header)) === hex(headerHashOf(a.header));
          })!;
          const refused = holder.ledger.receiveBlock(b);
          expect(refused.ok, where).toBe(false);
          if (!refused.ok) {
            expect(refused.error.code).toBe('conflict');
            expect(refused.error.reason).toContain(o.equivocator.spec.id);
            expect(refused.error.evidence?.length).toBeGreaterThan(0);
          }
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(forks, 'the f = 0 scenarios should produce some forks to check').toBeGreaterThan(0);
    expect(afterSplits, 'blocks final after rounds declined by votes for other headers').toBeGreaterThan(0);
  });
});

describe('forks by one equivocator at f = 0, step by step (regressions)', () => {
  // n = 3 under 2/3: two passing sets may share a single party.
  const n = negotiation({ n: 3, rules: { admit: { kind: 'consensus' }, remove: { kind: 'consensus' }, adopt: { kind: 'qualified-majority', share: fraction(2, 3) } }, first: 400 });
  const [a, b, c] = n.parties as [Delegation, Delegation, Delegation];

  function fork(first: (l: Ledger) => Block | undefined, second: (l: Ledger) => Block | undefined): [Ledger, Ledger, Block, Block] {
    const one = openLedger(n);
    const two = openLedger(n);
    const x = first(one);
    const y = second(two);
    if (!x || !y) throw new Error('both replicas should have finalized');
    return [one, two, x, y];
  }

  const proposeAndVote = (l: Ledger, body: BlockBody, round: number, voters: Delegation[], target?: Uint8Array): Block | undefined => {
    const header = headerFor(l, body, round);
    l.propose(header, body);
    let final: Block | undefined;
    for (const p of voters) final = l.receiveVote(signVote(p.signer, l.negotiation, 1, round, target ?? headerHashOf(header))).finalized ?? final;
    return final;
  };

  it('same round: C signs X with A and Y with B; the evidence names C alone', () => {
    const [one, , x, y] = fork(
      (l) => proposeAndVote(l, textBody('X'), 0, [a, c]),
      (l) => proposeAndVote(l, textBody('Y'), 0, [b, c]),
    );
    const evidence = findConflictEvidence(x, y);
    expect(evidence.map((e) => e.first.party)).toEqual([c.spec.id]);
    const refused = one.receiveBlock(y);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', reason: `a different block is final at height 1; equivocation by ${c.spec.id}` } });
    expect(one.evidence().map(evidenceKey)).toEqual([`${c.spec.id}/1/0`]);
  });

  it('across rounds: C signs X in round 0 and also declines round 0 for Y in round 1', () => {
    const [, two, x, y] = fork(
      (l) => proposeAndVote(l, textBody('X'), 0, [a, c]),
      (l) => {
        for (const p of [b, c]) l.receiveVote(signVote(p.signer, l.negotiation, 1, 0, NIL));
        return proposeAndVote(l, textBody('Y'), 1, [b, c]);
      },
    );
    expect(y.roundChanges.map((v) => v.party).sort()).toEqual([b.spec.id, c.spec.id].sort());
    const evidence = findConflictEvidence(x, y);
    expect(evidence).toHaveLength(1);
    expect(evidence[0]!.first.round).toBe(0);
    expect(verifyEvidence(evidence[0]!, c.spec.publicKey, scheme)).toEqual({ ok: true, value: c.spec.id });
    expect(two.receiveBlock(x)).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('with f = 1 the same attack fails: one equivocator cannot finalize two blocks', () => {
    const four = negotiation({ n: 4, rules: { admit: { kind: 'consensus' }, remove: { kind: 'consensus' }, adopt: { kind: 'qualified-majority', share: fraction(3, 4) } }, first: 410 });
    const [p, q, r, e] = four.parties as [Delegation, Delegation, Delegation, Delegation];
    const one = openLedger(four);
    const two = openLedger(four);
    const bx = textBody('X');
    const by = textBody('Y');
    const hx = headerFor(one, bx);
    const hy = headerFor(two, by);
    one.propose(hx, bx);
    two.propose(hy, by);
    let xFinal: Block | undefined;
    for (const s of [p, q, e]) xFinal = one.receiveVote(signVote(s.signer, one.negotiation, 1, 0, headerHashOf(hx))).finalized ?? xFinal;
    expect(xFinal).toBeDefined();
    // Y gets r and the equivocator: 2 of 4; declines need 3 parties (with f = 1) and p, q voted X.
    for (const s of [r, e]) expect(two.receiveVote(signVote(s.signer, two.negotiation, 1, 0, headerHashOf(hy))).finalized).toBeUndefined();
    // Round 0 cannot be declined either: only the equivocator is free to sign NIL, and that is not counted.
    expect(two.receiveVote(signVote(e.signer, two.negotiation, 1, 0, NIL)).status).toBe('equivocation');
    expect(two.openRound()).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { PartyId } from '../../src/core/identity.js';
import {
  describeRule,
  equivocationTolerance,
  isRoundChangeCertificate,
  membershipOf,
  minimumOverlap,
  minimumSigners,
  passes,
  stillNeeded,
  validateRule,
  type DecisionRule,
  type Fraction,
  type Membership,
} from '../../src/core/rules.js';
import { createRng, type Rng } from '../support/rng.js';

const ids = (n: number): PartyId[] => Array.from({ length: n }, (_, i) => i.toString(16).padStart(32, '0') as PartyId);
const members = (weights: readonly number[]): Membership => membershipOf(ids(weights.length).map((id, i) => ({ id, weight: weights[i]! })));
const first = (k: number): Set<PartyId> => new Set(ids(k));
const nilVotes = (parties: Iterable<PartyId>): Map<PartyId, string | null> => new Map([...parties].map((p) => [p, null] as const));
const qm = (num: number, den: number): DecisionRule => ({ kind: 'qualified-majority', share: { num, den } });

/** The rule from its English definition, in BigInt, independent of rules.ts. */
function oracle(rule: DecisionRule, signers: readonly number[], weights: readonly number[]): boolean {
  const n = BigInt(weights.length);
  const count = BigInt(signers.length);
  const total = weights.reduce((a, w) => a + BigInt(w), 0n);
  const held = signers.reduce((a, i) => a + BigInt(weights[i]!), 0n);
  const ceilShare = (x: bigint, f: Fraction): bigint => (x * BigInt(f.num) + BigInt(f.den) - 1n) / BigInt(f.den);
  switch (rule.kind) {
    case 'consensus':
      return count === n;
    case 'qualified-majority':
      return count >= ceilShare(n, rule.share);
    case 'double-majority': {
      const parties = count >= ceilShare(n, rule.partyShare);
      const weight = held >= ceilShare(total, rule.weightShare);
      const blocked = rule.blockingMinority === undefined || n - count >= BigInt(rule.blockingMinority);
      return parties && (weight || !blocked);
    }
  }
}

function randomFraction(rng: Rng, aboveHalf: boolean): Fraction {
  const den = 1 + rng.int(rng.chance(0.3) ? 100 : 12);
  const low = aboveHalf ? Math.floor(den / 2) + 1 : 1;
  return { num: low + rng.int(den - low + 1), den };
}

function randomRule(rng: Rng, n: number, aboveHalf = true): DecisionRule {
  switch (rng.int(3)) {
    case 0:
      return { kind: 'consensus' };
    case 1:
      return { kind: 'qualified-majority', share: randomFraction(rng, aboveHalf) };
    default:
      return {
        kind: 'double-majority',
        partyShare: randomFraction(rng, aboveHalf),
        weightShare: randomFraction(rng, false),
        ...(rng.chance(0.5) && { blockingMinority: 1 + rng.int(n + 1) }),
      };
  }
}

const subsets = (n: number): number[][] =>
  Array.from({ length: 1 << n }, (_, mask) => Array.from({ length: n }, (_, i) => i).filter((i) => mask & (1 << i)));

describe('passes on boundary cases', () => {
  it('consensus needs every party, and ignores signers who are not parties', () => {
    const m = members([1, 1, 1, 1]);
    expect(passes({ kind: 'consensus' }, first(4), m)).toBe(true);
    expect(passes({ kind: 'consensus' }, first(3), m)).toBe(false);
    const outsider = 'f'.repeat(32) as PartyId;
    expect(passes({ kind: 'consensus' }, new Set([...first(3), outsider]), m)).toBe(false);
  });

  it('qualified majority of 2/3: exactly 2/3 passes, one short fails, rounding up', () => {
    const rule = qm(2, 3);
    expect(passes(rule, first(6), members(Array(9).fill(1)))).toBe(true); // exactly 6 of 9
    expect(passes(rule, first(5), members(Array(9).fill(1)))).toBe(false);
    expect(passes(rule, first(2), members([1, 1, 1]))).toBe(true);
    expect(passes(rule, first(1), members([1, 1, 1]))).toBe(false);
    // ceil(4 * 2/3) = 3: two of four is not enough, three is
    expect(passes(rule, first(2), members([1, 1, 1, 1]))).toBe(false);
    expect(passes(rule, first(3), members([1, 1, 1, 1]))).toBe(true);
    // ceil(193 * 2/3) = 129 (a UN General Assembly)
    expect(passes(rule, first(129), members(Array(193).fill(1)))).toBe(true);
    expect(passes(rule, first(128), members(Array(193).fill(1)))).toBe(false);
  });

  it('exact for weights and shares where floating point would round', () => {
    const rule: DecisionRule = { kind: 'double-majority', partyShare: { num: 1, den: 1 }, weightShare: { num: 999_999, den: 1_000_000 } };
    const big = 0xffffffff;
    const m = members(Array(1000).fill(big));
    // Every party signs: passes. Products reach 4e18, far beyond 2^53.
    expect(passes(rule, first(1000), m)).toBe(true);
    const share = { num: 999_999, den: 1_000_000 };
    const tight: DecisionRule = { kind: 'double-majority', partyShare: { num: 1, den: 2 }, weightShare: share };
    // 999 of 1000 equal weights hold 99.9% < 99.9999%.
    expect(passes(tight, first(999), m)).toBe(false);
  });

  // EU Council: 55% of member states holding 65% of the population; a blocking minority needs 4 states.
  const eu: DecisionRule = {
    kind: 'double-majority',
    partyShare: { num: 55, den: 100 },
    weightShare: { num: 65, den: 100 },
    blockingMinority: 4,
  };
  // Populations in thousands (2023), largest first: DE FR IT ES PL RO NL BE CZ SE PT GR HU AT BG DK FI SK IE HR LT SI LV EE CY LU MT.
  const population = [84359, 68173, 58997, 48085, 36754, 19055, 17811, 11743, 10828, 10512, 10467, 10414, 9597, 9104, 6448, 5933, 5564, 5428, 5271, 3850, 2857, 2117, 1883, 1366, 920, 661, 542];
  const total = population.reduce((a, b) => a + b, 0);
  const all = ids(27);
  const without = (...absent: number[]): Set<PartyId> => new Set(all.filter((_, i) => !absent.includes(i)));
  const weightOf = (absent: number[]): number => absent.reduce((a, i) => a + population[i]!, 0);

  it('EU double majority: three large states against cannot block, four can', () => {
    const m = members(population);
    expect(weightOf([0, 1, 2]) * 100).toBeGreaterThan(35 * total); // they hold more than 35%...
    expect(passes(eu, without(0, 1, 2), m)).toBe(true); // ...but 3 states are no blocking minority
    expect(weightOf([0, 1, 2, 3]) * 100).toBeGreaterThan(35 * total);
    expect(passes(eu, without(0, 1, 2, 3), m)).toBe(false); // 4 states holding > 35% block
    expect(weightOf([0, 1, 25, 26]) * 100).toBeLessThan(35 * total);
    expect(passes(eu, without(0, 1, 25, 26), m)).toBe(true); // 4 states holding < 35% do not
    // 55% of 27 is 14.85: 15 states are needed even if they held all the weight.
    expect(passes(eu, new Set(all.slice(0, 15)), m)).toBe(true);
    expect(passes(eu, new Set(all.slice(0, 14)), m)).toBe(false);
  });

  it('EU double majority: what is still needed, in words', () => {
    const m = members(population);
    const need = stillNeeded(eu, without(0, 1, 2, 3), m);
    expect(need.met).toBe(false);
    expect(need.moreParties).toBe(1);
    expect(need.description).toMatch(/^parties holding \d+% more weight, or 1 more party \(leaving fewer than 4 against\)$/);
    expect(stillNeeded(eu, without(0, 1, 2), m)).toMatchObject({ met: true, moreParties: 0, description: 'the rule is met' });
  });
});

describe('passes against a brute-force oracle', () => {
  it('agrees on every subset of every membership up to 7 parties', () => {
    const rng = createRng(0x5eed01);
    let checked = 0;
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + (trial % 7);
      const weights = Array.from({ length: n }, () => 1 + rng.int(rng.chance(0.5) ? 5 : 1000));
      const rule = randomRule(rng, n, rng.chance(0.8));
      const m = members(weights);
      for (const subset of subsets(n)) {
        const got = passes(rule, new Set(subset.map((i) => ids(n)[i]!)), m);
        if (got !== oracle(rule, subset, weights)) {
          expect.fail(`seed 0x5eed01 trial ${trial}: ${JSON.stringify(rule)} weights ${weights} signers ${subset}: got ${got}`);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('minimum signers, overlap bound, tolerance and certificates match exhaustive search', () => {
    const rng = createRng(0x5eed02);
    let splitCertificates = 0;
    for (let trial = 0; trial < 150; trial++) {
      const n = 1 + (trial % 7);
      const weights = Array.from({ length: n }, () => 1 + rng.int(rng.chance(0.5) ? 4 : 100));
      const rules = [randomRule(rng, n), randomRule(rng, n), randomRule(rng, n)];
      const m = members(weights);
      const where = `seed 0x5eed02 trial ${trial}: ${JSON.stringify(rules)} weights ${weights}`;
      const all = subsets(n);
      const passingFor = rules.map((rule) => all.filter((s) => oracle(rule, s, weights)));
      for (const [i, rule] of rules.entries()) {
        expect(minimumSigners(rule, m), where).toBe(Math.min(...passingFor[i]!.map((s) => s.length)));
      }
      // minOverlap is a sound lower bound on |S ∩ T| for passing S, T under any two rules...
      let trueMin = n;
      for (const a of passingFor) for (const b of passingFor) for (const s of a) for (const t of b) {
        trueMin = Math.min(trueMin, s.filter((x) => t.includes(x)).length);
      }
      const bound = minimumOverlap(rules, m);
      expect(bound, where).toBeLessThanOrEqual(trueMin);
      // ...and with shares above one half, any two passing sets intersect.
      expect(trueMin, where).toBeGreaterThanOrEqual(1);
      expect(bound, where).toBeGreaterThanOrEqual(1);
      const f = equivocationTolerance(rules, m);
      expect(f, where).toBe(Math.min(1, bound - 1));
      // A certificate C: for every header H (voted in C or not), every passing set under any rule
      // holds more than f parties who voted in C for something other than H. NIL-only first...
      const passing = passingFor.flat();
      const certifies = (target: (i: number) => string | null | undefined): boolean => {
        const voters = Array.from({ length: n }, (_, i) => i).filter((i) => target(i) !== undefined);
        const headers = [...new Set(voters.map(target).filter((t): t is string => typeof t === 'string')), 'unvoted'];
        return headers.every((h) => passing.every((s) => s.filter((x) => voters.includes(x) && target(x) !== h).length > f));
      };
      const asVotes = (target: (i: number) => string | null | undefined): Map<PartyId, string | null> =>
        new Map(ids(n).flatMap((id, i) => { const t = target(i); return t === undefined ? [] : [[id, t] as const]; }));
      for (const w of all) {
        const nil = (i: number): null | undefined => (w.includes(i) ? null : undefined);
        const got = isRoundChangeCertificate(asVotes(nil), rules, m, f);
        if (got !== certifies(nil)) expect.fail(`${where} decliners ${w} f ${f}: got ${got}`);
      }
      // ...then votes split between NIL and up to three headers, some parties absent.
      for (let k = 0; k < 60; k++) {
        const choice = Array.from({ length: n }, () => rng.pick([undefined, null, 'X', 'Y', 'Z'] as const));
        const target = (i: number) => choice[i];
        const got = isRoundChangeCertificate(asVotes(target), rules, m, f);
        if (got !== certifies(target)) expect.fail(`${where} votes ${JSON.stringify(choice)} f ${f}: got ${got}`);
        if (got && choice.some((t) => typeof t === 'string')) splitCertificates++;
      }
    }
    // The split cases are not vacuous: some of them decline the round.
    expect(splitCertificates).toBeGreaterThan(50);
  });

  it('still needed: the fewest further signers that make the rule pass', () => {
    const rng = createRng(0x5eed03);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + (trial % 7);
      const weights = Array.from({ length: n }, () => 1 + rng.int(50));
      const rule = randomRule(rng, n);
      const signers = subsets(n)[rng.int(1 << n)]!;
      const need = stillNeeded(rule, new Set(signers.map((i) => ids(n)[i]!)), members(weights));
      const fewest = Math.min(
        ...subsets(n)
          .filter((s) => signers.every((x) => s.includes(x)) && oracle(rule, s, weights))
          .map((s) => s.length - signers.length),
      );
      expect(need.moreParties, `seed 0x5eed03 trial ${trial}`).toBe(fewest);
      expect(need.met).toBe(fewest === 0);
    }
  });
});

describe('tolerance', () => {
  it('is 1 where two passing sets share two parties, 0 where they may share one', () => {
    const three = members([1, 1, 1]);
    expect(equivocationTolerance([{ kind: 'consensus' }], three)).toBe(1);
    expect(equivocationTolerance([qm(2, 3)], three)).toBe(0); // 2 + 2 - 3 = 1
    expect(equivocationTolerance([qm(2, 3)], members([1, 1, 1, 1]))).toBe(1); // 3 + 3 - 4 = 2
    expect(equivocationTolerance([qm(3, 4), { kind: 'consensus' }], members([1, 1, 1, 1]))).toBe(1);
    expect(equivocationTolerance([{ kind: 'consensus' }], members([1]))).toBe(0);
    expect(equivocationTolerance([{ kind: 'consensus' }], members([1, 1]))).toBe(1);
  });

  it('a consensus round is declined by two decliners when f = 1, by one when f = 0', () => {
    const m = members([1, 1, 1]);
    const rules = [{ kind: 'consensus' } as const];
    expect(isRoundChangeCertificate(nilVotes(first(1)), rules, m, 1)).toBe(false);
    expect(isRoundChangeCertificate(nilVotes(ids(3).slice(1)), rules, m, 1)).toBe(true);
    expect(isRoundChangeCertificate(nilVotes(first(1)), rules, m, 0)).toBe(true);
    expect(isRoundChangeCertificate(new Map(), rules, m, 0)).toBe(false);
  });

  it('a round split between two headers is declined without any NIL vote', () => {
    const rules = [{ kind: 'consensus' } as const];
    const [a, b, c, d] = ids(4) as [PartyId, PartyId, PartyId, PartyId];
    // Consensus of 4 (f = 1): 2 + 2 rules out X, Y and any other header.
    const split = new Map<PartyId, string | null>([[a, 'X'], [b, 'X'], [c, 'Y'], [d, 'Y']]);
    expect(isRoundChangeCertificate(split, rules, members([1, 1, 1, 1]), 1)).toBe(true);
    // 3 + 1 under 3/4: X's voters and the Y voter make 4 of 4; not a certificate with f = 1.
    const uneven = new Map<PartyId, string | null>([[a, 'X'], [b, 'X'], [c, 'X'], [d, 'Y']]);
    expect(isRoundChangeCertificate(uneven, [qm(3, 4)], members([1, 1, 1, 1]), 1)).toBe(false);
    // 2 + 1 with one party absent under 3/4: X's voters, the absentee and one more would pass.
    const absent = new Map<PartyId, string | null>([[a, 'X'], [b, 'X'], [c, 'Y']]);
    expect(isRoundChangeCertificate(absent, [qm(3, 4)], members([1, 1, 1, 1]), 1)).toBe(false);
    // Voters who are not parties count for nothing.
    const outsiders = new Map<PartyId, string | null>([[a, 'X'], [b, 'X'], [c, 'Y'], ['ff'.repeat(16) as PartyId, 'Y']]);
    expect(isRoundChangeCertificate(outsiders, rules, members([1, 1, 1, 1]), 1)).toBe(false);
  });
});

describe('stillNeeded and describeRule in words', () => {
  it('counts parties for majorities and names the missing for consensus', () => {
    expect(stillNeeded(qm(2, 3), first(4), members(Array(9).fill(1))).description).toBe('2 more parties');
    expect(stillNeeded(qm(2, 3), first(5), members(Array(9).fill(1))).description).toBe('1 more party');
    const need = stillNeeded({ kind: 'consensus' }, first(2), members([1, 1, 1, 1]));
    expect(need.missing).toEqual(ids(4).slice(2));
    expect(need.description).toBe('2 more parties (every party must sign)');
  });

  it('reports the weight a double majority still needs as a share', () => {
    const rule: DecisionRule = { kind: 'double-majority', partyShare: { num: 1, den: 2 }, weightShare: { num: 65, den: 100 } };
    // 3 of 5 parties holding 53 of 100: 12 more weight units are 12%.
    const need = stillNeeded(rule, first(3), members([20, 20, 13, 35, 12]));
    expect(need).toMatchObject({ met: false, moreWeight: 12, moreParties: 1 });
    expect(need.description).toBe('parties holding 12% more weight');
  });

  it('describes each kind of rule', () => {
    expect(describeRule({ kind: 'consensus' })).toBe('consensus: every party must sign');
    expect(describeRule(qm(2, 3))).toBe('qualified majority: at least 2/3 of the parties must sign');
    expect(
      describeRule({ kind: 'double-majority', partyShare: { num: 55, den: 100 }, weightShare: { num: 65, den: 100 }, blockingMinority: 4 }),
    ).toBe('double majority: at least 55% of the parties, holding at least 65% of the total weight, must sign; a blocking minority must count at least 4 parties');
  });
});

describe('validateRule', () => {
  const bad: [string, unknown, RegExp][] = [
    ['half is not enough', qm(1, 2), /more than 1\/2/],
    ['3/6 is half', qm(3, 6), /more than 1\/2/],
    ['num above den', qm(4, 3), /numerator/],
    ['zero denominator', qm(0, 0), /denominator/],
    ['fractional share', qm(1.5, 2), /numerator/],
    ['huge denominator', qm(2_000_000, 2_000_001), /denominator/],
    ['double majority, half the parties', { kind: 'double-majority', partyShare: { num: 1, den: 2 }, weightShare: { num: 1, den: 2 } }, /party share must be more than 1\/2/],
    ['zero weight share', { kind: 'double-majority', partyShare: { num: 2, den: 3 }, weightShare: { num: 0, den: 2 } }, /weight share/],
    ['blocking minority 0', { kind: 'double-majority', partyShare: { num: 2, den: 3 }, weightShare: { num: 1, den: 2 }, blockingMinority: 0 }, /blocking minority/],
    ['unknown kind', { kind: 'unanimity' }, /unknown kind/],
    ['missing', null, /missing/],
  ];
  for (const [name, rule, message] of bad) {
    it(`rejects: ${name}`, () => {
      const result = validateRule(rule, 'adopt', 1000);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
    });
  }

  it('accepts 2/3, 51/100 and the EU rule', () => {
    expect(validateRule(qm(2, 3), 'adopt', 1000).ok).toBe(true);
    expect(validateRule(qm(51, 100), 'adopt', 1000).ok).toBe(true);
    const eu = { kind: 'double-majority', partyShare: { num: 55, den: 100 }, weightShare: { num: 65, den: 100 }, blockingMinority: 4 };
    expect(validateRule(eu, 'adopt', 1000).ok).toBe(true);
  });
});

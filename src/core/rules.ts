/**
 * Decision rules of a charter (consensus, qualified majority, double majority) and their
 * evaluation against the current membership.
 *
 * Every comparison is exact integer arithmetic: "signers hold at least num/den of the total" is
 * `signers * den >= total * num`, falling back to BigInt when a product would leave the safe
 * integer range. No floating point decides anything.
 *
 * Whether a set of signers passes depends only on how many current parties it holds and how much
 * weight, and passing is monotone (adding a signer never makes a passing set fail; for a given
 * count, more weight never makes it fail). The round-change and tolerance computations below rely
 * on these facts.
 */
import type { PartyId } from './identity.js';
import { err, ok, type Result } from './result.js';

export const MAX_DENOMINATOR = 1_000_000;

/** A share num/den, positive integers with num <= den. */
export interface Fraction {
  readonly num: number;
  readonly den: number;
}

export type DecisionRule =
  | { readonly kind: 'consensus' }
  | { readonly kind: 'qualified-majority'; readonly share: Fraction }
  | {
      readonly kind: 'double-majority';
      readonly partyShare: Fraction;
      readonly weightShare: Fraction;
      /** If set, the proposal also passes when fewer than this many parties did not sign. */
      readonly blockingMinority?: number;
    };

/** The three collective decisions a charter governs, each with its own rule. */
export interface CharterRules {
  readonly admit: DecisionRule;
  readonly remove: DecisionRule;
  readonly adopt: DecisionRule;
}
export type DecisionKind = keyof CharterRules;
export const DECISION_KINDS: readonly DecisionKind[] = ['admit', 'remove', 'adopt'];

/** The current parties and their weights (positive integers). */
export interface Membership {
  readonly weights: ReadonlyMap<PartyId, number>;
}

export function membershipOf(parties: Iterable<{ readonly id: PartyId; readonly weight: number }>): Membership {
  const weights = new Map<PartyId, number>();
  for (const p of parties) weights.set(p.id, p.weight);
  return { weights };
}

/** part / total >= share, exactly. */
export function atLeast(part: number, total: number, share: Fraction): boolean {
  const lhs = part * share.den;
  const rhs = total * share.num;
  // A float product of integers is exact whenever it is a safe integer; otherwise go to BigInt.
  if (Number.isSafeInteger(lhs) && Number.isSafeInteger(rhs)) return lhs >= rhs;
  return BigInt(part) * BigInt(share.den) >= BigInt(total) * BigInt(share.num);
}

/** How much of the membership a set of signers holds. */
export interface Support {
  readonly count: number;
  readonly weight: number;
}

export interface Totals {
  readonly parties: number;
  readonly weight: number;
}

export function totalsOf(members: Membership): Totals {
  let weight = 0;
  for (const w of members.weights.values()) weight += w;
  return { parties: members.weights.size, weight };
}

/** Support of the signers that are current parties; anyone else counts for nothing. */
export function supportOf(signers: ReadonlySet<PartyId>, members: Membership): Support {
  let count = 0;
  let weight = 0;
  for (const party of signers) {
    const w = members.weights.get(party);
    if (w === undefined) continue;
    count++;
    weight += w;
  }
  return { count, weight };
}

/** The rule on aggregates: the whole decision is a function of (count, weight). */
export function passesSupport(rule: DecisionRule, support: Support, totals: Totals): boolean {
  if (totals.parties === 0) return false;
  switch (rule.kind) {
    case 'consensus':
      return support.count === totals.parties;
    case 'qualified-majority':
      return atLeast(support.count, totals.parties, rule.share);
    case 'double-majority': {
      if (!atLeast(support.count, totals.parties, rule.partyShare)) return false;
      if (atLeast(support.weight, totals.weight, rule.weightShare)) return true;
      return rule.blockingMinority !== undefined && totals.parties - support.count < rule.blockingMinority;
    }
  }
}

/** Do these signers satisfy the rule for this membership? Signers who are not parties are ignored. */
export function passes(rule: DecisionRule, signers: ReadonlySet<PartyId>, members: Membership): boolean {
  return passesSupport(rule, supportOf(signers, members), totalsOf(members));
}

function weightsDescending(members: Membership, exclude?: ReadonlySet<PartyId>): number[] {
  const out: number[] = [];
  for (const [party, w] of members.weights) if (!exclude?.has(party)) out.push(w);
  return out.sort((a, b) => b - a);
}

/**
 * The fewest parties any passing set can have. For a given size the heaviest parties are the
 * most likely to pass, so it is the smallest k for which the k heaviest parties pass.
 * Returns n + 1 for an empty membership (nothing passes).
 */
export function minimumSigners(rule: DecisionRule, members: Membership): number {
  const totals = totalsOf(members);
  const weights = weightsDescending(members);
  let weight = 0;
  for (let k = 1; k <= weights.length; k++) {
    weight += weights[k - 1]!;
    if (passesSupport(rule, { count: k, weight }, totals)) return k;
  }
  return weights.length + 1;
}

function ruleList(rules: CharterRules | readonly DecisionRule[]): readonly DecisionRule[] {
  return Array.isArray(rules) ? rules : DECISION_KINDS.map((k) => (rules as CharterRules)[k]);
}

/**
 * The lower bound on |S ∩ T| over passing sets S, T of any two of the rules: each needs at least
 * its minimum count m, so |S ∩ T| >= m1 + m2 - n, smallest for the rule with the smallest m.
 */
export function minimumOverlap(rules: CharterRules | readonly DecisionRule[], members: Membership): number {
  const n = members.weights.size;
  const least = Math.min(...ruleList(rules).map((rule) => minimumSigners(rule, members)));
  return 2 * least - n;
}

/**
 * How many equivocating parties the ledger's safety withstands at this membership:
 * f = min(1, minOverlap - 1). With f = 0 safety is accountable only (a fork names its culprits).
 * A valid charter (every share above one half) never yields minOverlap < 1.
 */
export function equivocationTolerance(rules: CharterRules | readonly DecisionRule[], members: Membership): number {
  return Math.max(0, Math.min(1, minimumOverlap(rules, members) - 1));
}

/**
 * One round's votes, at most one per party: the target of each voter's vote, a key naming the
 * header it signed, or null for NIL (a decline). Parties with no vote in the round are absent.
 */
export type RoundVotes = ReadonlyMap<PartyId, string | null>;

/**
 * Do a round's votes C form a round-change certificate? With U the parties absent from C and C_H
 * the voters for header H, C must leave every header without a passing set that holds at most f
 * parties of C who voted otherwise: for every header H voted in C, C_H ∪ U ∪ (any f members of
 * C \ C_H) passes no rule, and U ∪ (any f members of C) passes none (a header nobody in C voted
 * for). Then a block final in that round and a block carrying C share f + 1 parties who signed
 * two targets in that round (finality.ts). A vote for another header is as good as a NIL vote.
 *
 * Passing is monotone in the set and, for a given count, in the weight, so the worst f (0 or 1)
 * members are the heaviest voter outside C_H. Voters who are not current parties count for nothing.
 */
export function isRoundChangeCertificate(
  votes: RoundVotes,
  rules: CharterRules | readonly DecisionRule[],
  members: Membership,
  tolerance: number,
): boolean {
  if (tolerance !== 0 && tolerance !== 1) throw new RangeError(`tolerance must be 0 or 1, got ${tolerance}`);
  const list = ruleList(rules);
  const totals = totalsOf(members);
  const passesAny = (s: Support): boolean => list.some((rule) => passesSupport(rule, s, totals));
  const voters: { readonly weight: number; readonly target: string | null }[] = [];
  const byHeader = new Map<string, { count: number; weight: number }>();
  let voted = 0;
  let votedWeight = 0;
  for (const [party, target] of votes) {
    const weight = members.weights.get(party);
    if (weight === undefined) continue;
    voters.push({ weight, target });
    voted++;
    votedWeight += weight;
    if (target === null) continue;
    const s = byHeader.get(target) ?? { count: 0, weight: 0 };
    s.count++;
    s.weight += weight;
    byHeader.set(target, s);
  }
  voters.sort((a, b) => b.weight - a.weight);
  const absent: Support = { count: totals.parties - voted, weight: totals.weight - votedWeight };
  // The base set plus the heaviest f voters outside C_H. Every voter skipped is in C_H, so all
  // the searches together look at each voter at most once past the first.
  const withWorst = (base: Support, header: string | undefined): Support => {
    if (tolerance === 0) return base;
    const other = voters.find((v) => header === undefined || v.target !== header);
    return other ? { count: base.count + 1, weight: base.weight + other.weight } : base;
  };
  if (passesAny(withWorst(absent, undefined))) return false;
  for (const [header, s] of byHeader) {
    if (passesAny(withWorst({ count: s.count + absent.count, weight: s.weight + absent.weight }, header))) return false;
  }
  return true;
}

/** What a rule still needs, for the UI. */
export interface Need {
  readonly met: boolean;
  /** The fewest further parties that could make the rule pass (choosing the heaviest). */
  readonly moreParties: number;
  /** Further weight the weight condition needs (double majority only; 0 otherwise or when met). */
  readonly moreWeight: number;
  /** Parties yet to sign, for consensus. */
  readonly missing?: readonly PartyId[];
  readonly description: string;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** Smallest integer x with x / total >= share. */
function thresholdOf(total: number, share: Fraction): number {
  let x = Math.ceil((total * share.num) / share.den);
  while (x > 0 && atLeast(x - 1, total, share)) x--;
  while (!atLeast(x, total, share)) x++;
  return x;
}

export function stillNeeded(rule: DecisionRule, signers: ReadonlySet<PartyId>, members: Membership): Need {
  const totals = totalsOf(members);
  const support = supportOf(signers, members);
  if (passesSupport(rule, support, totals)) {
    return { met: true, moreParties: 0, moreWeight: 0, description: 'the rule is met' };
  }
  // Fewest further signers, adding the heaviest non-signers first (the best case).
  const others = weightsDescending(members, signers);
  let moreParties = others.length + 1;
  let added = 0;
  for (let k = 1; k <= others.length; k++) {
    added += others[k - 1]!;
    if (passesSupport(rule, { count: support.count + k, weight: support.weight + added }, totals)) {
      moreParties = k;
      break;
    }
  }
  switch (rule.kind) {
    case 'consensus': {
      const missing = [...members.weights.keys()].filter((p) => !signers.has(p));
      return { met: false, moreParties, moreWeight: 0, missing, description: `${plural(missing.length, 'more party', 'more parties')} (every party must sign)` };
    }
    case 'qualified-majority':
      return { met: false, moreParties, moreWeight: 0, description: plural(moreParties, 'more party', 'more parties') };
    case 'double-majority': {
      const partiesShort = Math.max(0, thresholdOf(totals.parties, rule.partyShare) - support.count);
      const moreWeight = Math.max(0, thresholdOf(totals.weight, rule.weightShare) - support.weight);
      const percent = thresholdOf(100, { num: moreWeight, den: totals.weight }); // rounded up, exactly
      const parts: string[] = [];
      if (partiesShort > 0) parts.push(plural(partiesShort, 'more party', 'more parties'));
      if (moreWeight > 0) parts.push(`parties holding ${percent}% more weight`);
      let description = parts.join(' and ');
      if (rule.blockingMinority !== undefined) {
        const blockingPath = Math.max(partiesShort, totals.parties - rule.blockingMinority + 1 - support.count);
        if (blockingPath > 0) {
          description += `, or ${plural(blockingPath, 'more party', 'more parties')} (leaving fewer than ${rule.blockingMinority} against)`;
        }
      }
      return { met: false, moreParties, moreWeight, description };
    }
  }
}

function describeFraction(f: Fraction): string {
  return f.den === 100 ? `${f.num}%` : `${f.num}/${f.den}`;
}

/** The rule in plain words. */
export function describeRule(rule: DecisionRule): string {
  switch (rule.kind) {
    case 'consensus':
      return 'consensus: every party must sign';
    case 'qualified-majority':
      return `qualified majority: at least ${describeFraction(rule.share)} of the parties must sign`;
    case 'double-majority': {
      const base =
        `double majority: at least ${describeFraction(rule.partyShare)} of the parties, ` +
        `holding at least ${describeFraction(rule.weightShare)} of the total weight, must sign`;
      return rule.blockingMinority === undefined
        ? base
        : `${base}; a blocking minority must count at least ${plural(rule.blockingMinority, 'party', 'parties')}`;
    }
  }
}

const isCount = (n: unknown, max: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= max;

function checkFraction(f: unknown, what: string): string | undefined {
  if (typeof f !== 'object' || f === null) return `${what} must be a fraction`;
  const { num, den } = f as Fraction;
  if (!isCount(den, MAX_DENOMINATOR)) return `${what}: denominator must be an integer from 1 to ${MAX_DENOMINATOR}`;
  if (!isCount(num, den)) return `${what}: numerator must be an integer from 1 to the denominator`;
  return undefined;
}

/**
 * A rule is acceptable only if any two passing sets intersect at every membership size. Requiring
 * more than half of the parties (share > 1/2) makes every passing set a strict majority, so any
 * two of them, under any rules, share a party.
 */
export function validateRule(rule: unknown, what: string, maxParties: number): Result<DecisionRule, string> {
  if (typeof rule !== 'object' || rule === null) return err(`${what} rule is missing`);
  const r = rule as DecisionRule;
  switch (r.kind) {
    case 'consensus':
      return ok(r);
    case 'qualified-majority': {
      const bad = checkFraction(r.share, `${what} rule share`);
      if (bad) return err(bad);
      if (2 * r.share.num <= r.share.den) return err(`${what} rule share must be more than 1/2 so that any two passing sets share a party`);
      return ok(r);
    }
    case 'double-majority': {
      const bad = checkFraction(r.partyShare, `${what} rule party share`) ?? checkFraction(r.weightShare, `${what} rule weight share`);
      if (bad) return err(bad);
      if (2 * r.partyShare.num <= r.partyShare.den) {
        return err(`${what} rule party share must be more than 1/2 so that any two passing sets share a party`);
      }
      if (r.blockingMinority !== undefined && !isCount(r.blockingMinority, maxParties)) {
        return err(`${what} rule blocking minority must be an integer from 1 to ${maxParties}`);
      }
      return ok(r);
    }
    default:
      return err(`${what} rule has an unknown kind`);
  }
}

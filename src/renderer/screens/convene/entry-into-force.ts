/**
 * The charter's rule for entry into force as the convenor sets it: every negotiating party (the
 * default, VCLT art. 24(2)), a number of consents, or a number of consents holding a share of the
 * weight (Paris style), and a delay in days. Kept as typed (strings), checked field by field, and
 * said in words; the node checks it again as the core does.
 */
import type { EntryIntoForceSpec, Fraction } from '../../../node/api.js';
import { plural } from '../common/format.js';
import { fractionInWords } from './rule-words.js';

export type EntryIntoForceKind = EntryIntoForceSpec['kind'];

/** As typed: every kind's fields are kept, so switching kind back loses nothing. */
export interface EntryIntoForceDraft {
  readonly kind: EntryIntoForceKind;
  readonly count: string;
  readonly share: { readonly num: string; readonly den: string };
  readonly delayDays: string;
}

export const DEFAULT_ENTRY_INTO_FORCE: EntryIntoForceDraft = { kind: 'all-negotiating-parties', count: '2', share: { num: '55', den: '100' }, delayDays: '0' };

export const ENTRY_INTO_FORCE_KINDS: readonly { readonly kind: EntryIntoForceKind; readonly label: string }[] = [
  { kind: 'all-negotiating-parties', label: 'Every negotiating party consents (the default)' },
  { kind: 'consents', label: 'A number of parties consent' },
  { kind: 'consents-and-weight', label: 'A number of parties consent, holding a share of the weight' },
];

/** The core's caps (core/acts/rule.ts, core/charter.ts MAX_PARTIES, core/rules.ts MAX_DENOMINATOR). */
const MAX_COUNT = 1000;
const MAX_DELAY_DAYS = 36_600;
const MAX_DENOMINATOR = 1_000_000;
const WHOLE = /^\s*\d+\s*$/;
const num = (text: string): number => Number(text.trim());

/** The rule the draft stands for, when its numbers parse (checked by entryIntoForceProblems). */
export function entryIntoForceOf(draft: EntryIntoForceDraft): EntryIntoForceSpec {
  const delayDays = num(draft.delayDays);
  switch (draft.kind) {
    case 'all-negotiating-parties':
      return { kind: draft.kind, delayDays };
    case 'consents':
      return { kind: draft.kind, count: num(draft.count), delayDays };
    case 'consents-and-weight':
      return { kind: draft.kind, count: num(draft.count), weightShare: { num: num(draft.share.num), den: num(draft.share.den) }, delayDays };
  }
}

/** The default needs no clause in the charter (its absence means the same). */
export const isDefaultEntryIntoForce = (spec: EntryIntoForceSpec): boolean => spec.kind === 'all-negotiating-parties' && spec.delayDays === 0;

/** Why a weight share cannot stand, or null. Unlike a decision rule's, it may be half or less. */
export function weightShareProblem(f: Fraction): string | null {
  if (!Number.isInteger(f.num) || !Number.isInteger(f.den) || f.num < 1 || f.den < 1) return 'must be whole numbers, at least 1';
  if (f.den > MAX_DENOMINATOR) return 'the denominator must be at most 1,000,000';
  if (f.num > f.den) return 'cannot be more than the whole';
  return null;
}

/** Problems by field path ("entryIntoForce.count"...), in words; empty when the rule can be sent. */
export function entryIntoForceProblems(draft: EntryIntoForceDraft, path = 'entryIntoForce'): Record<string, string> {
  const out: Record<string, string> = {};
  const d = draft.delayDays.trim();
  if (!WHOLE.test(d) || num(d) > MAX_DELAY_DAYS) out[`${path}.delayDays`] = `The delay is a whole number of days from 0 to ${MAX_DELAY_DAYS} (0: on the day the condition is met).`;
  if (draft.kind === 'all-negotiating-parties') return out;
  if (!WHOLE.test(draft.count) || num(draft.count) < 1 || num(draft.count) > MAX_COUNT) out[`${path}.count`] = `The number of consents needed is a whole number from 1 to ${MAX_COUNT}.`;
  if (draft.kind === 'consents-and-weight') {
    const { num: n, den } = draft.share;
    const problem = WHOLE.test(n) && WHOLE.test(den) ? weightShareProblem({ num: num(n), den: num(den) }) : 'must be whole numbers, at least 1';
    if (problem !== null) out[`${path}.share`] = `The share ${problem}.`;
  }
  return out;
}

/** "1st", "2nd", "30th", "111th". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** The rule in a sentence: "The treaty enters into force on the 30th day after the day 55 parties, holding at least 55% of the total weight, have consented to be bound." */
export function entryIntoForceInWords(rule: EntryIntoForceSpec): string {
  let condition: string;
  switch (rule.kind) {
    case 'all-negotiating-parties':
      condition = 'every negotiating party has consented to be bound';
      break;
    case 'consents':
      condition = `${plural(rule.count, 'party has', 'parties have')} consented to be bound`;
      break;
    case 'consents-and-weight':
      condition = `${plural(rule.count, 'party', 'parties')}, holding at least ${fractionInWords(rule.weightShare)} of the total weight, ${rule.count === 1 ? 'has' : 'have'} consented to be bound`;
      break;
    default: {
      const never: never = rule;
      return String(never);
    }
  }
  const when = rule.delayDays === 0 ? 'on the day' : `on the ${ordinal(rule.delayDays)} day after the day`;
  return `The treaty enters into force ${when} ${condition} (by ratification, acceptance, approval or accession).`;
}

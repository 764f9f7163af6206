/**
 * The charter's rule for a treaty's entry into force, evaluated by every node alike
 * (entry-into-force.ts): all negotiating parties (VCLT art. 24(2), the default), N consents, or
 * N consents holding a share of the weight (Paris Agreement art. 21: 55 parties, 55%), plus a
 * delay in days. Lives apart from charter.ts so the charter can carry it without importing acts.
 */
import { DecodeError, type Reader, type Writer } from '../bytes.js';
import { err, ok, type Result } from '../result.js';
import { MAX_DENOMINATOR, type Fraction } from '../rules.js';

/** A century: enough for any treaty's "on the n-th day after". */
export const MAX_DELAY_DAYS = 36_600;

export type EntryIntoForceCondition =
  | { readonly kind: 'all-negotiating-parties' }
  | { readonly kind: 'consents'; readonly count: number }
  | { readonly kind: 'consents-and-weight'; readonly count: number; readonly weightShare: Fraction };

export type EntryIntoForceRule = EntryIntoForceCondition & {
  /**
   * 0: in force on the day the condition is met; n: "on the n-th day after" that day, i.e. the
   * day the condition is met plus n (see day.ts daysAfter).
   */
  readonly delayDays: number;
};

/** What a charter without a rule means: every negotiating party consents, in force that day. */
export const DEFAULT_ENTRY_INTO_FORCE: EntryIntoForceRule = { kind: 'all-negotiating-parties', delayDays: 0 };

const isInt = (n: unknown, min: number, max: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

export function validateEntryIntoForceRule(rule: unknown, maxParties: number): Result<EntryIntoForceRule, string> {
  if (typeof rule !== 'object' || rule === null) return err('entry-into-force rule is missing');
  const r = rule as EntryIntoForceRule;
  if (!isInt(r.delayDays, 0, MAX_DELAY_DAYS)) return err(`entry-into-force delay must be an integer from 0 to ${MAX_DELAY_DAYS} days`);
  switch (r.kind) {
    case 'all-negotiating-parties':
      return ok(r);
    case 'consents':
    case 'consents-and-weight': {
      if (!isInt(r.count, 1, maxParties)) return err(`entry-into-force count must be an integer from 1 to ${maxParties}`);
      if (r.kind === 'consents') return ok(r);
      const f = r.weightShare as Fraction | undefined;
      if (typeof f !== 'object' || f === null || !isInt(f.den, 1, MAX_DENOMINATOR) || !isInt(f.num, 1, f.den)) {
        return err(`entry-into-force weight share must be a fraction num/den with 1 <= num <= den <= ${MAX_DENOMINATOR}`);
      }
      return ok(r);
    }
    default:
      return err('entry-into-force rule has an unknown kind');
  }
}

const TAGS = { 'all-negotiating-parties': 1, consents: 2, 'consents-and-weight': 3 } as const;

export function writeEntryIntoForceRule(w: Writer, rule: EntryIntoForceRule): void {
  w.u8(TAGS[rule.kind]);
  switch (rule.kind) {
    case 'all-negotiating-parties':
      break;
    case 'consents':
      w.u32(rule.count);
      break;
    case 'consents-and-weight':
      w.u32(rule.count).u32(rule.weightShare.num).u32(rule.weightShare.den);
      break;
  }
  w.u32(rule.delayDays);
}

/** Layout only; validateEntryIntoForceRule (via validateCharter) decides whether it is acceptable. */
export function readEntryIntoForceRule(r: Reader): EntryIntoForceRule {
  const tag = r.u8('entry-into-force rule');
  let condition: EntryIntoForceCondition;
  switch (tag) {
    case TAGS['all-negotiating-parties']:
      condition = { kind: 'all-negotiating-parties' };
      break;
    case TAGS.consents:
      condition = { kind: 'consents', count: r.u32('entry-into-force count') };
      break;
    case TAGS['consents-and-weight']: {
      const count = r.u32('entry-into-force count');
      condition = { kind: 'consents-and-weight', count, weightShare: { num: r.u32('weight share numerator'), den: r.u32('weight share denominator') } };
      break;
    }
    default:
      throw new DecodeError('bad-tag', `unknown entry-into-force rule ${tag}`);
  }
  return { ...condition, delayDays: r.u32('entry-into-force delay') };
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The rule in plain words. */
export function describeEntryIntoForceRule(rule: EntryIntoForceRule): string {
  let condition: string;
  switch (rule.kind) {
    case 'all-negotiating-parties':
      condition = 'every negotiating party has consented to be bound';
      break;
    case 'consents':
      condition = `${plural(rule.count, 'party has', 'parties have')} consented to be bound`;
      break;
    case 'consents-and-weight': {
      const { num, den } = rule.weightShare;
      const share = den === 100 ? `${num}%` : `${num}/${den}`;
      condition = `${plural(rule.count, 'party', 'parties')} holding at least ${share} of the total weight ${rule.count === 1 ? 'has' : 'have'} consented to be bound`;
      break;
    }
  }
  return rule.delayDays === 0
    ? `in force on the day ${condition}`
    : `in force on the ${rule.delayDays}${ordinalSuffix(rule.delayDays)} day after the day ${condition}`;
}

function ordinalSuffix(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

/**
 * A decision rule in plain words, as the convenor sets it (the node says the same of a charter in
 * its own words; this one speaks to the person choosing).
 */
import type { Fraction, RuleSpec } from '../../../node/api.js';
import { plural } from '../common/format.js';

export const DECISIONS = ['admit', 'remove', 'adopt'] as const;
export type Decision = (typeof DECISIONS)[number];

export const DECISION_NAMES: Record<Decision, string> = {
  admit: 'Admitting a delegation',
  remove: 'Removing a delegation',
  adopt: 'Adopting a text',
};

/** "2/3", or "55%" for hundredths. */
export function fractionInWords(f: Fraction): string {
  return f.den === 100 ? `${f.num}%` : `${f.num}/${f.den}`;
}

export function ruleInWords(rule: RuleSpec): string {
  switch (rule.kind) {
    case 'consensus':
      return 'Consensus: every party must sign.';
    case 'qualified-majority':
      return `Qualified majority: at least ${fractionInWords(rule.share)} of the parties must sign.`;
    case 'double-majority': {
      const base = `Double majority: at least ${fractionInWords(rule.partyShare)} of the parties, holding at least ${fractionInWords(rule.weightShare)} of the total weight, must sign.`;
      return rule.blockingMinority === undefined
        ? base
        : `${base} Short of that weight, it still passes unless ${plural(rule.blockingMinority, 'party', 'parties')} or more withhold their signature (a blocking minority).`;
    }
    default: {
      const never: never = rule;
      return String(never);
    }
  }
}

/** Why a share cannot stand, or null: more than one half (so any two decisions share a party), at most the whole. */
export function shareProblem(f: Fraction): string | null {
  if (!Number.isInteger(f.num) || !Number.isInteger(f.den) || f.num < 1 || f.den < 1) return 'must be whole numbers, at least 1';
  if (f.den > 1_000_000) return 'the denominator must be at most 1,000,000';
  if (f.num > f.den) return 'cannot be more than the whole';
  if (f.num * 2 <= f.den) return 'must be more than one half';
  return null;
}

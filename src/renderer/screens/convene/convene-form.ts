/**
 * The Convene form as data: what the person typed (strings, kept as typed whatever happens),
 * the problems found in it, field by field, and the negotiations.create arguments it makes
 * (the entry-into-force rule's fields: entry-into-force.ts).
 */
import type { ArgsOf, RuleSpec } from '../../../node/api.js';
import { DEFAULT_ENTRY_INTO_FORCE, entryIntoForceOf, entryIntoForceProblems, isDefaultEntryIntoForce, type EntryIntoForceDraft } from './entry-into-force.js';
import { DECISIONS, shareProblem, type Decision } from './rule-words.js';

export type RuleKind = RuleSpec['kind'];

/** One rule as typed: every kind's fields are kept, so switching kind back loses nothing. */
export interface RuleDraft {
  readonly kind: RuleKind;
  readonly share: { readonly num: string; readonly den: string };
  readonly partyShare: { readonly num: string; readonly den: string };
  readonly weightShare: { readonly num: string; readonly den: string };
  /** Empty: no blocking-minority clause. */
  readonly blockingMinority: string;
}

export interface PartyDraft {
  /** Stable row key (rows can be removed). */
  readonly key: number;
  readonly name: string;
  readonly publicKey: string;
  readonly weight: string;
}

export interface ConveneDraft {
  readonly title: string;
  readonly weight: string;
  readonly parties: readonly PartyDraft[];
  readonly rules: Readonly<Record<Decision, RuleDraft>>;
  readonly entryIntoForce: EntryIntoForceDraft;
}

export const DEFAULT_RULE: RuleDraft = {
  kind: 'consensus',
  share: { num: '2', den: '3' },
  partyShare: { num: '55', den: '100' },
  weightShare: { num: '65', den: '100' },
  blockingMinority: '',
};

export const emptyConvene = (): ConveneDraft => ({
  title: '',
  weight: '1',
  parties: [],
  rules: { admit: DEFAULT_RULE, remove: DEFAULT_RULE, adopt: DEFAULT_RULE },
  entryIntoForce: DEFAULT_ENTRY_INTO_FORCE,
});

/** Problems by field path ("title", "parties.3.publicKey", "rules.adopt.share"), in words. */
export type Problems = Readonly<Record<string, string>>;

const WHOLE = /^\s*\d+\s*$/;
const HEX_KEY = /^[0-9a-f]{64}$/;
const MAX_WEIGHT = 0xffffffff;

function weightProblem(text: string): string | null {
  if (!WHOLE.test(text)) return 'a whole number, at least 1';
  const n = Number(text);
  return n >= 1 && n <= MAX_WEIGHT ? null : `a whole number from 1 to ${MAX_WEIGHT}`;
}

/** A public key as people paste it: spaces and case do not matter. */
export const normaliseKey = (text: string): string => text.replace(/\s+/g, '').toLowerCase();

const fraction = (f: { num: string; den: string }) => ({ num: Number(f.num.trim()), den: Number(f.den.trim()) });

/** The rule a draft stands for, when its numbers parse (checked separately by ruleProblems). */
export function ruleOf(draft: RuleDraft): RuleSpec {
  switch (draft.kind) {
    case 'consensus':
      return { kind: 'consensus' };
    case 'qualified-majority':
      return { kind: 'qualified-majority', share: fraction(draft.share) };
    case 'double-majority': {
      const spec = { kind: 'double-majority' as const, partyShare: fraction(draft.partyShare), weightShare: fraction(draft.weightShare) };
      return draft.blockingMinority.trim() === '' ? spec : { ...spec, blockingMinority: Number(draft.blockingMinority.trim()) };
    }
  }
}

export function ruleProblems(draft: RuleDraft, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  const check = (field: 'share' | 'partyShare' | 'weightShare') => {
    const f = draft[field];
    const problem = WHOLE.test(f.num) && WHOLE.test(f.den) ? shareProblem(fraction(f)) : 'must be whole numbers, at least 1';
    if (problem !== null) out[`${path}.${field}`] = `The share ${problem}.`;
  };
  if (draft.kind === 'qualified-majority') check('share');
  if (draft.kind === 'double-majority') {
    check('partyShare');
    check('weightShare');
    const b = draft.blockingMinority.trim();
    if (b !== '' && (!WHOLE.test(b) || Number(b) < 1 || Number(b) > 1000)) out[`${path}.blockingMinority`] = 'The blocking minority is a number of parties from 1 to 1000, or empty for none.';
  }
  return out;
}

/** Everything wrong with the form, by field; empty when it can be sent. `ownKey` is this delegation's. */
export function conveneProblems(draft: ConveneDraft, ownKey: string): Problems {
  const out: Record<string, string> = {};
  if (draft.title.trim() === '') out['title'] = 'Give the negotiation a title.';
  else if (draft.title.trim().length > 500) out['title'] = 'The title is at most 500 characters.';
  const own = weightProblem(draft.weight);
  if (own !== null) out['weight'] = `Your weight is ${own}.`;
  const seen = new Map<string, number>();
  draft.parties.forEach((p, i) => {
    const path = `parties.${p.key}`;
    if (p.name.trim() === '') out[`${path}.name`] = `Name delegation ${i + 1}.`;
    else if (p.name.trim().length > 200) out[`${path}.name`] = 'A name is at most 200 characters.';
    const key = normaliseKey(p.publicKey);
    if (!HEX_KEY.test(key)) out[`${path}.publicKey`] = 'A public key is 64 hexadecimal digits (0–9, a–f), as the delegation’s app shows it.';
    else if (key === ownKey) out[`${path}.publicKey`] = 'This is your own key: list the other delegations only.';
    else if (seen.has(key)) out[`${path}.publicKey`] = `The same key as delegation ${(seen.get(key) ?? 0) + 1}.`;
    else seen.set(key, i);
    const w = weightProblem(p.weight);
    if (w !== null) out[`${path}.weight`] = `The weight is ${w}.`;
  });
  for (const d of DECISIONS) Object.assign(out, ruleProblems(draft.rules[d], `rules.${d}`));
  Object.assign(out, entryIntoForceProblems(draft.entryIntoForce));
  return out;
}

/** The command's arguments (call only when conveneProblems is empty). */
export function conveneArgs(draft: ConveneDraft): ArgsOf<'negotiations.create'> {
  const entryIntoForce = entryIntoForceOf(draft.entryIntoForce);
  return {
    title: draft.title.trim(),
    weight: Number(draft.weight.trim()),
    parties: draft.parties.map((p) => ({ name: p.name.trim(), publicKey: normaliseKey(p.publicKey), weight: Number(p.weight.trim()) })),
    rules: { admit: ruleOf(draft.rules.admit), remove: ruleOf(draft.rules.remove), adopt: ruleOf(draft.rules.adopt) },
    // The default is what a charter without the clause means: it is left out.
    ...(!isDefaultEntryIntoForce(entryIntoForce) && { entryIntoForce }),
  };
}

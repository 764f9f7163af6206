import { describe, expect, it } from 'vitest';
import { checkArgs } from '../../src/node/api.js';
import { conveneArgs, conveneProblems, DEFAULT_RULE, emptyConvene, type ConveneDraft } from '../../src/renderer/screens/convene/convene-form.js';
import { ruleInWords, shareProblem } from '../../src/renderer/screens/convene/rule-words.js';
import {
  DEFAULT_ENTRY_INTO_FORCE,
  entryIntoForceInWords,
  ordinal,
  weightShareProblem,
  type EntryIntoForceDraft,
} from '../../src/renderer/screens/convene/entry-into-force.js';
import { createRng } from '../support/rng.js';
import { validateEntryIntoForceRule } from '../../src/core/acts/rule.js';
import { MAX_PARTIES } from '../../src/core/charter.js';

const OWN = 'aa'.repeat(32);
const TUVALU = 'c10cbe9a13dcfc233ed8bdebf9cf82512a3807535e46b7c07145cf734a11d512';

const draft = (change: Partial<ConveneDraft> = {}): ConveneDraft => ({ ...emptyConvene(), title: 'Pacific Albatross Agreement', ...change });

describe('rules in words', () => {
  it('says each kind of rule plainly', () => {
    expect(ruleInWords({ kind: 'consensus' })).toBe('Consensus: every party must sign.');
    expect(ruleInWords({ kind: 'qualified-majority', share: { num: 2, den: 3 } })).toBe('Qualified majority: at least 2/3 of the parties must sign.');
    expect(ruleInWords({ kind: 'double-majority', partyShare: { num: 55, den: 100 }, weightShare: { num: 65, den: 100 } })).toBe(
      'Double majority: at least 55% of the parties, holding at least 65% of the total weight, must sign.',
    );
    expect(ruleInWords({ kind: 'double-majority', partyShare: { num: 55, den: 100 }, weightShare: { num: 65, den: 100 }, blockingMinority: 4 })).toMatch(
      /unless 4 parties or more withhold their signature \(a blocking minority\)\.$/,
    );
  });

  it('refuses shares of one half or less, and more than the whole', () => {
    expect(shareProblem({ num: 1, den: 2 })).toBe('must be more than one half');
    expect(shareProblem({ num: 51, den: 100 })).toBeNull();
    expect(shareProblem({ num: 4, den: 3 })).toBe('cannot be more than the whole');
    expect(shareProblem({ num: 0, den: 3 })).toMatch(/at least 1/);
  });
});

describe('the convene form', () => {
  it('with a title and no other party, is ready, and makes arguments the node accepts', () => {
    const d = draft();
    expect(conveneProblems(d, OWN)).toEqual({});
    const args = conveneArgs(d);
    expect(args).toEqual({
      title: 'Pacific Albatross Agreement',
      weight: 1,
      parties: [],
      rules: { admit: { kind: 'consensus' }, remove: { kind: 'consensus' }, adopt: { kind: 'consensus' } },
    });
    expect(checkArgs('negotiations.create', args).ok).toBe(true);
  });

  it('names each problem by its field and keeps what was typed', () => {
    const d = draft({
      title: '  ',
      weight: '0',
      parties: [
        { key: 7, name: '', publicKey: 'not a key', weight: '1' },
        { key: 9, name: 'Self', publicKey: OWN.toUpperCase(), weight: 'two' },
      ],
      rules: { admit: DEFAULT_RULE, remove: DEFAULT_RULE, adopt: { ...DEFAULT_RULE, kind: 'qualified-majority', share: { num: '1', den: '2' } } },
    });
    const problems = conveneProblems(d, OWN);
    expect(Object.keys(problems).sort()).toEqual(
      ['parties.7.name', 'parties.7.publicKey', 'parties.9.publicKey', 'parties.9.weight', 'rules.adopt.share', 'title', 'weight'].sort(),
    );
    expect(problems['parties.9.publicKey']).toMatch(/your own key/);
    expect(problems['rules.adopt.share']).toBe('The share must be more than one half.');
    expect(d.parties[0]!.publicKey).toBe('not a key');
  });

  it('finds a key listed twice, whatever its spacing and case', () => {
    const spaced = TUVALU.toUpperCase().replace(/(.{8})/g, '$1 ');
    const d = draft({ parties: [{ key: 1, name: 'Tuvalu', publicKey: TUVALU, weight: '1' }, { key: 2, name: 'Tuvalu again', publicKey: spaced, weight: '1' }] });
    expect(conveneProblems(d, OWN)).toEqual({ 'parties.2.publicKey': 'The same key as delegation 1.' });
  });

  it('turns double-majority fields into the rule, with or without a blocking minority', () => {
    const rule = { ...DEFAULT_RULE, kind: 'double-majority' as const, blockingMinority: ' 4 ' };
    const d = draft({
      weight: ' 3 ',
      parties: [{ key: 1, name: ' Tuvalu ', publicKey: ` ${TUVALU.toUpperCase()} `, weight: '2' }],
      rules: { admit: rule, remove: { ...rule, blockingMinority: '' }, adopt: DEFAULT_RULE },
    });
    expect(conveneProblems(d, OWN)).toEqual({});
    const args = conveneArgs(d);
    expect(args.weight).toBe(3);
    expect(args.parties).toEqual([{ name: 'Tuvalu', publicKey: TUVALU, weight: 2 }]);
    expect(args.rules!.admit).toEqual({ kind: 'double-majority', partyShare: { num: 55, den: 100 }, weightShare: { num: 65, den: 100 }, blockingMinority: 4 });
    expect(args.rules!.remove).toEqual({ kind: 'double-majority', partyShare: { num: 55, den: 100 }, weightShare: { num: 65, den: 100 } });
    expect(checkArgs('negotiations.create', args).ok).toBe(true);
  });

  it('refuses a blocking minority that is not a count of parties', () => {
    const rule = { ...DEFAULT_RULE, kind: 'double-majority' as const, blockingMinority: '0' };
    expect(conveneProblems(draft({ rules: { admit: rule, remove: DEFAULT_RULE, adopt: DEFAULT_RULE } }), OWN)).toHaveProperty(['rules.admit.blockingMinority']);
  });
});

describe('the entry-into-force rule in the convene form', () => {
  const rule = (change: Partial<EntryIntoForceDraft>): EntryIntoForceDraft => ({ ...DEFAULT_ENTRY_INTO_FORCE, ...change });

  it('says each kind in words, with the delay as the law counts it', () => {
    expect(entryIntoForceInWords({ kind: 'all-negotiating-parties', delayDays: 0 })).toBe(
      'The treaty enters into force on the day every negotiating party has consented to be bound (by ratification, acceptance, approval or accession).',
    );
    expect(entryIntoForceInWords({ kind: 'consents', count: 1, delayDays: 1 })).toMatch(/^The treaty enters into force on the 1st day after the day 1 party has consented to be bound/);
    expect(entryIntoForceInWords({ kind: 'consents-and-weight', count: 55, weightShare: { num: 55, den: 100 }, delayDays: 30 })).toMatch(
      /^The treaty enters into force on the 30th day after the day 55 parties, holding at least 55% of the total weight, have consented to be bound/,
    );
    expect(entryIntoForceInWords({ kind: 'consents-and-weight', count: 1, weightShare: { num: 2, den: 3 }, delayDays: 0 })).toMatch(/1 party, holding at least 2\/3 of the total weight, has consented/);
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 111, 112].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '111th', '112th']);
  });

  it('leaves the default out of the arguments, and sends any other rule the node accepts', () => {
    expect(conveneArgs(draft({ entryIntoForce: rule({ kind: 'all-negotiating-parties', count: 'junk' }) }))).not.toHaveProperty('entryIntoForce');
    const delayed = conveneArgs(draft({ entryIntoForce: rule({ delayDays: ' 30 ' }) }));
    expect(delayed.entryIntoForce).toEqual({ kind: 'all-negotiating-parties', delayDays: 30 });
    const paris = conveneArgs(draft({ entryIntoForce: rule({ kind: 'consents-and-weight', count: '55', share: { num: '55', den: '100' }, delayDays: '30' }) }));
    expect(paris.entryIntoForce).toEqual({ kind: 'consents-and-weight', count: 55, weightShare: { num: 55, den: 100 }, delayDays: 30 });
    expect(checkArgs('negotiations.create', paris).ok).toBe(true);
    const two = conveneArgs(draft({ entryIntoForce: rule({ kind: 'consents', count: '2' }) }));
    expect(two.entryIntoForce).toEqual({ kind: 'consents', count: 2, delayDays: 0 });
    expect(checkArgs('negotiations.create', two).ok).toBe(true);
  });

  it('names each problem by its field, only for the fields its kind uses, and accepts a share of one half or less', () => {
    const problems = (change: Partial<EntryIntoForceDraft>) => conveneProblems(draft({ entryIntoForce: rule(change) }), OWN);
    expect(problems({ kind: 'all-negotiating-parties', count: '0', share: { num: 'x', den: '0' } })).toEqual({});
    expect(Object.keys(problems({ kind: 'consents', count: '0', delayDays: '-1', share: { num: 'x', den: '0' } })).sort()).toEqual(['entryIntoForce.count', 'entryIntoForce.delayDays']);
    expect(problems({ kind: 'consents', count: '1001' })['entryIntoForce.count']).toBe('The number of consents needed is a whole number from 1 to 1000.');
    expect(problems({ delayDays: '36601' })['entryIntoForce.delayDays']).toMatch(/from 0 to 36600/);
    expect(problems({ kind: 'consents-and-weight', share: { num: '3', den: '2' } })).toEqual({ 'entryIntoForce.share': 'The share cannot be more than the whole.' });
    expect(problems({ kind: 'consents-and-weight', share: { num: '1', den: '3' } })).toEqual({});
    expect(weightShareProblem({ num: 1, den: 2_000_000 })).toMatch(/at most 1,000,000/);
  });

  it('every rule it lets through, the node accepts (seeded)', () => {
    const seed = 0x5eed;
    const rng = createRng(seed);
    const kinds = ['all-negotiating-parties', 'consents', 'consents-and-weight'] as const;
    const numeral = () => String(rng.chance(0.25) ? rng.int(2_000_000) : rng.int(120));
    for (let i = 0; i < 300; i++) {
      const d = draft({ entryIntoForce: { kind: rng.pick(kinds), count: numeral(), share: { num: numeral(), den: numeral() }, delayDays: numeral() } });
      const problems = conveneProblems(d, OWN);
      const checked = checkArgs('negotiations.create', conveneArgs(d));
      expect(Object.keys(problems).length === 0 ? checked.ok : true, `seed ${seed}, case ${i}: ${JSON.stringify(d.entryIntoForce)}`).toBe(true);
      const rule = conveneArgs(d).entryIntoForce;
      if (checked.ok && rule !== undefined) expect(validateEntryIntoForceRule(rule, MAX_PARTIES).ok, `seed ${seed}, case ${i}: the core refuses it`).toBe(true);
      if (Object.keys(problems).length > 0) expect(checked.ok, `seed ${seed}, case ${i}: the node would take what the form refuses`).toBe(false);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { checkArgs } from '../../src/node/api.js';
import { conveneArgs, conveneProblems, DEFAULT_RULE, emptyConvene, type ConveneDraft } from '../../src/renderer/screens/convene/convene-form.js';
import { ruleInWords, shareProblem } from '../../src/renderer/screens/convene/rule-words.js';

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

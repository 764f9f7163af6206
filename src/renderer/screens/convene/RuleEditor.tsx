/** One decision's rule: consensus, qualified majority or double majority, and the rule in words. */
import { useId } from 'react';
import type { Problems, RuleDraft, RuleKind } from './convene-form.js';
import { ruleOf } from './convene-form.js';
import { DECISION_NAMES, ruleInWords, type Decision } from './rule-words.js';

type ShareField = 'share' | 'partyShare' | 'weightShare';

export function RuleEditor({
  decision,
  rule,
  problems,
  onChange,
}: {
  readonly decision: Decision;
  readonly rule: RuleDraft;
  readonly problems: Problems;
  readonly onChange: (rule: RuleDraft) => void;
}) {
  const id = useId();
  const path = `rules.${decision}`;
  const problemIn = (field: string) => problems[`${path}.${field}`];
  const wordsOk = Object.keys(problems).every((k) => !k.startsWith(`${path}.`));

  const share = (field: ShareField, label: string) => {
    const problem = problemIn(field);
    return (
      <div className="share" role="group" aria-label={`${label} (${DECISION_NAMES[decision].toLowerCase()})`}>
        <span className="share-label">{label}</span>
        <input
          className="num-input"
          inputMode="numeric"
          aria-label={`${label}: numerator`}
          value={rule[field].num}
          aria-invalid={problem !== undefined}
          onChange={(e) => onChange({ ...rule, [field]: { ...rule[field], num: e.target.value } })}
        />
        <span aria-hidden="true">/</span>
        <input
          className="num-input"
          inputMode="numeric"
          aria-label={`${label}: denominator`}
          value={rule[field].den}
          aria-invalid={problem !== undefined}
          onChange={(e) => onChange({ ...rule, [field]: { ...rule[field], den: e.target.value } })}
        />
        {problem !== undefined && <span className="field-error">{problem}</span>}
      </div>
    );
  };

  return (
    <fieldset className="rule">
      <legend>{DECISION_NAMES[decision]}</legend>
      <div className="field inline">
        <label htmlFor={`${id}-kind`}>Rule</label>
        <select
          id={`${id}-kind`}
          aria-label={`Rule for ${DECISION_NAMES[decision].toLowerCase()}`}
          value={rule.kind}
          onChange={(e) => onChange({ ...rule, kind: e.target.value as RuleKind })}
          aria-describedby={`${id}-words`}
        >
          <option value="consensus">Consensus</option>
          <option value="qualified-majority">Qualified majority</option>
          <option value="double-majority">Double majority</option>
        </select>
      </div>
      {rule.kind === 'qualified-majority' && share('share', 'Share of the parties')}
      {rule.kind === 'double-majority' && (
        <>
          {share('partyShare', 'Share of the parties')}
          {share('weightShare', 'Share of the weight')}
          <label className="field inline">
            <span>Blocking minority (parties, optional)</span>
            <input
              className="num-input"
              inputMode="numeric"
              value={rule.blockingMinority}
              aria-invalid={problemIn('blockingMinority') !== undefined}
              onChange={(e) => onChange({ ...rule, blockingMinority: e.target.value })}
            />
            {problemIn('blockingMinority') !== undefined && <span className="field-error">{problemIn('blockingMinority')}</span>}
          </label>
        </>
      )}
      <p id={`${id}-words`} className="rule-words" aria-live="polite">
        {wordsOk ? ruleInWords(ruleOf(rule)) : 'Correct the numbers to see the rule in words.'}
      </p>
    </fieldset>
  );
}

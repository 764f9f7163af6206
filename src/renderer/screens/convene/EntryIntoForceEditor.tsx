/**
 * The charter's rule for entry into force: which condition (every negotiating party, a number of
 * consents, or consents holding a share of the weight), its numbers, the delay in days, and the
 * rule in words as it would read.
 */
import { useId } from 'react';
import type { Problems } from './convene-form.js';
import { ENTRY_INTO_FORCE_KINDS, entryIntoForceInWords, entryIntoForceOf, type EntryIntoForceDraft } from './entry-into-force.js';
import './convene.css';

const PATH = 'entryIntoForce';

export function EntryIntoForceEditor({
  draft,
  problems,
  onChange,
}: {
  readonly draft: EntryIntoForceDraft;
  readonly problems: Problems;
  readonly onChange: (draft: EntryIntoForceDraft) => void;
}) {
  const id = useId();
  const problemIn = (field: string) => problems[`${PATH}.${field}`];
  const wordsOk = Object.keys(problems).every((k) => !k.startsWith(`${PATH}.`));
  const countProblem = problemIn('count');
  const shareProblem = problemIn('share');
  const delayProblem = problemIn('delayDays');

  return (
    <fieldset className="entry-into-force">
      <legend>Entry into force</legend>
      <p className="muted">
        When an adopted text enters into force. The charter names the rule, and every party’s node applies it to the consents to be bound
        (ratification, acceptance, approval or accession) as they are deposited.
      </p>
      <div className="choices" role="radiogroup" aria-label="Condition for entry into force" aria-describedby={`${id}-words`}>
        {ENTRY_INTO_FORCE_KINDS.map((k) => (
          <label key={k.kind} className="choice">
            <input type="radio" name={`${id}-kind`} value={k.kind} checked={draft.kind === k.kind} onChange={() => onChange({ ...draft, kind: k.kind })} />
            <span>{k.label}</span>
          </label>
        ))}
      </div>
      <div className="form-row">
        {draft.kind !== 'all-negotiating-parties' && (
          <label className="field">
            <span>Consents needed</span>
            <input className="num-input" inputMode="numeric" value={draft.count} aria-invalid={countProblem !== undefined} onChange={(e) => onChange({ ...draft, count: e.target.value })} />
            {countProblem !== undefined && <span className="field-error">{countProblem}</span>}
          </label>
        )}
        {draft.kind === 'consents-and-weight' && (
          <div className="field" role="group" aria-label="Share of the weight (entry into force)">
            <span>Share of the weight</span>
            <div className="share">
              <input
                className="num-input"
                inputMode="numeric"
                aria-label="Share of the weight: numerator"
                value={draft.share.num}
                aria-invalid={shareProblem !== undefined}
                onChange={(e) => onChange({ ...draft, share: { ...draft.share, num: e.target.value } })}
              />
              <span aria-hidden="true">/</span>
              <input
                className="num-input"
                inputMode="numeric"
                aria-label="Share of the weight: denominator"
                value={draft.share.den}
                aria-invalid={shareProblem !== undefined}
                onChange={(e) => onChange({ ...draft, share: { ...draft.share, den: e.target.value } })}
              />
            </div>
            {shareProblem !== undefined && <span className="field-error">{shareProblem}</span>}
          </div>
        )}
        <label className="field">
          <span>Delay (days after the condition is met)</span>
          <input className="num-input" inputMode="numeric" value={draft.delayDays} aria-invalid={delayProblem !== undefined} onChange={(e) => onChange({ ...draft, delayDays: e.target.value })} />
          {delayProblem !== undefined && <span className="field-error">{delayProblem}</span>}
        </label>
      </div>
      <p id={`${id}-words`} className="rule-words" aria-live="polite">
        {wordsOk ? entryIntoForceInWords(entryIntoForceOf(draft)) : 'Correct the numbers to see the rule in words.'}
      </p>
    </fieldset>
  );
}

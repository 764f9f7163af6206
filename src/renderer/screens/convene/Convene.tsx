/**
 * Convene a negotiation: its title, this delegation's weight, the delegations whose keys are
 * already known (most join later with a code), the rule for each collective decision, and the
 * rule for the treaty's entry into force.
 * Problems show beside their fields; nothing typed is lost on an error.
 */
import { useRef, useState, type FormEvent } from 'react';
import type { IdentityView, NegotiationDetail } from '../../../node/api.js';
import { useNode } from '../../app/node-context.js';
import { useAction } from '../../app/use-query.js';
import { ErrorText } from '../common/ErrorText.js';
import { conveneArgs, conveneProblems, emptyConvene, type ConveneDraft, type PartyDraft } from './convene-form.js';
import { EntryIntoForceEditor } from './EntryIntoForceEditor.js';
import { RuleEditor } from './RuleEditor.js';
import { DECISIONS } from './rule-words.js';

export function Convene({
  identity,
  onConvened,
  onCancel,
}: {
  readonly identity: IdentityView;
  readonly onConvened: (detail: NegotiationDetail) => void;
  readonly onCancel: () => void;
}) {
  const client = useNode();
  const [draft, setDraft] = useState<ConveneDraft>(emptyConvene);
  const [tried, setTried] = useState(false);
  const nextKey = useRef(1);
  const create = useAction((d: ConveneDraft) => client.call('negotiations.create', conveneArgs(d)));
  const problems = tried ? conveneProblems(draft, identity.publicKey) : {};

  const setParty = (key: number, change: Partial<PartyDraft>) =>
    setDraft((d) => ({ ...d, parties: d.parties.map((p) => (p.key === key ? { ...p, ...change } : p)) }));
  const addParty = () => setDraft((d) => ({ ...d, parties: [...d.parties, { key: nextKey.current++, name: '', publicKey: '', weight: '1' }] }));
  const removeParty = (key: number) => setDraft((d) => ({ ...d, parties: d.parties.filter((p) => p.key !== key) }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(conveneProblems(draft, identity.publicKey)).length > 0) return;
    const result = await create.run(draft);
    if (result.ok) onConvened(result.value);
  };
  const count = Object.keys(problems).length;

  return (
    <div className="page">
      <div className="page-head">
        <h1>Convene a negotiation</h1>
      </div>
      <form className="stack convene" onSubmit={(e) => void submit(e)} noValidate>
        <label className="field">
          <span>Title of the negotiation</span>
          <input
            value={draft.title}
            onChange={(e) => setDraft({ ...draft, title: e.target.value })}
            maxLength={500}
            aria-invalid={problems['title'] !== undefined}
            autoFocus
            placeholder="e.g. Pacific Albatross Agreement"
          />
          {problems['title'] !== undefined && <span className="field-error">{problems['title']}</span>}
        </label>
        <label className="field narrow-field">
          <span>Weight of your delegation ({identity.name})</span>
          <input className="num-input" inputMode="numeric" value={draft.weight} onChange={(e) => setDraft({ ...draft, weight: e.target.value })} aria-invalid={problems['weight'] !== undefined} />
          {problems['weight'] !== undefined && <span className="field-error">{problems['weight']}</span>}
        </label>

        <fieldset className="parties-rows">
          <legend>Other delegations</legend>
          <p className="muted">
            Most delegations join later with an invitation code. List here only those whose public keys you already hold; you can leave this empty.
          </p>
          {draft.parties.map((p, i) => {
            const path = `parties.${p.key}`;
            const n = i + 1;
            return (
              <div className="party-row" key={p.key} role="group" aria-label={`Delegation ${n}`}>
                <label className="field">
                  <span>Name of delegation {n}</span>
                  <input value={p.name} onChange={(e) => setParty(p.key, { name: e.target.value })} maxLength={200} aria-invalid={problems[`${path}.name`] !== undefined} />
                  {problems[`${path}.name`] !== undefined && <span className="field-error">{problems[`${path}.name`]}</span>}
                </label>
                <label className="field grow">
                  <span>Public key of delegation {n}</span>
                  <input className="mono" value={p.publicKey} onChange={(e) => setParty(p.key, { publicKey: e.target.value })} spellCheck={false} aria-invalid={problems[`${path}.publicKey`] !== undefined} />
                  {problems[`${path}.publicKey`] !== undefined && <span className="field-error">{problems[`${path}.publicKey`]}</span>}
                </label>
                <label className="field">
                  <span>Weight of delegation {n}</span>
                  <input className="num-input" inputMode="numeric" value={p.weight} onChange={(e) => setParty(p.key, { weight: e.target.value })} aria-invalid={problems[`${path}.weight`] !== undefined} />
                  {problems[`${path}.weight`] !== undefined && <span className="field-error">{problems[`${path}.weight`]}</span>}
                </label>
                <button type="button" className="quiet remove-row" onClick={() => removeParty(p.key)} aria-label={`Remove delegation ${n}`}>
                  Remove
                </button>
              </div>
            );
          })}
          <div>
            <button type="button" className="secondary" onClick={addParty}>
              Add a delegation
            </button>
          </div>
        </fieldset>

        <fieldset className="rules">
          <legend>Decision rules</legend>
          <p className="muted">Each collective decision is a block the parties sign; it is final when the signatures meet its rule.</p>
          <div className="rules-grid">
            {DECISIONS.map((d) => (
              <RuleEditor key={d} decision={d} rule={draft.rules[d]} problems={problems} onChange={(rule) => setDraft({ ...draft, rules: { ...draft.rules, [d]: rule } })} />
            ))}
          </div>
        </fieldset>

        <EntryIntoForceEditor draft={draft.entryIntoForce} problems={problems} onChange={(entryIntoForce) => setDraft({ ...draft, entryIntoForce })} />

        {count > 0 && (
          <p className="error" role="alert">
            {count === 1 ? 'One field needs correcting' : `${count} fields need correcting`} before the negotiation can be convened.
          </p>
        )}
        <ErrorText error={create.error} prefix="The negotiation was not convened:" />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.pending}>
            {create.pending ? 'Convening…' : 'Convene the negotiation'}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

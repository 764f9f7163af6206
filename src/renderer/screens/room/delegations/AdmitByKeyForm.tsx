/**
 * "Admit by key": proposes (and signs) the admission of a delegation whose public key the parties
 * already hold, or approves the pending admission of that key.
 */
import { useState, type FormEvent } from 'react';
import { useNode } from '../../../app/node-context.js';
import { useAction } from '../../../app/use-query.js';
import { ErrorText } from '../../common/ErrorText.js';
import { normaliseKey } from '../../convene/convene-form.js';

export function AdmitByKeyForm({ negotiation, onProposed }: { readonly negotiation: string; readonly onProposed: () => void }) {
  const client = useNode();
  const [name, setName] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [weight, setWeight] = useState('1');
  const [done, setDone] = useState<string | null>(null);
  const admit = useAction(() => client.call('invitations.admit', { negotiation, name: name.trim(), publicKey: normaliseKey(publicKey), weight: Number(weight.trim()) }));
  const keyProblem = publicKey.trim() !== '' && !/^[0-9a-f]{64}$/.test(normaliseKey(publicKey)) ? 'A public key is 64 hexadecimal digits (0–9, a–f).' : null;
  const weightProblem = !/^\s*\d+\s*$/.test(weight) || Number(weight) < 1 ? 'A whole number, at least 1.' : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (keyProblem !== null || weightProblem !== null) return;
    setDone(null);
    const result = await admit.run();
    if (result.ok) {
      setDone(`The admission of ${name.trim()} is proposed, with your signature, at height ${result.value.height}.`);
      setName('');
      setPublicKey('');
      setWeight('1');
      onProposed();
    }
  };
  return (
    <form className="admit-by-key stack" onSubmit={(e) => void submit(e)} aria-labelledby="admit-title">
      <h3 id="admit-title">Admit by key</h3>
      <p className="muted">For a delegation whose public key you hold (read its fingerprint back to it first). Your node proposes the admission and signs it.</p>
      <div className="form-row">
        <label className="field">
          <span>Name of the delegation</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
        </label>
        <label className="field grow">
          <span>Public key of the delegation</span>
          <input className="mono" value={publicKey} onChange={(e) => setPublicKey(e.target.value)} spellCheck={false} required aria-invalid={keyProblem !== null} />
          {keyProblem !== null && <span className="field-error">{keyProblem}</span>}
        </label>
        <label className="field">
          <span>Weight of the delegation</span>
          <input className="num-input" inputMode="numeric" value={weight} onChange={(e) => setWeight(e.target.value)} aria-invalid={weightProblem !== null} />
          {weightProblem !== null && <span className="field-error">{weightProblem}</span>}
        </label>
      </div>
      <ErrorText error={admit.error} prefix="Not admitted:" />
      {done !== null && (
        <p className="ok-text" role="status">
          {done}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="secondary" disabled={admit.pending || name.trim() === '' || publicKey.trim() === ''}>
          {admit.pending ? 'Proposing…' : 'Propose the admission'}
        </button>
      </div>
    </form>
  );
}

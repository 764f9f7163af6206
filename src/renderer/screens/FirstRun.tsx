/**
 * First run: the delegation names itself (its key already exists), then sees its fingerprint and
 * public key, which the other delegations need before anything else.
 */
import { useState, type FormEvent } from 'react';
import type { IdentityView } from '../../node/api.js';
import { useNode } from '../app/node-context.js';
import { useAction } from '../app/use-query.js';
import { ErrorText } from './common/ErrorText.js';
import { KeyCard } from './KeyCard.js';

export function NameDelegation({ onNamed }: { readonly onNamed: (identity: IdentityView) => void }) {
  const client = useNode();
  const [name, setName] = useState('');
  const create = useAction((n: string) => client.call('identity.create', { name: n }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await create.run(name.trim());
    if (result.ok) onNamed(result.value);
  };
  return (
    <div className="page narrow">
      <h1>Name your delegation</h1>
      <p>
        The other delegations will see this name beside your edits and signatures. Use your delegation's official name, e.g.
        “Republic of Kiribati”.
      </p>
      <form onSubmit={(e) => void submit(e)} className="stack">
        <label className="field">
          <span>Name of your delegation</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required autoFocus autoComplete="organization" />
        </label>
        <ErrorText error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.pending || name.trim() === ''}>
            {create.pending ? 'Creating…' : 'Create delegation'}
          </button>
        </div>
      </form>
    </div>
  );
}

export function Welcome({ identity, onContinue }: { readonly identity: IdentityView; readonly onContinue: () => void }) {
  return (
    <div className="page narrow">
      <h1>Welcome, {identity.name}</h1>
      <p>Your delegation's key is ready. It never leaves this machine; only the public part below is shared.</p>
      <KeyCard identity={identity} />
      <div className="actions">
        <button type="button" className="primary" onClick={onContinue} autoFocus>
          Continue to your negotiations
        </button>
      </div>
    </div>
  );
}

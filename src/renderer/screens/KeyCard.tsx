/**
 * This delegation's key as others need it: the fingerprint to read aloud (so they can check the
 * key they hold is this one) and the public key to copy (so a convenor can list this delegation).
 */
import type { IdentityView } from '../../node/api.js';
import { CopyButton } from './common/CopyButton.js';

export function KeyCard({ identity }: { readonly identity: IdentityView }) {
  return (
    <div className="key-card">
      <p className="key-card-label">Fingerprint</p>
      <p className="fingerprint fingerprint-large" aria-label="Fingerprint">
        {identity.fingerprint}
      </p>
      <p>Read this fingerprint to the other delegations to confirm your key.</p>
      <label className="field">
        <span>Public key</span>
        <span className="with-button">
          <textarea className="mono key-output" readOnly rows={2} value={identity.publicKey} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
          <CopyButton value={identity.publicKey} what="public key" label="Copy public key" />
        </span>
      </label>
      <p className="muted">A convenor needs this key to list your delegation in a charter.</p>
    </div>
  );
}

/** "Invite a delegation": a one-time code to send to the delegation, by a channel the parties trust. */
import { useState } from 'react';
import { useNode } from '../../../app/node-context.js';
import { useAction } from '../../../app/use-query.js';
import { CopyButton } from '../../common/CopyButton.js';
import { ErrorText } from '../../common/ErrorText.js';

export function InviteBox({ negotiation }: { readonly negotiation: string }) {
  const client = useNode();
  const [code, setCode] = useState<string | null>(null);
  const invite = useAction(() => client.call('invitations.create', { negotiation }));
  const create = async () => {
    const result = await invite.run();
    if (result.ok) setCode(result.value.code);
  };
  return (
    <section className="invite" aria-labelledby="invite-title">
      <h3 id="invite-title">Invite a delegation</h3>
      <p className="muted">
        A code lets one delegation ask to join, for seven days. Its admission is then proposed to the parties, who approve it under the charter's rule.
      </p>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void create()} disabled={invite.pending}>
          {invite.pending ? 'Creating a code…' : code === null ? 'Invite a delegation' : 'Create another code'}
        </button>
      </div>
      <ErrorText error={invite.error} prefix="No code was created:" />
      {code !== null && (
        <label className="field">
          <span>Invitation code</span>
          <span className="with-button">
            <textarea className="mono code-output" readOnly value={code} rows={3} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
            <CopyButton value={code} what="invitation code" label="Copy code" />
          </span>
        </label>
      )}
    </section>
  );
}

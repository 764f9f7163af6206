/**
 * Join with a code: the node asks the inviter (who proposes the admission and signs it), then the
 * delegation waits until the parties have admitted it under the charter's rule.
 */
import { useState, type FormEvent } from 'react';
import type { NegotiationSummary } from '../../../node/api.js';
import { useNode } from '../../app/node-context.js';
import { useAction } from '../../app/use-query.js';
import { AdmissionWait } from './AdmissionWait.js';
import { joinErrorInWords } from './join-words.js';

export function Join({
  onAdmitted,
  onCancel,
}: {
  readonly onAdmitted: (negotiation: string) => void;
  readonly onCancel: () => void;
}) {
  const client = useNode();
  const [code, setCode] = useState('');
  const [joined, setJoined] = useState<NegotiationSummary | null>(null);
  const join = useAction((c: string) => client.call('invitations.join', { code: c }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await join.run(code.replace(/\s+/g, ''));
    if (!result.ok) return;
    if (result.value.status !== 'joining' && result.value.member) onAdmitted(result.value.id);
    else setJoined(result.value);
  };

  if (joined !== null) {
    return (
      <div className="page narrow">
        <h1>Joining “{joined.title}”</h1>
        <AdmissionWait negotiation={joined.id} onAdmitted={() => onAdmitted(joined.id)} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onCancel}>
            Back to your negotiations
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="page narrow">
      <h1>Join with a code</h1>
      <p>Paste the invitation code a party to the negotiation gave you. Your node will ask the inviter's node, which proposes your admission to the parties.</p>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>Invitation code</span>
          <textarea className="mono code-input" value={code} onChange={(e) => setCode(e.target.value)} rows={4} spellCheck={false} required autoFocus />
        </label>
        {join.pending && (
          <p className="progress-line" role="status">
            <progress aria-label="Asking the inviter" /> Asking the inviter…
          </p>
        )}
        {join.error !== undefined && (
          <p className="error" role="alert">
            {joinErrorInWords(join.error)}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={join.pending || code.trim() === ''}>
            Join
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

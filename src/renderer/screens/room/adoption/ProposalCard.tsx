/**
 * One pending proposal: what it decides (for an adoption, the exact text and its hash, in each
 * authentic language), who has
 * signed, the rule, what it still needs; Sign (after a confirmation showing the hash) and Decline.
 */
import { useId, useState } from 'react';
import type { PartyRef, ProposalView } from '../../../../node/api.js';
import { useNode, useNodeEvent } from '../../../app/node-context.js';
import { useAction, useQuery } from '../../../app/use-query.js';
import { ErrorText } from '../../common/ErrorText.js';
import { formatWhen } from '../../common/format.js';
import { Hash } from '../../common/Hash.js';
import { PartyName } from '../../common/PartyName.js';
import { decisionInWords, maySign } from './proposal-words.js';
import { SignDialog, type SignIntent } from './SignDialog.js';
import { TextInLanguages } from './TextInLanguages.js';

export function ProposalCard({
  negotiation,
  proposal,
  self,
  member,
  showText = true,
}: {
  readonly negotiation: string;
  readonly proposal: ProposalView;
  readonly self: string;
  readonly member: boolean;
  /** The adoption's exact text (the Delegations tab shows admissions only, without it). */
  readonly showText?: boolean;
}) {
  const client = useNode();
  const headingId = useId();
  const tally = useQuery(() => client.call('adoption.tally', { negotiation, headerHash: proposal.headerHash }), [negotiation, proposal.headerHash], {
    events: ['vote', 'block-final'],
    when: (e) => 'negotiation' in e && e.negotiation === negotiation,
  });
  const [intent, setIntent] = useState<SignIntent | null>(null);
  // Declines (NIL votes) are not in the tally: gather them as they are counted, this session.
  const [declined, setDeclined] = useState<readonly PartyRef[]>([]);
  useNodeEvent(
    (e) => {
      if (e.type !== 'vote' || e.negotiation !== negotiation || e.target !== 'nil' || e.height !== proposal.height || e.round !== proposal.round) return;
      setDeclined((list) => (list.some((p) => p.id === e.party.id) ? list : [...list, e.party]));
    },
    ['vote'],
  );
  const iDeclined = declined.some((p) => p.id === self);
  const act = useAction((i: SignIntent) =>
    i.kind === 'sign'
      ? client.call('adoption.vote', { negotiation, headerHash: i.proposal.headerHash })
      : client.call('adoption.decline', { negotiation, round: i.proposal.round }),
  );
  const confirm = async () => {
    if (intent === null) return;
    const result = await act.run(intent);
    if (result.ok) {
      if (intent.kind === 'decline') setDeclined((list) => (list.some((p) => p.id === self) ? list : [...list, { id: self, name: 'your delegation' }]));
      setIntent(null);
      tally.reload();
    }
  };
  const close = () => {
    setIntent(null);
    act.clearError();
  };

  const t = tally.value;
  const label = decisionInWords(proposal);
  return (
    <article className={`proposal proposal-${proposal.kind}`} aria-labelledby={headingId}>
      <header className="proposal-head">
        <h3 id={headingId}>{label}</h3>
        <p className="muted small">
          Height {proposal.height} · round {proposal.round} · proposed by {proposal.proposer.name}, {formatWhen(proposal.proposedAt)}
        </p>
      </header>
      {proposal.adoption !== null && showText && <TextInLanguages adopted={proposal.adoption} regionLabel={`Exact text of ${label}`} hashWhat="text hash" />}
      {proposal.admission != null && (
        <p className="hash-line">
          <span className="hash-label">Public key</span> <Hash value={proposal.admission.publicKey} what={`public key of ${proposal.admission.party.name}`} />
        </p>
      )}
      {proposal.removal != null && proposal.removal.reason !== '' && <p>Reason given: {proposal.removal.reason}</p>}
      <dl className="tally" aria-live="polite">
        <div>
          <dt>Signed by</dt>
          <dd>
            {t === undefined ? (
              '…'
            ) : t.signers.length === 0 ? (
              'No signatures yet'
            ) : (
              <ul className="inline-list">
                {t.signers.map((s) => (
                  <li key={s.id}>
                    <PartyName id={s.id} name={s.name} you={s.id === self} />
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>The rule</dt>
          <dd>{t?.rule ?? '…'}</dd>
        </div>
        <div>
          <dt>Still needed</dt>
          <dd>{t === undefined ? '…' : t.final ? 'Nothing: the decision is final' : t.stillNeeded}</dd>
        </div>
      </dl>
      {declined.length > 0 && (
        <p className="small">
          Declined round {proposal.round}: {declined.map((p) => (p.id === self ? 'your delegation' : p.name)).join(', ')}.
        </p>
      )}
      <ErrorText error={tally.error} prefix="The tally could not be read:" />
      {t !== undefined && t.signers.some((s) => s.id === self) && !t.final && <p className="ok-text">✓ Your delegation has signed.</p>}
      {member && t !== undefined && !t.final && !iDeclined && (
        <div className="actions">
          {maySign(t, self, member) && (
            <button type="button" className="primary" onClick={() => setIntent({ kind: 'sign', proposal })} aria-label={`${proposal.kind === 'admit' ? 'Approve' : 'Sign'}: ${label}`}>
              {proposal.kind === 'admit' ? 'Approve' : 'Sign'}
            </button>
          )}
          <button type="button" className="secondary" onClick={() => setIntent({ kind: 'decline', proposal })} aria-label={`Decline this round (round ${proposal.round})`}>
            Decline this round
          </button>
        </div>
      )}
      <SignDialog intent={intent} pending={act.pending} error={act.error} onConfirm={() => void confirm()} onClose={close} />
    </article>
  );
}

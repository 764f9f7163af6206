/**
 * The confirmation before a signature: what is being signed, by its hashes, and that a signature
 * cannot be taken back. Also used to confirm declining a round.
 */
import type { ApiError, ProposalView } from '../../../../node/api.js';
import { Dialog } from '../../common/Dialog.js';
import { ErrorText } from '../../common/ErrorText.js';
import { groupHex } from '../../common/format.js';
import { languagesOf } from './authentic-texts.js';
import { decisionInWords } from './proposal-words.js';

export type SignIntent = { readonly kind: 'sign'; readonly proposal: ProposalView } | { readonly kind: 'decline'; readonly proposal: ProposalView };

export const signButtonText = (p: ProposalView): string =>
  p.kind === 'adopt' ? 'Sign this text' : p.kind === 'admit' ? 'Approve this admission' : 'Sign this removal';

export function SignDialog({
  intent,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  readonly intent: SignIntent | null;
  readonly pending: boolean;
  readonly error: ApiError | undefined;
  readonly onConfirm: () => void;
  readonly onClose: () => void;
}) {
  const p = intent?.proposal;
  const title = intent === null ? '' : intent.kind === 'sign' ? `Sign: ${decisionInWords(intent.proposal)}` : `Decline round ${intent.proposal.round}`;
  return (
    <Dialog open={intent !== null} title={title} onClose={onClose} className="sign-dialog">
      {intent !== null && p !== undefined && (
        <>
          {intent.kind === 'sign' ? (
            <>
              {p.adoption !== null && (p.adoption.authenticTexts ?? []).length === 0 && (
                <>
                  <p>You are signing the exact text whose hash is:</p>
                  <p className="hash-block" aria-label="Text hash being signed">
                    {groupHex(p.adoption.textHash)}
                  </p>
                </>
              )}
              {p.adoption !== null && (p.adoption.authenticTexts ?? []).length > 0 && (
                <>
                  <p>You are signing the exact texts, equally authentic, whose hashes are:</p>
                  <dl className="sign-hashes">
                    {languagesOf(p.adoption).map((l) => (
                      <div key={l.key}>
                        <dt>{l.name}</dt>
                        <dd className="hash-block" aria-label={l.language === null ? 'Text hash being signed' : `Text hash being signed, ${l.name}`}>
                          {groupHex(l.textHash)}
                        </dd>
                      </div>
                    ))}
                  </dl>
                </>
              )}
              {p.admission != null && (
                <p>
                  You are approving the admission of <strong>{p.admission.party.name}</strong> with weight {p.admission.weight}, public key{' '}
                  <code className="wrap">{groupHex(p.admission.publicKey)}</code>.
                </p>
              )}
              <p>Your signature covers the proposal at height {p.height}, round {p.round}, whose header hash is:</p>
              <p className="hash-block" aria-label="Header hash being signed">
                {groupHex(p.headerHash)}
              </p>
              <p className="muted">A signature cannot be withdrawn. Your node signs at most one proposal per round.</p>
            </>
          ) : (
            <p>
              Declining round {p.round} at height {p.height} is a vote against every proposal of that round, so that a new proposal can be made in
              the next round once enough parties have declined. It cannot be withdrawn.
            </p>
          )}
          <ErrorText error={error} />
          <div className="actions">
            <button type="button" className={intent.kind === 'sign' ? 'primary' : 'danger'} onClick={onConfirm} disabled={pending} autoFocus>
              {pending ? 'Signing…' : intent.kind === 'sign' ? signButtonText(p) : `Decline round ${p.round}`}
            </button>
            <button type="button" className="secondary" onClick={onClose}>
              Cancel
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

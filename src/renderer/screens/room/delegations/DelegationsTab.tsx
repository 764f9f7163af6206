/**
 * The delegations: the parties with their weights and fingerprints, invitations, admissions
 * awaiting approval (with what they still need), and admission by key.
 */
import type { IdentityView, NegotiationDetail } from '../../../../node/api.js';
import { useNode } from '../../../app/node-context.js';
import { inNegotiation, useQuery } from '../../../app/use-query.js';
import { CopyButton } from '../../common/CopyButton.js';
import { ErrorText } from '../../common/ErrorText.js';
import { PartyName } from '../../common/PartyName.js';
import { ProposalCard } from '../adoption/ProposalCard.js';
import { AdmitByKeyForm } from './AdmitByKeyForm.js';
import { InviteBox } from './InviteBox.js';

export function DelegationsTab({ negotiation, detail, identity }: { readonly negotiation: string; readonly detail: NegotiationDetail; readonly identity: IdentityView }) {
  const client = useNode();
  const proposals = useQuery(() => client.call('adoption.proposals', { negotiation }), [negotiation], {
    events: ['block-proposed', 'block-final'],
    when: inNegotiation(negotiation),
  });
  const admissions = (proposals.value ?? []).filter((p) => p.kind === 'admit');
  const totalWeight = detail.parties.reduce((sum, p) => sum + p.weight, 0);

  return (
    <div className="tab-body delegations">
      <h2>Parties</h2>
      <table className="table parties">
        <caption className="visually-hidden">The parties to {detail.title}</caption>
        <thead>
          <tr>
            <th scope="col">Delegation</th>
            <th scope="col" className="num">
              Weight
            </th>
            <th scope="col">Fingerprint</th>
            <th scope="col">Public key</th>
          </tr>
        </thead>
        <tbody>
          {detail.parties.map((p) => (
            <tr key={p.id}>
              <td>
                <PartyName id={p.id} name={p.name} you={p.isSelf} />
                {p.isConvenor && <span className="muted small"> · convenor</span>}
              </td>
              <td className="num">
                {p.weight}
                <span className="muted small"> / {totalWeight}</span>
              </td>
              <td>
                <span className="fingerprint">{p.fingerprint}</span>
              </td>
              <td>
                <code title={p.publicKey}>{p.publicKey.slice(0, 12)}…</code> <CopyButton value={p.publicKey} what={`public key of ${p.name}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Rules: admitting — {detail.rules.admit}; removing — {detail.rules.remove}; adopting — {detail.rules.adopt}.
      </p>

      <h2>Admissions awaiting approval</h2>
      <ErrorText error={proposals.error} prefix="The proposals could not be read:" />
      {proposals.value !== undefined && admissions.length === 0 && <p className="muted">None.</p>}
      {admissions.map((p) => (
        <ProposalCard key={p.headerHash} negotiation={negotiation} proposal={p} self={identity.party} member={detail.member} showText={false} />
      ))}

      {detail.member && (
        <div className="two-col">
          <InviteBox negotiation={negotiation} />
          <AdmitByKeyForm negotiation={negotiation} onProposed={proposals.reload} />
        </div>
      )}
    </div>
  );
}

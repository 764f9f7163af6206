/**
 * Home: the negotiations this delegation is party to (or joining), where each stands, who is
 * online; and the two ways in: convene one, or join one with a code.
 */
import type { IdentityView, NegotiationSummary } from '../../node/api.js';
import type { Query } from '../app/use-query.js';
import { ErrorText } from './common/ErrorText.js';
import { formatWhen } from './common/format.js';
import { onlineInWords, roleOf, standingOf } from './home-words.js';
import { KeyCard } from './KeyCard.js';

export function Home({
  identity,
  negotiations,
  onOpen,
  onConvene,
  onJoin,
}: {
  readonly identity: IdentityView;
  readonly negotiations: Query<NegotiationSummary[]>;
  readonly onOpen: (n: NegotiationSummary) => void;
  readonly onConvene: () => void;
  readonly onJoin: () => void;
}) {
  const list = negotiations.value;
  return (
    <div className="page">
      <div className="page-head">
        <h1>Your negotiations</h1>
        <div className="actions">
          <button type="button" className="primary" onClick={onConvene}>
            Convene a negotiation
          </button>
          <button type="button" className="secondary" onClick={onJoin}>
            Join with a code
          </button>
        </div>
      </div>
      <ErrorText error={negotiations.error} prefix="The list could not be read:" />
      {list === undefined ? (
        <p className="muted" role="status">
          Reading your negotiations…
        </p>
      ) : list.length === 0 ? (
        <div className="empty">
          <p>No negotiations yet.</p>
          <p className="muted">Convene one and invite the other delegations, or join one with a code another delegation gave you.</p>
        </div>
      ) : (
        <table className="table negotiations">
          <caption className="visually-hidden">Your negotiations</caption>
          <thead>
            <tr>
              <th scope="col">Negotiation</th>
              <th scope="col">Your role</th>
              <th scope="col">Height</th>
              <th scope="col">Status</th>
              <th scope="col">Parties</th>
              <th scope="col">Online</th>
            </tr>
          </thead>
          <tbody>
            {list.map((n) => (
              <tr key={n.id}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => onOpen(n)}>
                    {n.title}
                  </button>
                  <div className="muted small">
                    Convened by {n.convenor.name}, {formatWhen(n.createdAt)}
                  </div>
                </th>
                <td>{roleOf(n, identity.party)}</td>
                <td className="num">{n.height}</td>
                <td>{standingOf(n)}</td>
                <td className="num">{n.partyCount}</td>
                <td>
                  <span className={`online-dot ${n.online > 0 ? 'is-online' : ''}`} aria-hidden="true" />
                  {onlineInWords(n.online)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details className="your-key">
        <summary>Your delegation's key</summary>
        <KeyCard identity={identity} />
      </details>
    </div>
  );
}

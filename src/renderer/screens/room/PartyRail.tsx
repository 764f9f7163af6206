/** The room's left rail: the parties, their weights and colours, and who is online now (as the header says). */
import type { PartyView } from '../../../node/api.js';
import { PartyName } from '../common/PartyName.js';

export function PartyRail({
  parties,
  online: others,
  connected,
}: {
  readonly parties: readonly PartyView[];
  /** The other parties online (useOnlineParties). */
  readonly online: ReadonlySet<string>;
  /** This delegation is online while connected to its node. */
  readonly connected: boolean;
}) {
  const totalWeight = parties.reduce((sum, p) => sum + p.weight, 0);
  return (
    <nav className="rail" aria-label="Parties">
      <h2 className="rail-title">Parties ({parties.length})</h2>
      <ul className="rail-parties">
        {parties.map((p) => {
          const online = p.isSelf ? connected : others.has(p.id);
          return (
            <li key={p.id} className={online ? 'is-online' : 'is-offline'}>
              <PartyName id={p.id} name={p.name} you={p.isSelf} />
              <span className="rail-meta">
                <span className={`online-dot ${online ? 'is-online' : ''}`} aria-hidden="true" />
                {online ? 'online' : 'offline'} · weight {p.weight}
                {p.isConvenor && ' · convenor'}
              </span>
            </li>
          );
        })}
      </ul>
      <p className="rail-foot muted small">Total weight {totalWeight}</p>
    </nav>
  );
}

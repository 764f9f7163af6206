/**
 * Every party to an adopted version and what it did: initialled, signed, consented, reserved,
 * declared, objected, denounced, and since when it is bound. Reservations, declarations and
 * objections open to read their text.
 */
import type { TreatyPartyView, TreatyVersionView } from '../../../../node/api.js';
import { PartyName } from '../../common/PartyName.js';
import { dayInWords, objectionInWords, partyCells, statementsCount, versionName } from './treaty-words.js';

export function PartiesTable({ version, self }: { readonly version: TreatyVersionView; readonly self: string }) {
  return (
    <table className="table treaty-parties">
      <caption>Parties to {versionName(version)} and their acts</caption>
      <thead>
        <tr>
          <th scope="col">Party</th>
          <th scope="col">Initialled</th>
          <th scope="col">Signature</th>
          <th scope="col">Consent to be bound</th>
          <th scope="col">Reservations and declarations</th>
          <th scope="col">Objections</th>
          <th scope="col">Denounced</th>
          <th scope="col">Bound</th>
        </tr>
      </thead>
      <tbody>
        {version.parties.map((p) => (
          <PartyRow key={p.party.id} party={p} you={p.party.id === self} />
        ))}
      </tbody>
    </table>
  );
}

function PartyRow({ party: p, you }: { readonly party: TreatyPartyView; readonly you: boolean }) {
  const cells = partyCells(p);
  const statements = statementsCount(p);
  return (
    <tr>
      <th scope="row">
        <PartyName id={p.party.id} name={p.party.name} you={you} />
      </th>
      <td>{cells.initialled}</td>
      <td>{cells.signature}</td>
      <td>{cells.consent}</td>
      <td>
        {statements === '' ? (
          '—'
        ) : (
          <details className="treaty-texts">
            <summary>{statements}</summary>
            <ul>
              {p.reservations.map((r) => (
                <li key={r.act}>
                  <strong>Reservation, {dayInWords(r.date)}:</strong> <q>{r.text}</q>
                </li>
              ))}
              {p.declarations.map((r) => (
                <li key={r.act}>
                  <strong>Declaration, {dayInWords(r.date)}:</strong> <q>{r.text}</q>
                </li>
              ))}
            </ul>
          </details>
        )}
      </td>
      <td>
        {p.objections.length === 0 ? (
          '—'
        ) : (
          <details className="treaty-texts">
            <summary>{p.objections.length === 1 ? '1 objection' : `${p.objections.length} objections`}</summary>
            <ul>
              {p.objections.map((o) => (
                <li key={o.act}>
                  <strong>{objectionInWords(o)}:</strong> <q>{o.text}</q>
                </li>
              ))}
            </ul>
          </details>
        )}
      </td>
      <td>{cells.denounced}</td>
      <td>{cells.bound}</td>
    </tr>
  );
}

/**
 * A party's name with its colour (the colour of its cursor and edits); never colour alone. The
 * room provides the parties in charter order, which keeps each party's colour the same everywhere.
 */
import { createContext, useContext, type CSSProperties } from 'react';
import { partyColour, partyColourStyle } from '../../app/party-colour.js';

const PartyOrder = createContext<readonly string[] | undefined>(undefined);

/** The negotiation's party ids in charter order (NegotiationDetail.parties). */
export const PartyOrderProvider = PartyOrder.Provider;

export function usePartyColourStyle(id: string): CSSProperties {
  return partyColourStyle(partyColour(id, useContext(PartyOrder)));
}

export function PartyName({ id, name, you = false }: { readonly id: string; readonly name: string; readonly you?: boolean }) {
  const style = usePartyColourStyle(id);
  return (
    <span className="party-name" style={style}>
      <span className="party-dot" aria-hidden="true" />
      {name}
      {you && <span className="muted"> (you)</span>}
    </span>
  );
}

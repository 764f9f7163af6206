/**
 * Where a negotiation's room lives on the network: four gossip topics (draft, ledger, presence,
 * and acts: signatures, ratifications... once a text is adopted) and two catch-up protocols.
 * Topic names reveal that a negotiation exists (its id is a hash of its charter), nothing more:
 * every payload on them is sealed with the room key (sealing.ts).
 */
import type { NegotiationId } from '../../core/identity.js';
import { protocolId } from '../network.js';

export type RoomChannel = 'draft' | 'ledger' | 'presence' | 'acts';
export const ROOM_CHANNELS: readonly RoomChannel[] = ['draft', 'ledger', 'presence', 'acts'];

export type RoomTopics = Readonly<Record<RoomChannel, string>>;

/** `/plenary/<negotiationId>/draft|ledger|presence|acts/1` */
export function roomTopics(negotiation: NegotiationId): RoomTopics {
  return {
    draft: `/plenary/${negotiation}/draft/1`,
    ledger: `/plenary/${negotiation}/ledger/1`,
    presence: `/plenary/${negotiation}/presence/1`,
    acts: `/plenary/${negotiation}/acts/1`,
  };
}

/** One protocol for every negotiation: the request names its negotiation (registry.ts dispatches). */
export const CATCH_UP_PROTOCOL = protocolId('catch-up', '1.0.0');

/** Acts catch-up (wire/acts.ts), apart from the draft and ledger's so that neither format changes. */
export const ACTS_CATCH_UP_PROTOCOL = protocolId('acts-catch-up', '1.0.0');

/**
 * Which peers are which parties. A delegation's peer id is derived from its ed25519 key
 * (peer-id.ts), so the ledger's current membership names the peers of the room: only they are
 * asked for or served catch-up, and only they pass the gate.
 */
import type { PartyId } from '../../core/identity.js';
import type { Members } from '../../core/ledger/members.js';
import type { PeerId } from '../network.js';
import { peerIdOfPublicKey } from '../peer-id.js';

export class PartyPeers {
  private seen: Members | undefined;
  private byPeer = new Map<PeerId, PartyId>();
  private byParty = new Map<PartyId, PeerId>();

  /** `members` is read on every use: the ledger's membership changes as blocks become final. */
  constructor(private readonly members: () => Members) {}

  partyOf(peer: PeerId): PartyId | undefined {
    return this.current().byPeer.get(peer);
  }

  peerOf(party: PartyId): PeerId | undefined {
    return this.current().byParty.get(party);
  }

  isParty(peer: PeerId): boolean {
    return this.partyOf(peer) !== undefined;
  }

  peers(): PeerId[] {
    return [...this.current().byPeer.keys()];
  }

  private current(): this {
    const members = this.members();
    // The ledger hands out one Members object per height: recompute only when it changes.
    if (members !== this.seen) {
      const byPeer = new Map<PeerId, PartyId>();
      const byParty = new Map<PartyId, PeerId>();
      for (const spec of members.list()) {
        const peer = peerIdOfPublicKey(spec.publicKey);
        byPeer.set(peer, spec.id);
        byParty.set(spec.id, peer);
      }
      this.byPeer = byPeer;
      this.byParty = byParty;
      this.seen = members;
    }
    return this;
  }
}

/**
 * Peers the node lets through its network's gate besides the parties of its rooms: while this
 * delegation has an invitation open, anyone may connect to ask to join (an invitee's key is not
 * known before it asks; a non-party reads nothing in a room); while it joins a negotiation, the
 * inviter's peer; once a join request was accepted, the invitee's peer until it is a party.
 */
import type { PeerId } from '../p2p/network.js';

export class GateExtras {
  private openInvitations = 0;
  private readonly peers = new Map<PeerId, number>();

  admits(peer: PeerId): boolean {
    return this.openInvitations > 0 || (this.peers.get(peer) ?? 0) > 0;
  }

  setOpenInvitations(count: number): void {
    this.openInvitations = count;
  }

  /** Lets `peer` in until the returned function is called. */
  allow(peer: PeerId): () => void {
    this.peers.set(peer, (this.peers.get(peer) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.peers.get(peer) ?? 1) - 1;
      if (n <= 0) this.peers.delete(peer);
      else this.peers.set(peer, n);
    };
  }
}

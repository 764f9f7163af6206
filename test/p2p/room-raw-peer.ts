/**
 * A peer that speaks the room's wire by hand, for hostile tests: it seals (with whatever keyring
 * it holds: a party's, or one of its own making), publishes, subscribes and records what it
 * receives, without a room to judge anything.
 */
import type { NegotiationId } from '../../src/core/identity.js';
import type { RoomKeyring } from '../../src/core/room/keyring.js';
import type { GossipMessage, PeerNetwork } from '../../src/p2p/network.js';
import { sealFor } from '../../src/p2p/room/sealing.js';
import { ROOM_CHANNELS, roomTopics, type RoomChannel, type RoomTopics } from '../../src/p2p/room/topics.js';

export class RawPeer {
  readonly topics: RoomTopics;
  readonly received: GossipMessage[] = [];

  constructor(
    readonly network: PeerNetwork,
    readonly negotiation: NegotiationId,
    private readonly keyring: RoomKeyring,
  ) {
    this.topics = roomTopics(negotiation);
  }

  /** Joins every topic of the room, accepting (and so forwarding) everything, recording it. */
  listen(): void {
    for (const channel of ROOM_CHANNELS) this.network.subscribe(this.topics[channel], () => 'accept', (m) => this.received.push(m));
  }

  seal(channel: RoomChannel, plaintext: Uint8Array): Uint8Array {
    const sealed = sealFor({ negotiation: this.negotiation, keyring: this.keyring, minEpoch: () => 0 }, this.topics[channel], plaintext);
    if (!sealed.ok) throw new Error(sealed.error);
    return sealed.value;
  }

  async publishSealed(channel: RoomChannel, plaintext: Uint8Array): Promise<void> {
    await this.publishRaw(channel, this.seal(channel, plaintext));
  }

  async publishRaw(channel: RoomChannel, bytes: Uint8Array): Promise<void> {
    const sent = await this.network.publish(this.topics[channel], bytes);
    if (!sent.ok) throw new Error(`publish: ${sent.error.message}`);
  }
}

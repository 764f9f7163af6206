/**
 * The rooms joined over one network. A node may sit in several negotiations over one libp2p node,
 * but a network has one handler per protocol and one gate: this registry serves
 * `/plenary/catch-up/1.0.0` and `/plenary/acts-catch-up/1.0.0` for all of them (a request names
 * its negotiation) and sets the gate
 * to the union of what each room admits.
 */
import type { NegotiationId } from '../../core/identity.js';
import type { PeerId, PeerNetwork } from '../network.js';
import { decodeCatchUpRequest, encodeCatchUpResponse, type CatchUpRequest, type CatchUpResponse } from '../wire/catch-up.js';
import { decodeActsRequest, encodeActsResponse, type ActsRequest, type ActsResponse } from '../wire/acts.js';
import { ACTS_CATCH_UP_PROTOCOL, CATCH_UP_PROTOCOL } from './topics.js';

export interface RoomEndpoint {
  readonly negotiation: NegotiationId;
  answerCatchUp(from: PeerId, request: CatchUpRequest): Promise<CatchUpResponse>;
  /** Answers an acts catch-up (`/plenary/acts-catch-up/1.0.0`); absent: the room serves no acts. */
  answerActs?(from: PeerId, request: ActsRequest): Promise<ActsResponse>;
  /** Peers this room wants connected: its parties, and any the node still needs (invitees). */
  admits(peer: PeerId): boolean;
  /** Whether this room sets the network's gate at all. */
  readonly managesGate: boolean;
}

const registries = new WeakMap<PeerNetwork, RoomRegistry>();

export class RoomRegistry {
  private readonly rooms = new Map<NegotiationId, RoomEndpoint>();

  private constructor(private readonly network: PeerNetwork) {}

  static of(network: PeerNetwork): RoomRegistry {
    let registry = registries.get(network);
    if (registry === undefined) registries.set(network, (registry = new RoomRegistry(network)));
    return registry;
  }

  /** Registers a room; the returned function unregisters it. One room per negotiation per network. */
  add(room: RoomEndpoint): () => void {
    if (this.rooms.has(room.negotiation)) throw new Error(`a room for negotiation ${room.negotiation} is already open on this network`);
    if (this.rooms.size === 0) {
      this.network.serve(CATCH_UP_PROTOCOL, (from, bytes) => this.answer(from, bytes));
      this.network.serve(ACTS_CATCH_UP_PROTOCOL, (from, bytes) => this.answerActs(from, bytes));
    }
    this.rooms.set(room.negotiation, room);
    this.refreshGate();
    return () => {
      if (this.rooms.get(room.negotiation) !== room) return;
      this.rooms.delete(room.negotiation);
      if (this.rooms.size === 0) {
        this.network.unserve(CATCH_UP_PROTOCOL);
        this.network.unserve(ACTS_CATCH_UP_PROTOCOL);
      }
      this.refreshGate();
    };
  }

  /** Re-reads every room's admissions (call when a membership changes). */
  refreshGate(): void {
    const gating = [...this.rooms.values()].filter((r) => r.managesGate);
    // No room with an opinion: everyone may connect (the node may be joining by invitation).
    if (gating.length === 0) return this.network.setGate(() => true);
    this.network.setGate((peer) => gating.some((room) => room.admits(peer)));
  }

  private async answer(from: PeerId, bytes: Uint8Array): Promise<Uint8Array> {
    // decodeWith throws DecodeError only; the exchange turns a throw into a 'remote-failed' status.
    const request = decodeCatchUpRequest(bytes);
    const room = this.rooms.get(request.negotiation);
    if (room === undefined) return encodeCatchUpResponse({ kind: 'refused', reason: 'unknown-negotiation' });
    return encodeCatchUpResponse(await room.answerCatchUp(from, request));
  }

  private async answerActs(from: PeerId, bytes: Uint8Array): Promise<Uint8Array> {
    const request = decodeActsRequest(bytes); // a DecodeError reaches the requester as 'remote-failed'
    const room = this.rooms.get(request.negotiation);
    if (room?.answerActs === undefined) return encodeActsResponse({ kind: 'refused', reason: 'unknown-negotiation' });
    return encodeActsResponse(await room.answerActs(from, request));
  }
}

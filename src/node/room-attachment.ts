/**
 * The real attachment: a NegotiationRoom (src/p2p) per open negotiation, over the node's one
 * PeerNetwork. The room's shapes fit the seam (network-attachment.ts) except presence, which the
 * room speaks in signed presences: adapted here. Block-final and equivocation reach the node
 * through the sink, so their room events are not reported again.
 *
 * The gate: a room admits its parties; `alsoAdmit` lets the node add peers it still needs (an
 * inviter while we join, invitees while an invitation is open), and `refreshGate` re-reads it.
 */
import type { PeerId, PeerNetwork } from '../p2p/network.js';
import { NegotiationRoom, type NegotiationRoomOptions } from '../p2p/negotiation-room.js';
import type { PartyId } from '../core/identity.js';
import type { RoomEvent, RoomEventOf } from '../p2p/room/events.js';
import { RoomRegistry } from '../p2p/room/registry.js';
import type { ConnectHook, NetworkAttachment, PeerPresence, SessionParts, SessionReport } from './network-attachment.js';

export interface RoomAttachmentOptions {
  readonly flushDelayMs: number;
  /** Peers let through the gate besides each room's parties (the node's invitations). */
  readonly alsoAdmit?: (peer: PeerId) => boolean;
  /** Room tuning (anti-entropy, catch-up debounce, presence), for tests. */
  readonly tuning?: Pick<NegotiationRoomOptions, 'antiEntropyMs' | 'behindDelayMs' | 'catchUpTimeoutMs' | 'presence'>;
  /** Called with each room as it is attached (the node keeps them to catch up on demand). */
  readonly onRoom?: (negotiation: string, room: NegotiationRoom) => void;
}

/** What a room reports, in the seam's terms; undefined for what the sink already tells. */
export function toSessionReport(event: RoomEvent): SessionReport | undefined {
  switch (event.type) {
    case 'text-changed':
      return { type: 'text-changed', origin: event.origin, authors: event.authors };
    case 'block-proposed':
      return { type: 'block-proposed', header: event.header, headerHash: event.headerHash };
    case 'vote':
      return { type: 'vote', vote: event.vote };
    case 'presence':
      return { type: 'presence', party: event.party, presence: event.presence === null ? null : peerPresence(event.presence) };
    case 'peer-connected':
      return { type: 'peer', peer: event.peer, party: event.party, status: 'connected' };
    case 'peer-left':
      return { type: 'peer', peer: event.peer, party: event.party, status: 'left' };
    case 'rejected-message':
      // Only what the room refused as forged or malformed is news to the delegation. Ignored
      // messages are ordinary traffic: duplicates, stale epochs, or gossip sealed under a key this
      // node does not hold yet (a delegation still being admitted).
      return event.verdict === 'reject' ? { type: 'rejected-message', peer: event.peer, channel: event.channel, reason: event.reason } : undefined;
    case 'error':
      return { type: 'error', message: event.message };
    case 'block-final': // the sink stores it and tells
    case 'equivocation':
    case 'draft-conflict':
    case 'envelope-spent': // settled through the sink, part of the record
    case 'catch-up': // reported with its running totals: CatchUpProgress
    case 'act': // stored and told through the sink (TreatyRecord)
    case 'acts-catch-up':
      return undefined;
  }
}

/**
 * A room's catch-up pages as progress a delegation can read: the exchange's totals so far after
 * each page that brought something, then how it ended. An exchange that brought nothing (the
 * anti-entropy round every few seconds, mostly) is not news, nor is its failure: the room retries.
 */
export class CatchUpProgress {
  /** The exchange under way (the room runs one at a time), once it has brought something. */
  private current: { peer: string; envelopes: number; blocks: number } | undefined;

  report(event: RoomEventOf<'catch-up'>, party: PartyId | undefined): SessionReport | undefined {
    const base = { type: 'catch-up' as const, peer: event.peer, party };
    if (event.phase === 'page') {
      if (event.envelopes + event.blocks === 0) return undefined; // nothing new to tell
      const before = this.current?.peer === event.peer ? this.current : { peer: event.peer, envelopes: 0, blocks: 0 };
      const now = { peer: event.peer, envelopes: before.envelopes + event.envelopes, blocks: before.blocks + event.blocks };
      this.current = now;
      return { ...base, phase: 'receiving', envelopes: now.envelopes, blocks: now.blocks };
    }
    const reported = this.current?.peer === event.peer;
    this.current = undefined;
    if (!reported) return undefined;
    const end = { ...base, envelopes: event.envelopes, blocks: event.blocks };
    return event.phase === 'done' ? { ...end, phase: 'done' } : { ...end, phase: 'failed', reason: event.detail ?? 'the exchange failed' };
  }
}

function peerPresence(p: { party: PeerPresence['party']; at: number; cursor?: PeerPresence['cursor'] | undefined }): PeerPresence {
  return { party: p.party, cursor: p.cursor ?? null, seenAt: p.at };
}

/** The room as the seam's attachment. */
export class RoomAttachment implements NetworkAttachment {
  constructor(readonly room: NegotiationRoom) {}

  flush = (): Promise<void> => this.room.flush();
  propose: NetworkAttachment['propose'] = (body) => this.room.propose(body);
  vote: NetworkAttachment['vote'] = (headerHash) => this.room.vote(headerHash);
  decline: NetworkAttachment['decline'] = (round) => this.room.decline(round);
  setCursor(cursor: Parameters<NonNullable<NetworkAttachment['setCursor']>>[0]): void {
    this.room.setPresence({ status: 'active', cursor });
  }
  presences(): PeerPresence[] {
    return [...this.room.presences().values()].filter((p) => p.status !== 'leaving').map(peerPresence);
  }
  partyPeers(): string[] {
    return this.room.partyPeers();
  }
  publishAct(actBytes: Uint8Array): Promise<boolean> {
    return this.room.publishAct(actBytes);
  }
  stop(): Promise<void> {
    return this.room.stop();
  }
}

/** The connect hook of a node on `network`: each negotiation joins its room. */
export function roomConnector(network: PeerNetwork, options: RoomAttachmentOptions): ConnectHook {
  return (parts: SessionParts) => {
    const room = NegotiationRoom.join({
      network,
      ledger: parts.ledger,
      draft: parts.draft,
      author: parts.author,
      signer: parts.signer,
      scheme: parts.scheme,
      keyring: parts.keyring,
      // Our newest key's epoch: the node adds each final block's keys before the next seal.
      minEpoch: () => parts.keyring.current?.epoch ?? 0,
      records: parts.records,
      sink: parts.sink,
      votingRecord: parts.votingRecord,
      ...(parts.acts !== undefined && { acts: parts.acts }),
      flushDelayMs: options.flushDelayMs,
      gate: options.alsoAdmit === undefined ? undefined : { alsoAdmit: options.alsoAdmit },
      onListenerError: (error) => parts.report({ type: 'error', message: `room listener: ${String(error)}` }),
      ...options.tuning,
    });
    const progress = new CatchUpProgress();
    room.on('*', (event) => {
      const report = event.type === 'catch-up' ? progress.report(event, room.partyOf(event.peer)) : toSessionReport(event);
      if (report !== undefined) parts.report(report);
    });
    options.onRoom?.(parts.negotiation, room);
    return new RoomAttachment(room);
  };
}

/** Re-reads every room's admissions on `network` (after the node's own admissions changed). */
export function refreshGate(network: PeerNetwork): void {
  RoomRegistry.of(network).refreshGate();
}

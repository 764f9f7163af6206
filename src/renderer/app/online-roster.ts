/**
 * Who is online, per negotiation: a party counts as online while one of its peers is connected or
 * its presence is fresh (the node announces every 10 s and drops it 30 s after the last). Fed by presence.list (a late start) and then by 'peer' and 'presence'
 * events. Pure and immutable, so React can compare snapshots.
 */
import type { NodeEvent, PresenceView } from '../../node/api.js';

interface Room {
  /** party id -> its connected peers */
  readonly peers: ReadonlyMap<string, ReadonlySet<string>>;
  readonly present: ReadonlySet<string>;
}

const EMPTY_ROOM: Room = { peers: new Map(), present: new Set() };

export class OnlineRoster {
  private constructor(private readonly rooms: ReadonlyMap<string, Room>) {}

  static empty(): OnlineRoster {
    return new OnlineRoster(new Map());
  }

  /** The parties presence.list reports, replacing what presence said before. */
  seed(negotiation: string, presences: readonly PresenceView[]): OnlineRoster {
    const room = this.rooms.get(negotiation) ?? EMPTY_ROOM;
    return this.with(negotiation, { peers: room.peers, present: new Set(presences.map((p) => p.party.id)) });
  }

  /** Follows one event; other events leave the roster as it is (the same object). */
  apply(event: NodeEvent): OnlineRoster {
    if (event.type === 'presence') {
      const room = this.rooms.get(event.negotiation) ?? EMPTY_ROOM;
      const present = new Set(room.present);
      if (event.presence === null) present.delete(event.party.id);
      else present.add(event.party.id);
      return this.with(event.negotiation, { peers: room.peers, present });
    }
    if (event.type === 'peer' && event.party !== null) {
      const room = this.rooms.get(event.negotiation) ?? EMPTY_ROOM;
      const peers = new Map(room.peers);
      const mine = new Set(peers.get(event.party.id) ?? []);
      if (event.status === 'connected') mine.add(event.peer);
      else mine.delete(event.peer);
      if (mine.size === 0) peers.delete(event.party.id);
      else peers.set(event.party.id, mine);
      // Presence is left alone: a party may reach us through a peer we never heard connect, and
      // its presence lapses by itself (the node reports it gone after its time to live).
      return this.with(event.negotiation, { peers, present: room.present });
    }
    return this;
  }

  isOnline(negotiation: string, party: string): boolean {
    const room = this.rooms.get(negotiation);
    return room !== undefined && (room.present.has(party) || room.peers.has(party));
  }

  /** The parties online in one negotiation, or in all of them (each counted once), except `self`. */
  online(negotiation: string | null, self: string | null): Set<string> {
    const out = new Set<string>();
    for (const [id, room] of this.rooms) {
      if (negotiation !== null && id !== negotiation) continue;
      for (const party of room.present) out.add(party);
      for (const party of room.peers.keys()) out.add(party);
    }
    if (self !== null) out.delete(self);
    return out;
  }

  private with(negotiation: string, room: Room): OnlineRoster {
    const rooms = new Map(this.rooms);
    rooms.set(negotiation, room);
    return new OnlineRoster(rooms);
  }
}

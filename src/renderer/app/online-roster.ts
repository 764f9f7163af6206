/**
 * Who is online, per negotiation: the one answer the shell, the room's rail and header, and the
 * draft's status line all read, so they cannot disagree. A party counts as online while one of its
 * peers is connected or its presence is fresh (the node drops a presence 30 s after the last).
 * Fed by presence.list (a late start), 'peer' and 'presence' events, and negotiations.get's count
 * of connected party peers: a peer that connected before its delegation was admitted came
 * unnamed, so when the node counts more parties online than we can name and exactly that many are
 * unaccounted for, they are the ones. Pure and immutable, so React can compare snapshots.
 */
import type { NodeEvent, PresenceView } from '../../node/api.js';

interface Room {
  /** party id -> its connected peers */
  readonly peers: ReadonlyMap<string, ReadonlySet<string>>;
  readonly present: ReadonlySet<string>;
  /** What negotiations.get said, until a peer or membership event makes it stale. */
  readonly node: NodeCount | null;
}

export interface NodeCount {
  /** Parties with a connected peer, as the node counts them. */
  readonly online: number;
  /** Every party but this delegation. */
  readonly others: readonly string[];
}

const EMPTY_ROOM: Room = { peers: new Map(), present: new Set(), node: null };
const NONE: ReadonlySet<string> = new Set();

export class OnlineRoster {
  private readonly cache = new Map<string, ReadonlySet<string>>();

  private constructor(private readonly rooms: ReadonlyMap<string, Room>) {}

  static empty(): OnlineRoster {
    return new OnlineRoster(new Map());
  }

  /** The parties presence.list reports, replacing what presence said before. */
  seed(negotiation: string, presences: readonly PresenceView[]): OnlineRoster {
    const room = this.rooms.get(negotiation) ?? EMPTY_ROOM;
    return this.with(negotiation, { ...room, present: new Set(presences.map((p) => p.party.id)) });
  }

  /** negotiations.get's `online` and the other parties. */
  noteNode(negotiation: string, count: NodeCount): OnlineRoster {
    const room = this.rooms.get(negotiation) ?? EMPTY_ROOM;
    const same = room.node !== null && room.node.online === count.online && room.node.others.join() === count.others.join();
    return same ? this : this.with(negotiation, { ...room, node: count });
  }

  /** Follows one event; an event that changes nothing here (other kinds, a cursor moving) leaves the same object. */
  apply(event: NodeEvent): OnlineRoster {
    if (event.type === 'presence') {
      const room = this.rooms.get(event.negotiation) ?? EMPTY_ROOM;
      // A cursor moving (20 times a second while two delegations type) changes no one's presence:
      // the same roster, so nothing that reads it re-renders.
      if (room.present.has(event.party.id) === (event.presence !== null)) return this;
      const present = new Set(room.present);
      if (event.presence === null) present.delete(event.party.id);
      else present.add(event.party.id);
      return this.with(event.negotiation, { ...room, present });
    }
    if (event.type === 'peer') {
      const room = this.rooms.get(event.negotiation) ?? EMPTY_ROOM;
      if (event.party === null) return room.node === null ? this : this.with(event.negotiation, { ...room, node: null });
      const known = room.peers.get(event.party.id)?.has(event.peer) ?? false;
      if (known === (event.status === 'connected') && room.node === null) return this;
      const peers = new Map(room.peers);
      const mine = new Set(peers.get(event.party.id) ?? []);
      if (event.status === 'connected') mine.add(event.peer);
      else mine.delete(event.peer);
      if (mine.size === 0) peers.delete(event.party.id);
      else peers.set(event.party.id, mine);
      // Presence is left alone: a party may reach us through a peer we never heard connect, and
      // its presence lapses by itself (the node reports it gone after its time to live).
      return this.with(event.negotiation, { peers, present: room.present, node: null });
    }
    if (event.type === 'block-final' && event.block.body.kind !== 'adopt') {
      const room = this.rooms.get(event.negotiation);
      return room === undefined || room.node === null ? this : this.with(event.negotiation, { ...room, node: null });
    }
    return this;
  }

  /** The other parties online in one negotiation (a stable object while nothing changes). */
  onlineIn(negotiation: string, self: string | null): ReadonlySet<string> {
    const key = `${negotiation}/${self ?? ''}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const room = this.rooms.get(negotiation);
    const out = room === undefined ? NONE : named(room, self);
    this.cache.set(key, out);
    return out;
  }

  /** Whether the node counts more parties online than can be named (ask presence.list again). */
  lacksNames(negotiation: string, self: string | null): boolean {
    const room = this.rooms.get(negotiation);
    if (room?.node == null) return false;
    const online = this.onlineIn(negotiation, self);
    return room.node.others.filter((p) => online.has(p)).length < room.node.online;
  }

  isOnline(negotiation: string, party: string): boolean {
    return this.onlineIn(negotiation, null).has(party);
  }

  /** The parties online in one negotiation, or in all of them (each counted once), except `self`. */
  online(negotiation: string | null, self: string | null): Set<string> {
    const out = new Set<string>();
    for (const id of this.rooms.keys()) {
      if (negotiation === null || id === negotiation) for (const party of this.onlineIn(id, self)) out.add(party);
    }
    return out;
  }

  private with(negotiation: string, room: Room): OnlineRoster {
    const rooms = new Map(this.rooms);
    rooms.set(negotiation, room);
    return new OnlineRoster(rooms);
  }
}

function named(room: Room, self: string | null): ReadonlySet<string> {
  const out = new Set<string>([...room.present, ...room.peers.keys()]);
  if (self !== null) out.delete(self);
  if (room.node !== null) {
    const unaccounted = room.node.others.filter((p) => !out.has(p));
    const known = room.node.others.length - unaccounted.length;
    if (unaccounted.length > 0 && room.node.online - known === unaccounted.length) for (const p of unaccounted) out.add(p);
  }
  return out;
}

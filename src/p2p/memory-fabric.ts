/**
 * The wiring of the in-memory network: which peers are linked, which side of a partition each is
 * on, and the lanes that carry bytes between them. A link has an incarnation number, so anything
 * still in flight when a link goes down is dropped rather than delivered on a later link between
 * the same two peers (as a closed TCP connection loses its buffers).
 */
import type { PeerId } from './network.js';
import type { LaneScheduler } from './memory-scheduler.js';

export interface FabricPeer {
  readonly peerId: PeerId;
  /** This peer's connection gate. */
  allows(peer: PeerId): boolean;
  linkUp(peer: PeerId): void;
  linkDown(peer: PeerId): void;
}

const pairKey = (a: PeerId, b: PeerId): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

export class Fabric<P extends FabricPeer> {
  private readonly peers = new Map<PeerId, P>();
  private readonly adjacency = new Map<PeerId, Set<PeerId>>();
  private readonly links = new Map<string, number>();
  private incarnations = 0;
  /** Links a partition cut, restored by heal unless hung up or stopped meanwhile. */
  private readonly cut = new Map<string, [PeerId, PeerId]>();
  private side: Map<PeerId, number> | undefined;
  private loss = 0;

  constructor(
    readonly name: string,
    private readonly random: () => number,
    readonly scheduler: LaneScheduler,
  ) {}

  peer(id: PeerId): P | undefined {
    return this.peers.get(id);
  }

  join(peer: P): void {
    if (this.peers.has(peer.peerId)) throw new Error(`peer ${peer.peerId} is already on this hub`);
    this.peers.set(peer.peerId, peer);
    this.adjacency.set(peer.peerId, new Set());
  }

  leave(id: PeerId): void {
    for (const other of this.neighbours(id)) this.disconnect(id, other);
    this.peers.delete(id);
    this.adjacency.delete(id);
  }

  neighbours(id: PeerId): PeerId[] {
    return [...(this.adjacency.get(id) ?? [])];
  }

  connected(a: PeerId, b: PeerId): boolean {
    return this.links.has(pairKey(a, b));
  }

  /** On the same side of any partition. */
  reachable(a: PeerId, b: PeerId): boolean {
    if (this.side === undefined) return true;
    return this.sideOf(a) === this.sideOf(b);
  }

  connect(a: PeerId, b: PeerId): void {
    const key = pairKey(a, b);
    if (this.links.has(key)) return;
    const pa = this.peers.get(a);
    const pb = this.peers.get(b);
    if (pa === undefined || pb === undefined) return;
    this.links.set(key, ++this.incarnations);
    this.adjacency.get(a)!.add(b);
    this.adjacency.get(b)!.add(a);
    pa.linkUp(b);
    pb.linkUp(a);
  }

  disconnect(a: PeerId, b: PeerId): void {
    if (!this.links.delete(pairKey(a, b))) return;
    this.adjacency.get(a)?.delete(b);
    this.adjacency.get(b)?.delete(a);
    this.peers.get(a)?.linkDown(b);
    this.peers.get(b)?.linkDown(a);
  }

  /** Hung up on purpose: a later heal must not bring the link back. */
  forget(a: PeerId, b: PeerId): void {
    this.cut.delete(pairKey(a, b));
  }

  /**
   * Queues `task` on the from→to lane; it runs at `to` only if the link is still the same one.
   * Returns false (and queues nothing) when there is no link.
   */
  send(from: PeerId, to: PeerId, task: (receiver: P) => void): boolean {
    const key = pairKey(from, to);
    const incarnation = this.links.get(key);
    if (incarnation === undefined) return false;
    this.scheduler.enqueue(`${from}>${to}`, () => {
      if (this.links.get(key) !== incarnation) return;
      const receiver = this.peers.get(to);
      if (receiver !== undefined) task(receiver);
    });
    return true;
  }

  /** Local work for one peer (events), on its own lane. */
  local(id: PeerId, task: () => void): void {
    this.scheduler.enqueue(`@${id}`, task);
  }

  /** One gossip hop lost to the configured drop rate. */
  lost(): boolean {
    return this.loss > 0 && this.random() < this.loss;
  }

  setLoss(p: number): void {
    if (!(p >= 0 && p <= 1)) throw new RangeError('a drop rate is between 0 and 1');
    this.loss = p;
  }

  /** Peers named in no group are each alone. Links across groups go down; dials across fail. */
  partition(groups: readonly (readonly PeerId[])[]): void {
    const side = new Map<PeerId, number>();
    groups.forEach((group, i) => group.forEach((id) => side.set(id, i)));
    this.side = side;
    this.restoreCut();
    for (const key of [...this.links.keys()]) {
      const [a, b] = key.split('|') as [PeerId, PeerId];
      if (this.reachable(a, b)) continue;
      this.cut.set(key, [a, b]);
      this.disconnect(a, b);
    }
  }

  heal(): void {
    this.side = undefined;
    this.restoreCut();
  }

  private restoreCut(): void {
    for (const [key, [a, b]] of [...this.cut]) {
      if (!this.reachable(a, b)) continue;
      this.cut.delete(key);
      const pa = this.peers.get(a);
      const pb = this.peers.get(b);
      if (pa !== undefined && pb !== undefined && pa.allows(b) && pb.allows(a)) this.connect(a, b);
    }
  }

  private sideOf(id: PeerId): string {
    const s = this.side?.get(id);
    return s === undefined ? `alone:${id}` : String(s);
  }
}

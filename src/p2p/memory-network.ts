/**
 * The in-memory adapter: many peers in one process, no sockets. Delivery is asynchronous (never
 * inside `publish`), FIFO per link direction like a stream, interleaved across links by a seeded
 * PRNG, so a test replays exactly from its seed. Fault injection: partitions, heal, a gossip drop
 * rate. Peer ids are derived from seeds exactly as the libp2p adapter derives them.
 *
 * Differences from libp2p worth knowing: every subscribed neighbour is in the "mesh" (no
 * heartbeat, no mesh degree), there is no peer scoring, and a partition takes links down at once
 * (libp2p would notice only when keep-alives fail). `heal` restores the links a partition cut, as
 * libp2p's reconnect queue redials peers it keeps alive.
 */
import { Fabric } from './memory-fabric.js';
import { injectRawRequest, MemoryPeer } from './memory-peer.js';
import { LaneScheduler, seededRandom } from './memory-scheduler.js';
import type { PeerId, PeerNetwork } from './network.js';
import { peerIdOfSeed } from './peer-id.js';

export interface MemoryHubOptions {
  /** Seeds delivery interleavings and drops. Default 1. */
  readonly seed?: number;
  /** Where exceptions thrown by delivery callbacks and listeners go. Default console.error. */
  readonly onError?: (error: unknown) => void;
}

export interface MemoryNetworkOptions {
  /** The 32-byte ed25519 seed the peer id derives from (the delegation's or a device's key). */
  readonly seed: Uint8Array;
}

type Endpoint = PeerId | { readonly peerId: PeerId };
const idOf = (e: Endpoint): PeerId => (typeof e === 'string' ? e : e.peerId);

let hubs = 0;

export class MemoryHub {
  private readonly fabric: Fabric<MemoryPeer>;
  private readonly onError: (error: unknown) => void;

  constructor(options: MemoryHubOptions = {}) {
    const random = seededRandom(options.seed ?? 1);
    this.onError = options.onError ?? ((error) => console.error('memory network:', error));
    this.fabric = new Fabric(`hub-${++hubs}`, random, new LaneScheduler(random, this.onError));
  }

  createNetwork(options: MemoryNetworkOptions): PeerNetwork {
    const peer = new MemoryPeer(peerIdOfSeed(options.seed), this.fabric, this.onError);
    this.fabric.join(peer);
    return peer;
  }

  /** Splits the peers into groups that cannot reach each other; a peer in no group is alone. */
  partition(groups: readonly (readonly Endpoint[])[]): void {
    this.fabric.partition(groups.map((group) => group.map(idOf)));
  }

  /** Ends the partition and restores the links it cut (unless hung up or stopped meanwhile). */
  heal(): void {
    this.fabric.heal();
  }

  /** Probability that each gossip hop is lost (requests and subscriptions are not affected). */
  dropRate(p: number): void {
    this.fabric.setLoss(p);
  }

  /** Resolves once no delivery is queued anywhere on the hub. */
  idle(): Promise<void> {
    return this.fabric.scheduler.idle();
  }

  /**
   * Test hook for hostile input: `bytes` arrive on `to`'s `protocol` from `from` exactly as written
   * (no framing added). Resolves with the raw reply, or undefined when nothing answers.
   */
  injectRaw(from: Endpoint, to: Endpoint, protocol: string, bytes: Uint8Array): Promise<Uint8Array | undefined> {
    return injectRawRequest(this.fabric, idOf(from), idOf(to), protocol, bytes);
  }
}

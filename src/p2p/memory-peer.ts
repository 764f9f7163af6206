/**
 * One peer of the in-memory network: gossip with gossipsub's semantics (validate before delivering
 * or forwarding, dedup by message id, subscriptions learnt over each link) and request/response
 * with the same frames, caps and statuses as the libp2p adapter (exchange.ts).
 */
import { ok, type Result } from '../core/result.js';
import {
  answerRequest,
  badReply,
  checkRequestSize,
  encodeRequest,
  maxRequestOf,
  readWhole,
  replyResult,
  replyToBadRequest,
  ReplyReader,
  RequestReader,
} from './exchange.js';
import type { Fabric, FabricPeer } from './memory-fabric.js';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  isProtocolId,
  MAX_GOSSIP_BYTES,
  MAX_RESPONSE_BYTES,
  networkError,
  type Deliver,
  type NetworkError,
  type PeerEvent,
  type PeerId,
  type PeerNetwork,
  type RequestHandler,
  type RequestOptions,
  type ServeOptions,
  type Validator,
  type Verdict,
} from './network.js';

interface Gossip {
  readonly id: string;
  readonly origin: PeerId;
  readonly topic: string;
  readonly data: Uint8Array;
}

interface PendingRequest {
  readonly peer: PeerId;
  readonly maxResponseBytes: number;
  settle(result: Result<Uint8Array, NetworkError>): void;
}

/** `undefined` stands for "no such protocol here" (libp2p learns it in protocol negotiation). */
type Respond = (reply: Uint8Array | undefined) => void;

// Seen message ids kept for dedup; the oldest are forgotten first (gossipsub's seen TTL).
const SEEN_CAP = 100_000;

export class MemoryPeer implements PeerNetwork, FabricPeer {
  private stopped = false;
  private sequence = 0;
  private requestIds = 0;
  private gate: (peer: PeerId) => boolean = () => true;
  private readonly topics = new Map<string, { validate: Validator; deliver: Deliver }>();
  private readonly peerTopics = new Map<PeerId, Set<string>>();
  private readonly seen = new Set<string>();
  private readonly services = new Map<string, { handler: RequestHandler; options: ServeOptions }>();
  private readonly listeners = new Set<(event: PeerEvent) => void>();
  private readonly pending = new Map<number, PendingRequest>();

  constructor(
    readonly peerId: PeerId,
    private readonly fabric: Fabric<MemoryPeer>,
    private readonly onError: (error: unknown) => void,
  ) {}

  addresses(): string[] {
    return this.stopped ? [] : [`/memory/${this.fabric.name}/p2p/${this.peerId}`];
  }

  async dial(address: string): Promise<Result<PeerId, NetworkError>> {
    if (this.stopped) return networkError('stopped', 'this network is stopped');
    const match = /^\/memory\/([A-Za-z0-9-]+)\/p2p\/([1-9A-HJ-NP-Za-km-z]{1,128})$/.exec(address);
    if (match === null) return networkError('bad-address', `not a memory address: ${address.slice(0, 200)}`);
    const target = match[1] === this.fabric.name ? this.fabric.peer(match[2] as PeerId) : undefined;
    if (target === undefined) return networkError('unreachable', `nobody at ${address}`);
    if (target === this) return networkError('bad-address', 'a peer cannot dial itself');
    if (!this.allows(target.peerId) || !target.allows(this.peerId)) return networkError('refused', `connection to ${target.peerId} refused by a gate`);
    if (!this.fabric.reachable(this.peerId, target.peerId)) return networkError('unreachable', `${target.peerId} is on the other side of a partition`);
    this.fabric.connect(this.peerId, target.peerId);
    return ok(target.peerId);
  }

  async hangUp(peer: PeerId): Promise<void> {
    this.fabric.forget(this.peerId, peer);
    this.fabric.disconnect(this.peerId, peer);
  }

  connectedPeers(): PeerId[] {
    return this.fabric.neighbours(this.peerId);
  }

  onPeer(listener: (event: PeerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribe(topic: string, validate: Validator, deliver: Deliver): void {
    if (this.stopped) return;
    const known = this.topics.has(topic);
    this.topics.set(topic, { validate, deliver });
    if (!known) this.announce(topic, true);
  }

  unsubscribe(topic: string): void {
    if (this.topics.delete(topic)) this.announce(topic, false);
  }

  subscribers(topic: string): PeerId[] {
    return [...this.peerTopics].filter(([, topics]) => topics.has(topic)).map(([peer]) => peer);
  }

  async publish(topic: string, data: Uint8Array): Promise<Result<number, NetworkError>> {
    if (this.stopped) return networkError('stopped', 'this network is stopped');
    if (data.length > MAX_GOSSIP_BYTES) return networkError('too-large', `a gossip message of ${data.length} bytes exceeds ${MAX_GOSSIP_BYTES}`);
    const message: Gossip = { id: `${this.peerId}/${++this.sequence}`, origin: this.peerId, topic, data: data.slice() };
    this.remember(message.id);
    return ok(this.forward(message, undefined));
  }

  serve(protocol: string, handler: RequestHandler, options: ServeOptions = {}): void {
    if (!isProtocolId(protocol)) throw new RangeError(`not a /plenary/<name>/<version> protocol: ${protocol}`);
    if (!this.stopped) this.services.set(protocol, { handler, options });
  }

  unserve(protocol: string): void {
    this.services.delete(protocol);
  }

  request(peer: PeerId, protocol: string, request: Uint8Array, options: RequestOptions = {}): Promise<Result<Uint8Array, NetworkError>> {
    if (this.stopped) return Promise.resolve(networkError('stopped', 'this network is stopped'));
    const size = checkRequestSize(request, options.maxRequestBytes);
    if (!size.ok) return Promise.resolve(size);
    if (!this.fabric.connected(this.peerId, peer)) return Promise.resolve(networkError('not-connected', `not connected to ${peer}`));
    return new Promise((resolve) => {
      const id = ++this.requestIds;
      const timer = setTimeout(() => settle(networkError('timeout', `no answer from ${peer} in time`)), options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
      const settle = (result: Result<Uint8Array, NetworkError>): void => {
        if (!this.pending.delete(id)) return;
        clearTimeout(timer);
        resolve(result);
      };
      this.pending.set(id, { peer, maxResponseBytes: options.maxResponseBytes ?? MAX_RESPONSE_BYTES, settle });
      const frame = encodeRequest(request);
      this.fabric.send(this.peerId, peer, (server) =>
        server.receiveRequest(this.peerId, protocol, frame, (reply) => {
          this.fabric.send(peer, this.peerId, (client) => client.receiveReply(id, reply));
        }),
      );
    });
  }

  setGate(allow: (peer: PeerId) => boolean): void {
    this.gate = allow;
    for (const peer of this.connectedPeers()) if (!this.allows(peer)) void this.hangUp(peer);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.listeners.clear();
    for (const pending of [...this.pending.values()]) pending.settle(networkError('stopped', 'this network is stopped'));
    this.fabric.leave(this.peerId);
    this.topics.clear();
    this.services.clear();
  }

  // ---- the fabric's side ----

  allows(peer: PeerId): boolean {
    try {
      return this.gate(peer) === true;
    } catch {
      return false; // a throwing gate refuses
    }
  }

  linkUp(peer: PeerId): void {
    this.peerTopics.set(peer, new Set());
    // As gossipsub does on a new stream: tell the peer every topic we are in.
    const topics = [...this.topics.keys()];
    this.fabric.send(this.peerId, peer, (receiver) => receiver.receiveSubscriptions(this.peerId, topics, true));
    this.emit({ kind: 'connect', peer });
  }

  linkDown(peer: PeerId): void {
    this.peerTopics.delete(peer);
    for (const pending of [...this.pending.values()]) {
      if (pending.peer === peer) pending.settle(networkError('closed', `connection to ${peer} closed`));
    }
    this.emit({ kind: 'disconnect', peer });
  }

  receiveSubscriptions(from: PeerId, topics: readonly string[], subscribed: boolean): void {
    const known = this.peerTopics.get(from);
    if (known === undefined) return;
    for (const topic of topics) {
      if (subscribed) known.add(topic);
      else known.delete(topic);
    }
  }

  receiveGossip(from: PeerId, message: Gossip): void {
    if (this.stopped || this.fabric.lost()) return; // a lost hop: a copy by another path may still come
    if (this.seen.has(message.id)) return;
    this.remember(message.id);
    const subscription = this.topics.get(message.topic);
    if (subscription === undefined) return; // gossipsub drops topics it is not in
    const delivered = { from: message.origin, topic: message.topic, data: message.data.slice() };
    if (this.judge(subscription.validate, delivered) !== 'accept') return; // neither delivered nor forwarded
    this.forward(message, from);
    try {
      subscription.deliver(delivered);
    } catch (error) {
      this.onError(error);
    }
  }

  async receiveRequest(from: PeerId, protocol: string, frame: Uint8Array, respond: Respond): Promise<void> {
    const service = this.services.get(protocol);
    if (this.stopped || service === undefined) return respond(undefined);
    const step = readWhole(new RequestReader(maxRequestOf(service.options)), frame);
    if (step.kind === 'error') return respond(replyToBadRequest(step.error));
    const reply = await answerRequest(service.handler, from, step.frame, service.options);
    if (!this.stopped) respond(reply);
  }

  receiveReply(id: number, reply: Uint8Array | undefined): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return; // timed out or closed already
    if (reply === undefined) return pending.settle(networkError('unsupported-protocol', `${pending.peer} serves no such protocol`));
    const step = readWhole(new ReplyReader(pending.maxResponseBytes), reply);
    pending.settle(step.kind === 'frame' ? replyResult(step.frame) : badReply(step.error));
  }

  // ---- internals ----

  private judge(validate: Validator, message: { from: PeerId; topic: string; data: Uint8Array }): Verdict {
    try {
      const verdict = validate(message);
      return verdict === 'accept' || verdict === 'ignore' ? verdict : 'reject';
    } catch {
      return 'reject'; // the interface's rule: a throwing validator rejects
    }
  }

  /** Sends to every linked peer in the topic except where it came from and its origin. */
  private forward(message: Gossip, cameFrom: PeerId | undefined): number {
    let sent = 0;
    for (const [peer, topics] of this.peerTopics) {
      if (peer === cameFrom || peer === message.origin || !topics.has(message.topic)) continue;
      if (this.fabric.send(this.peerId, peer, (receiver) => receiver.receiveGossip(this.peerId, message))) sent++;
    }
    return sent;
  }

  private announce(topic: string, subscribed: boolean): void {
    for (const peer of this.connectedPeers()) {
      this.fabric.send(this.peerId, peer, (receiver) => receiver.receiveSubscriptions(this.peerId, [topic], subscribed));
    }
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > SEEN_CAP) this.seen.delete(this.seen.values().next().value!);
  }

  private emit(event: PeerEvent): void {
    this.fabric.local(this.peerId, () => {
      for (const listener of [...this.listeners]) {
        try {
          listener(event);
        } catch (error) {
          this.onError(error);
        }
      }
    });
  }
}

/** For the hub's raw-bytes hook: hostile input straight onto a peer's request protocol. */
export function injectRawRequest(fabric: Fabric<MemoryPeer>, from: PeerId, to: PeerId, protocol: string, bytes: Uint8Array): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    const sent = fabric.send(from, to, (server) => void server.receiveRequest(from, protocol, bytes, resolve));
    if (!sent) resolve(undefined);
  });
}

/**
 * The libp2p adapter, and the only file in the repository that imports `libp2p` (STYLE.md):
 * TCP + WebSockets, noise, yamux, identify, ping, @libp2p/gossipsub (v1.1, with per-topic peer
 * scoring), a connection gate, and `/plenary/<name>/<version>` request/response streams.
 *
 * Decisions (see also network.ts for the caps and gossip-score.ts for scoring):
 * - The libp2p key is the caller's ed25519 seed, so the peer id follows from a key we know.
 * - Gossip is signed by the peer key (StrictSign): `GossipMessage.from` is authenticated, and
 *   the default message id (origin + sequence number) makes every publish a distinct message.
 * - Peers we dial are tagged keep-alive: libp2p redials them when a link drops.
 * - mDNS only when asked: it multicasts beyond loopback (never in tests or CI).
 */
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { bootstrap } from '@libp2p/bootstrap';
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import { gossipsub, TopicValidatorResult, type GossipSub, type Message } from '@libp2p/gossipsub';
import type { TopicScoreParams } from '@libp2p/gossipsub/score';
import { identify } from '@libp2p/identify';
import { KEEP_ALIVE, type Connection, type PeerId as Libp2pPeerId, type Stream } from '@libp2p/interface';
import { mdns } from '@libp2p/mdns';
import { peerIdFromString } from '@libp2p/peer-id';
import { ping, type Ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { webSockets } from '@libp2p/websockets';
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import { createLibp2p, type Libp2p } from 'libp2p';
import { ok, type Result } from '../core/result.js';
import { checkRequestSize } from './exchange.js';
import { PEER_SCORE_THRESHOLDS, peerScoreParams, TOPIC_SCORE_PARAMS } from './gossip-score.js';
import { exchangeHandler, exchangeOverStream, rawOverStream } from './libp2p-exchange.js';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  isProtocolId,
  MAX_GOSSIP_BYTES,
  MAX_RESPONSE_BYTES,
  networkError,
  type Deliver,
  type GossipMessage,
  type NetworkError,
  type PeerEvent,
  type PeerId,
  type PeerNetwork,
  type RequestHandler,
  type RequestOptions,
  type ServeOptions,
  type Validator,
} from './network.js';

export interface Libp2pNetworkOptions {
  /** 32-byte ed25519 seed of the peer key (the delegation's or a device's). */
  readonly seed: Uint8Array;
  /** Default: TCP and WebSockets on 127.0.0.1, ephemeral ports. */
  readonly listen?: readonly string[];
  /** Addresses (with /p2p/<id>) dialled at start and kept: the ones an invitation carries. */
  readonly bootstrap?: readonly string[];
  /** Multicast discovery on the LAN (a conference hall). Default false; never in tests. */
  readonly mdns?: boolean;
  /** Gossipsub heartbeat (mesh upkeep). Default 1000 ms, the spec's; tests may go faster. */
  readonly heartbeatMs?: number;
  readonly dialTimeoutMs?: number;
  /** Where exceptions thrown by delivery callbacks and listeners go. Default console.error. */
  readonly onError?: (error: unknown) => void;
}

/** The adapter plus what only a real gossipsub has. */
export interface Libp2pNetwork extends PeerNetwork {
  /** This node's gossipsub score of a peer (negative: misbehaving; see gossip-score.ts). */
  scoreOf(peer: PeerId): number;
  /** Diagnostic for hostile-input tests: writes bytes unframed on `protocol`, returns what comes back. */
  rawExchange(peer: PeerId, protocol: string, bytes: Uint8Array, timeoutMs?: number): Promise<Result<Uint8Array, NetworkError>>;
}

// An RPC frame holds one message plus piggybacked control (up to 5,000 IHAVE ids of ~46 bytes).
const MAX_RPC_BYTES = MAX_GOSSIP_BYTES + (1 << 20);
const LOOPBACK = ['/ip4/127.0.0.0/ipcidr/8', '/ip6/::1/ipcidr/128'];

interface ScoredGossip {
  readonly score: { readonly params: { readonly topics: Record<string, TopicScoreParams> } };
  getScore(peer: string): number;
}

type Services = { identify: unknown; ping: Ping; pubsub: GossipSub };

export async function createLibp2pNetwork(options: Libp2pNetworkOptions): Promise<Libp2pNetwork> {
  const privateKey = await generateKeyPairFromSeed('Ed25519', options.seed);
  const gate = new Gate();
  const allows = (peer: Libp2pPeerId): boolean => gate.allows(peer.toString() as PeerId);
  const node = await createLibp2p<Services>({
    privateKey,
    addresses: { listen: [...(options.listen ?? ['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/0/ws'])] },
    transports: [tcp(), webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: {
      denyDialPeer: (peer) => !allows(peer),
      denyInboundEncryptedConnection: (peer) => !allows(peer),
      denyOutboundEncryptedConnection: (peer) => !allows(peer),
    },
    // Processes on this machine are not throttled (5 inbound connections a second per host).
    connectionManager: { allow: LOOPBACK, dialTimeout: options.dialTimeoutMs ?? 10_000 },
    peerDiscovery: [
      ...(options.bootstrap !== undefined && options.bootstrap.length > 0 ? [bootstrap({ list: [...options.bootstrap] })] : []),
      ...(options.mdns === true ? [mdns()] : []),
    ],
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: gossipsub({
        emitSelf: false,
        fallbackToFloodsub: false, // floodsub has no scoring
        allowPublishToZeroTopicPeers: true,
        globalSignaturePolicy: 'StrictSign',
        maxInboundDataLength: MAX_RPC_BYTES,
        heartbeatInterval: options.heartbeatMs ?? 1000,
        scoreParams: peerScoreParams(),
        scoreThresholds: { ...PEER_SCORE_THRESHOLDS },
      }),
    },
  });
  const onError = options.onError ?? ((error: unknown) => console.error('libp2p network:', error));
  return new Libp2pHost(node, gate, onError, options.dialTimeoutMs ?? 10_000, options.mdns === true);
}

/** Read by the libp2p connection gater on every dial and handshake. */
class Gate {
  private allow: (peer: PeerId) => boolean = () => true;

  set(allow: (peer: PeerId) => boolean): void {
    this.allow = allow;
  }

  allows(peer: PeerId): boolean {
    try {
      return this.allow(peer) === true;
    } catch {
      return false; // a throwing gate refuses
    }
  }
}

class Libp2pHost implements Libp2pNetwork {
  readonly peerId: PeerId;
  private stopped = false;
  private readonly pubsub: GossipSub;
  private readonly scored: ScoredGossip;
  private readonly topics = new Map<string, { validate: Validator; deliver: Deliver }>();
  private readonly listeners = new Set<(event: PeerEvent) => void>();

  constructor(
    private readonly node: Libp2p<Services>,
    private readonly gate: Gate,
    private readonly onError: (error: unknown) => void,
    private readonly dialTimeoutMs: number,
    dialDiscovered: boolean,
  ) {
    this.peerId = node.peerId.toString() as PeerId;
    this.pubsub = node.services.pubsub;
    this.scored = this.pubsub as unknown as ScoredGossip;
    if (typeof this.scored.getScore !== 'function' || typeof this.scored.score?.params?.topics !== 'object') {
      throw new Error('@libp2p/gossipsub no longer exposes score.params.topics: per-topic scoring cannot be wired');
    }
    this.pubsub.addEventListener('message', (event) => this.onGossip(event.detail));
    node.addEventListener('peer:connect', (event) => this.emit({ kind: 'connect', peer: event.detail.toString() as PeerId }));
    node.addEventListener('peer:disconnect', (event) => this.emit({ kind: 'disconnect', peer: event.detail.toString() as PeerId }));
    if (dialDiscovered) {
      node.addEventListener('peer:discovery', (event) => {
        if (gate.allows(event.detail.id.toString() as PeerId)) node.dial(event.detail.id).catch(() => undefined); // failures are normal on a LAN
      });
    }
  }

  addresses(): string[] {
    return this.stopped ? [] : this.node.getMultiaddrs().map((a) => a.toString());
  }

  async dial(address: string): Promise<Result<PeerId, NetworkError>> {
    if (this.stopped) return networkError('stopped', 'this network is stopped');
    let target: Multiaddr;
    try {
      target = multiaddr(address);
    } catch {
      return networkError('bad-address', `not a multiaddr: ${address.slice(0, 200)}`);
    }
    if (target.getComponents().some((c) => c.name === 'p2p' && c.value === this.peerId)) return networkError('bad-address', 'a peer cannot dial itself');
    let connection: Connection;
    try {
      connection = await this.node.dial(target);
    } catch (error) {
      return dialFailure(error);
    }
    const peer = connection.remotePeer;
    if (!this.gate.allows(peer.toString() as PeerId)) {
      await this.node.hangUp(peer).catch(() => undefined);
      return networkError('refused', `connection to ${peer.toString()} refused by our gate`);
    }
    // The remote's gate judges us only after our side of the handshake is complete, so a
    // refused dial still "succeeds" locally; one ping round trip shows whether we were kept.
    try {
      await this.node.services.ping.ping(peer, { signal: AbortSignal.timeout(this.dialTimeoutMs) });
    } catch (error) {
      await this.node.hangUp(peer).catch(() => undefined);
      return networkError('refused', `${peer.toString()} closed the connection (its gate, or it went away): ${describe(error)}`);
    }
    await this.node.peerStore.merge(peer, { tags: { [KEEP_ALIVE]: { value: 1 } } }).catch(() => undefined);
    return ok(peer.toString() as PeerId);
  }

  async hangUp(peer: PeerId): Promise<void> {
    const id = parsePeer(peer);
    if (id === undefined || this.stopped) return;
    await this.node.peerStore.merge(id, { tags: { [KEEP_ALIVE]: undefined } }).catch(() => undefined);
    await this.node.hangUp(id).catch(() => undefined);
  }

  connectedPeers(): PeerId[] {
    return this.stopped ? [] : this.node.getPeers().map((p) => p.toString() as PeerId);
  }

  onPeer(listener: (event: PeerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribe(topic: string, validate: Validator, deliver: Deliver): void {
    if (this.stopped) return;
    // Scoring ignores a topic without parameters; registered once, kept after unsubscribe
    // (gossipsub reads them for any topic it still holds counters for).
    this.scored.score.params.topics[topic] ??= { ...TOPIC_SCORE_PARAMS };
    const known = this.topics.has(topic);
    this.topics.set(topic, { validate, deliver });
    if (known) return;
    this.pubsub.topicValidators.set(topic, (_propagator, message) => {
      const handlers = this.topics.get(message.topic);
      if (handlers === undefined) return TopicValidatorResult.Ignore;
      if (message.type !== 'signed') return TopicValidatorResult.Reject; // StrictSign: unsigned is forged
      let verdict: unknown;
      try {
        verdict = handlers.validate({ from: message.from.toString() as PeerId, topic: message.topic, data: message.data });
      } catch {
        verdict = 'reject';
      }
      return verdict === 'accept' ? TopicValidatorResult.Accept : verdict === 'ignore' ? TopicValidatorResult.Ignore : TopicValidatorResult.Reject;
    });
    this.pubsub.subscribe(topic);
  }

  unsubscribe(topic: string): void {
    if (!this.topics.delete(topic) || this.stopped) return;
    this.pubsub.topicValidators.delete(topic);
    this.pubsub.unsubscribe(topic);
  }

  subscribers(topic: string): PeerId[] {
    return this.stopped ? [] : this.pubsub.getSubscribers(topic).map((p) => p.toString() as PeerId);
  }

  async publish(topic: string, data: Uint8Array): Promise<Result<number, NetworkError>> {
    if (this.stopped) return networkError('stopped', 'this network is stopped');
    if (data.length > MAX_GOSSIP_BYTES) return networkError('too-large', `a gossip message of ${data.length} bytes exceeds ${MAX_GOSSIP_BYTES}`);
    try {
      const { recipients } = await this.pubsub.publish(topic, data);
      return ok(recipients.length);
    } catch (error) {
      return networkError(this.stopped ? 'stopped' : 'closed', `publish failed: ${describe(error)}`);
    }
  }

  serve(protocol: string, handler: RequestHandler, options: ServeOptions = {}): void {
    if (!isProtocolId(protocol)) throw new RangeError(`not a /plenary/<name>/<version> protocol: ${protocol}`);
    if (this.stopped) return;
    const answer = exchangeHandler(handler, options, this.onError);
    this.node
      .handle(protocol, (stream: Stream, connection: Connection) => answer(stream, connection.remotePeer.toString() as PeerId), { force: true })
      .catch((error) => this.onError(error));
  }

  unserve(protocol: string): void {
    if (!this.stopped) this.node.unhandle(protocol).catch((error) => this.onError(error));
  }

  async request(peer: PeerId, protocol: string, request: Uint8Array, options: RequestOptions = {}): Promise<Result<Uint8Array, NetworkError>> {
    if (this.stopped) return networkError('stopped', 'this network is stopped');
    const size = checkRequestSize(request, options.maxRequestBytes);
    if (!size.ok) return size;
    const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    const opened = await this.openStream(peer, protocol, signal);
    if (!opened.ok) return opened;
    return exchangeOverStream(opened.value, request, options.maxResponseBytes ?? MAX_RESPONSE_BYTES, signal);
  }

  async rawExchange(peer: PeerId, protocol: string, bytes: Uint8Array, timeoutMs = 5000): Promise<Result<Uint8Array, NetworkError>> {
    const signal = AbortSignal.timeout(timeoutMs);
    const opened = await this.openStream(peer, protocol, signal);
    return opened.ok ? rawOverStream(opened.value, bytes, signal) : opened;
  }

  setGate(allow: (peer: PeerId) => boolean): void {
    this.gate.set(allow);
    if (this.stopped) return;
    for (const peer of this.connectedPeers()) {
      if (!this.gate.allows(peer)) void this.hangUp(peer);
    }
  }

  scoreOf(peer: PeerId): number {
    return this.scored.getScore(peer);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.listeners.clear();
    this.topics.clear();
    await this.node.stop();
  }

  // ---- internals ----

  private async openStream(peer: PeerId, protocol: string, signal: AbortSignal): Promise<Result<Stream, NetworkError>> {
    const id = parsePeer(peer);
    if (id === undefined) return networkError('bad-address', `not a peer id: ${String(peer).slice(0, 200)}`);
    if (this.node.getConnections(id).length === 0) return networkError('not-connected', `not connected to ${peer}`);
    try {
      return ok(await this.node.dialProtocol(id, protocol, { signal }));
    } catch (error) {
      if (signal.aborted) return networkError('timeout', `opening ${protocol} to ${peer} timed out`);
      if (nameOf(error) === 'UnsupportedProtocolError') return networkError('unsupported-protocol', `${peer} serves no ${protocol}`);
      return networkError('closed', `could not open ${protocol} to ${peer}: ${describe(error)}`);
    }
  }

  private onGossip(message: Message): void {
    const handlers = this.topics.get(message.topic);
    if (handlers === undefined || message.type !== 'signed') return;
    const delivered: GossipMessage = { from: message.from.toString() as PeerId, topic: message.topic, data: message.data };
    try {
      handlers.deliver(delivered);
    } catch (error) {
      this.onError(error);
    }
  }

  private emit(event: PeerEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}

function parsePeer(peer: string): Libp2pPeerId | undefined {
  try {
    return peerIdFromString(peer);
  } catch {
    return undefined;
  }
}

function dialFailure(error: unknown): { ok: false; error: NetworkError } {
  const name = nameOf(error);
  if (/Denied|Gater/i.test(name)) return networkError('refused', `dial refused: ${describe(error)}`);
  if (/Multiaddr|InvalidParameters|NoValidAddresses|TransportUnavailable/i.test(name)) return networkError('bad-address', `cannot dial: ${describe(error)}`);
  return networkError('unreachable', `dial failed: ${describe(error)}`);
}

const nameOf = (error: unknown): string => (error as { name?: string } | null)?.name ?? '';
const describe = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 300);

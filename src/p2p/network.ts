/**
 * The one interface the node uses to talk to other delegations. The node depends on this, never
 * on libp2p (js-libp2p's narrow components, automerge-repo's network adapter): `memory-network.ts`
 * implements it in one process for deterministic tests, `libp2p-host.ts` over TCP and WebSockets.
 * Both pass the same contract suite (test/p2p/network-contract.ts).
 *
 * Semantics shared by both adapters (gossipsub v1.1's, where it has one):
 * - Gossip is best effort. A message published before a peer subscribed, or while it was cut
 *   off, never reaches it: the node needs catch-up (`request`) for that.
 * - `validate` runs before delivery and before forwarding: 'reject' (provably bad: penalises the
 *   sender) and 'ignore' (cannot judge, or a duplicate) both stop the message at this peer.
 * - Every `publish` is a distinct message (id = origin + sequence number): copies arriving over
 *   several paths are delivered once. Replays of the same bytes are the node's to recognise.
 * - Nothing is promised about order between messages.
 * - Errors are values: a hostile or broken peer never makes these methods throw.
 */
import type { Result } from '../core/result.js';

/** A libp2p peer id (base58btc, "12D3KooW..."), derived from an ed25519 public key we know. */
export type PeerId = string & { readonly __brand: 'PeerId' };

/** A gossip validator's verdict (gossipsub v1.1). */
export type Verdict = 'accept' | 'reject' | 'ignore';

export interface GossipMessage {
  /** The peer that published it (authenticated: libp2p signs every message with the peer key). */
  readonly from: PeerId;
  readonly topic: string;
  readonly data: Uint8Array;
}

export interface PeerEvent {
  readonly kind: 'connect' | 'disconnect';
  readonly peer: PeerId;
}

/** Must be quick and must not throw (a throw counts as 'reject'). */
export type Validator = (message: GossipMessage) => Verdict;
export type Deliver = (message: GossipMessage) => void;
/** Answers one request; a throw or a timeout reaches the requester as an error, never the content. */
export type RequestHandler = (from: PeerId, request: Uint8Array) => Promise<Uint8Array>;

export type NetworkErrorCode =
  | 'stopped' // this network was stopped
  | 'bad-address' // not an address this adapter can dial
  | 'unreachable' // nothing answered at the address
  | 'refused' // a connection gate (ours or theirs) said no
  | 'not-connected' // requests only travel over an existing connection
  | 'unsupported-protocol' // the peer serves no such protocol
  | 'timeout'
  | 'too-large' // a request, response or message over its cap
  | 'remote-failed' // the peer's handler threw
  | 'malformed' // bytes that are not a valid frame
  | 'closed'; // the connection or stream went away mid-exchange

export interface NetworkError {
  readonly code: NetworkErrorCode;
  readonly message: string;
}

export interface ServeOptions {
  /** Larger requests are refused before the handler sees them. Default MAX_REQUEST_BYTES. */
  readonly maxRequestBytes?: number;
  /** A larger answer is replaced by a 'too-large' error. Default MAX_RESPONSE_BYTES. */
  readonly maxResponseBytes?: number;
  /** A handler still running after this long is answered with 'timeout'. Default 30 s. */
  readonly handlerTimeoutMs?: number;
}

export interface RequestOptions {
  /** Whole exchange, from opening the stream to the last response byte. Default 10 s. */
  readonly timeoutMs?: number;
  /** Refuse requests larger than this before sending. Default MAX_REQUEST_BYTES. */
  readonly maxRequestBytes?: number;
  /** Abort as soon as the response announces more than this. Default MAX_RESPONSE_BYTES. */
  readonly maxResponseBytes?: number;
}

export interface PeerNetwork {
  readonly peerId: PeerId;
  /** Addresses other peers can dial (for invitations). Empty once stopped. */
  addresses(): string[];
  /** Connects (or finds the existing connection) and says who answered. */
  dial(address: string): Promise<Result<PeerId, NetworkError>>;
  /**
   * Closes the connection now. It does not keep the peer out: a peer that dialled us may dial
   * again (libp2p redials peers it dialled when a link drops). The gate keeps peers out.
   */
  hangUp(peer: PeerId): Promise<void>;
  connectedPeers(): PeerId[];
  /** Called asynchronously, once per peer (not per connection) connecting or disconnecting. */
  onPeer(listener: (event: PeerEvent) => void): () => void;

  /** Joins a topic; subscribing again replaces the validator and the delivery callback. */
  subscribe(topic: string, validate: Validator, deliver: Deliver): void;
  unsubscribe(topic: string): void;
  /** Connected peers known to be subscribed to the topic (learnt asynchronously). */
  subscribers(topic: string): PeerId[];
  /** Sends to the topic's peers; says to how many directly. No peers is not an error. */
  publish(topic: string, data: Uint8Array): Promise<Result<number, NetworkError>>;

  /** One request, one response, both size-capped, on `protocol` (see protocolId). */
  serve(protocol: string, handler: RequestHandler, options?: ServeOptions): void;
  unserve(protocol: string): void;
  request(peer: PeerId, protocol: string, request: Uint8Array, options?: RequestOptions): Promise<Result<Uint8Array, NetworkError>>;

  /** Who may connect at all; connections to peers it now refuses are closed. Default: everyone. */
  setGate(allow: (peer: PeerId) => boolean): void;
  /** Idempotent; afterwards every call fails with 'stopped' or does nothing. */
  stop(): Promise<void>;
}

/**
 * Gossip payload cap. Keystrokes are coalesced into envelopes of a few hundred bytes, and
 * gossipsub copies every message to up to 12 mesh peers plus gossip, so one huge message delays
 * every delegation's keystrokes behind it. 1 MiB covers a pasted chapter; an update near the
 * draft's 8 MiB envelope limit travels by request/response (catch-up), not gossip.
 */
export const MAX_GOSSIP_BYTES = 1 << 20;
/** Catch-up requests name what is missing (per-author sequences, heights): small. */
export const MAX_REQUEST_BYTES = 1 << 20;
/** Room for one 8 MiB envelope (draft/envelope.ts MAX_ENVELOPE_BYTES) with its batch framing. */
export const MAX_RESPONSE_BYTES = 16 << 20;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_HANDLER_TIMEOUT_MS = 30_000;

const PROTOCOL = /^\/plenary\/[a-z0-9][a-z0-9-]{0,62}\/\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** `/plenary/<name>/<version>`: the stream protocol id of a request/response exchange. */
export function protocolId(name: string, version = '1.0.0'): string {
  const id = `/plenary/${name}/${version}`;
  if (!PROTOCOL.test(id)) throw new RangeError(`not a valid protocol name or version: ${JSON.stringify(id)}`);
  return id;
}

export function isProtocolId(value: string): boolean {
  return PROTOCOL.test(value);
}

export const networkError = (code: NetworkErrorCode, message: string): { ok: false; error: NetworkError } => ({
  ok: false,
  error: { code, message },
});

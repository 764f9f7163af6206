/**
 * Invitations and admission, both sides.
 *
 * The inviter (any party) creates a code holding a one-time secret (only its hash is stored, with
 * an expiry) and serves `/plenary/join/1.0.0`. An invitee that presents the secret, signed by its
 * key from the peer of that key, gets an admission PROPOSED: an admit block sealing the current
 * room key to it, with the inviter's vote. Whether it is admitted is the ledger's decision under
 * the charter's rule: the other parties see the proposal and vote (adoption.vote or
 * invitations.admit). Nothing is admitted behind anyone's back.
 *
 * The invitee stores the charter it is answered with and opens the negotiation read-only
 * ('joining'); its room asks the inviter for catch-up until the admit block is final (the inviter
 * answers parties only), which brings the blocks (its admission key among them) and the draft.
 */
import { randomBytes } from 'node:crypto';
import { Reader, Writer, decodeWith, equalBytes } from '../core/bytes.js';
import { decodeGenesis, encodeGenesis, validatePartySpec, type GenesisBlock, type PartySpec } from '../core/charter.js';
import { sha256 } from '../core/hash.js';
import {
  NEGOTIATION_ID_BYTES,
  negotiationIdFromBytes,
  negotiationIdToBytes,
  partyIdOf,
  type NegotiationId,
  type PartyId,
  type SignatureScheme,
} from '../core/identity.js';
import { admitBody } from '../core/ledger/body.js';
import { headerHashOf } from '../core/ledger/header.js';
import { err, ok, type Result } from '../core/result.js';
import type { PeerId, PeerNetwork } from '../p2p/network.js';
import { peerIdOfPublicKey, publicKeyOfPeerId } from '../p2p/peer-id.js';
import type { PlenaryStore } from '../store/index.js';
import { apiError, apiOk } from './api.js';
import type { ApiResult, ProposalView } from './api-types.js';
import type { GateExtras } from './gate-extras.js';
import { decodeInvitation, encodeInvitation, SECRET_BYTES } from './invitation-code.js';
import { decodeJoinRequest, decodeJoinResponse, encodeJoinResponse, JOIN_PROTOCOL, signJoinRequest, verifyJoinRequest, type JoinResponse } from './join-request.js';
import type { NegotiationSession } from './negotiation-session.js';
import type { NodeIdentity } from './node-identity.js';
import { headerProposalView, proposalView } from './node-views.js';
import { refreshGate } from './room-attachment.js';

const META_KEY = 'invitations/v1';
/** Addresses of inviters' nodes, dialled again when the node opens (they know the room). */
const ADDRESSES_KEY = 'invitations/addresses/v1';
const MAX_KNOWN_ADDRESSES = 256;
const MAX_STORED = 10_000;

/** One invitation as the inviter keeps it: the secret's hash, never the secret. */
interface StoredInvitation {
  readonly negotiation: NegotiationId;
  readonly secretHash: Uint8Array;
  readonly expiresAt: number;
  used: boolean;
}

/** What the desk needs of its node. */
export interface InvitationHost {
  readonly store: PlenaryStore;
  readonly identity: NodeIdentity;
  readonly scheme: SignatureScheme;
  readonly network: PeerNetwork;
  readonly gate: GateExtras;
  now(): number;
  name(): string | null;
  session(negotiation: NegotiationId): NegotiationSession | undefined;
  /** Stores a verified genesis and opens its negotiation (read-only until admitted). */
  openJoined(genesis: GenesisBlock): Promise<Result<NegotiationSession, string>>;
  /** Asks the room of `negotiation` to catch up from `peer` now. */
  catchUp(negotiation: NegotiationId, peer: PeerId): Promise<unknown>;
  emitError(negotiation: NegotiationId, message: string): void;
}

export interface InvitationOptions {
  /** How long a code stays valid. Default 7 days. */
  readonly ttlMs: number;
  /** How often a joining node asks for catch-up while waiting for its admission. */
  readonly admissionPollMs: number;
  readonly joinTimeoutMs: number;
}

export const DEFAULT_INVITATION_OPTIONS: InvitationOptions = { ttlMs: 7 * 24 * 3600_000, admissionPollMs: 250, joinTimeoutMs: 30_000 };

function encodeStored(list: readonly StoredInvitation[]): Uint8Array {
  const w = new Writer().u32(list.length);
  for (const i of list) w.fixed(negotiationIdToBytes(i.negotiation), NEGOTIATION_ID_BYTES).fixed(i.secretHash, 32).u64(i.expiresAt).u8(i.used ? 1 : 0);
  return w.finish();
}

function decodeStored(bytes: Uint8Array): StoredInvitation[] {
  return decodeWith(bytes, 'stored invitations', (r: Reader) => {
    const n = r.count(MAX_STORED, 73, 'invitations');
    const out: StoredInvitation[] = [];
    for (let k = 0; k < n; k++) {
      out.push({
        negotiation: negotiationIdFromBytes(r.fixed(NEGOTIATION_ID_BYTES, 'negotiation')),
        secretHash: r.fixed(32, 'secret hash'),
        expiresAt: r.u64('expiresAt'),
        used: r.u8('used') === 1,
      });
    }
    r.end('stored invitations');
    return out;
  });
}

export class InvitationDesk {
  private invitations: StoredInvitation[] = [];
  /** Negotiations this node is joining, with what stops the wait. */
  private readonly joining = new Map<NegotiationId, () => void>();
  private stopped = false;

  private constructor(
    private readonly host: InvitationHost,
    private readonly options: InvitationOptions,
  ) {}

  static async open(host: InvitationHost, options: InvitationOptions): Promise<InvitationDesk> {
    const desk = new InvitationDesk(host, options);
    const bytes = await host.store.getMeta(META_KEY);
    if (bytes !== undefined) {
      try {
        desk.invitations = decodeStored(bytes);
      } catch {
        desk.invitations = []; // unreadable: every open invitation lapses, which is the safe side
      }
    }
    desk.updateGate();
    host.network.serve(JOIN_PROTOCOL, (from, request) => desk.answer(from, request), { handlerTimeoutMs: options.joinTimeoutMs });
    return desk;
  }

  isJoining(negotiation: NegotiationId): boolean {
    return this.joining.has(negotiation);
  }

  /** Waits for admission to negotiations this node is not (yet) a party to, e.g. after a restart. */
  watch(session: NegotiationSession, inviter: PeerId | undefined): void {
    if (session.member || this.joining.has(session.negotiation) || this.stopped) return;
    const release = inviter === undefined ? () => {} : this.host.gate.allow(inviter);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      if (timer !== undefined) clearTimeout(timer);
      this.joining.delete(session.negotiation);
      release();
    };
    this.joining.set(session.negotiation, stop);
    const tick = async () => {
      timer = undefined;
      if (this.stopped || session.closed) return stop();
      if (session.member) return stop();
      if (inviter !== undefined) {
        await this.host.catchUp(session.negotiation, inviter).catch(() => undefined);
      }
      if (session.member) return stop();
      if (!this.stopped) timer = setTimeout(() => void tick(), this.options.admissionPollMs);
    };
    void tick();
  }

  stop(): void {
    this.stopped = true;
    for (const stop of [...this.joining.values()]) stop();
    this.host.network.unserve(JOIN_PROTOCOL);
  }

  /** invitations.create: a code for `negotiation`, dialable at `addresses` (default: ours). */
  async create(session: NegotiationSession, addresses: readonly string[] | undefined): Promise<ApiResult<{ code: string }>> {
    if (!session.member) return apiError('not-a-party', 'only a party can invite');
    const dial = addresses ?? this.host.network.addresses();
    if (dial.length === 0) return apiError('unreachable', 'this node listens on no address another node could dial');
    const secret = new Uint8Array(randomBytes(SECRET_BYTES));
    const expiresAt = this.host.now() + this.options.ttlMs;
    this.prune();
    this.invitations.push({ negotiation: session.negotiation, secretHash: sha256(secret), expiresAt, used: false });
    await this.save();
    this.updateGate();
    const code = encodeInvitation({ negotiation: session.negotiation, inviter: this.host.identity.signer.party, secret, expiresAt, addresses: dial.slice(0, 32) });
    return apiOk({ code });
  }

  /** invitations.join on the invitee: dial, ask, store the charter, wait for admission. */
  async join(code: string): Promise<ApiResult<NegotiationSession>> {
    const decoded = decodeInvitation(code);
    if (!decoded.ok) return apiError('bad-invitation', decoded.error);
    const invitation = decoded.value;
    if (invitation.expiresAt <= this.host.now()) return apiError('bad-invitation', `the invitation expired at ${new Date(invitation.expiresAt).toISOString()}`);
    const name = this.host.name();
    if (name === null) return apiError('no-identity', 'name this delegation first (identity.create)');
    const existing = this.host.session(invitation.negotiation);
    if (existing !== undefined) return apiOk(existing);

    // The inviter's peer ids, from the addresses (their /p2p/ part): let them through our gate.
    const inviterPeers = invitation.addresses
      .map((a) => /\/p2p\/([1-9A-HJ-NP-Za-km-z]+)$/.exec(a)?.[1] as PeerId | undefined)
      .filter((p): p is PeerId => p !== undefined && this.isPeerOf(p, invitation.inviter));
    if (inviterPeers.length === 0) return apiError('bad-invitation', "the invitation carries no address of the inviter's node");
    const releases = [...new Set(inviterPeers)].map((p) => this.host.gate.allow(p));
    refreshGate(this.host.network);
    try {
      let peer: PeerId | undefined;
      const failures: string[] = [];
      for (const address of invitation.addresses) {
        const dialed = await this.host.network.dial(address);
        if (dialed.ok && this.isPeerOf(dialed.value, invitation.inviter)) {
          peer = dialed.value;
          break;
        }
        failures.push(dialed.ok ? `${address}: not the inviter's node` : `${address}: ${dialed.error.message}`);
      }
      if (peer === undefined) return apiError('unreachable', `no address of the invitation answered: ${failures.join('; ')}`);

      const request = signJoinRequest({ negotiation: invitation.negotiation, secret: invitation.secret, name, weight: 0 }, this.host.identity.signer);
      const answered = await this.host.network.request(peer, JOIN_PROTOCOL, request, { timeoutMs: this.options.joinTimeoutMs });
      if (!answered.ok) return apiError('unreachable', `the inviter did not answer the join request: ${answered.error.message}`);
      let response: JoinResponse;
      try {
        response = decodeJoinResponse(answered.value);
      } catch (e) {
        return apiError('invitation-refused', `the inviter's answer does not decode: ${String(e)}`);
      }
      if (response.kind === 'refused') return apiError('invitation-refused', `the inviter refused: ${response.reason}`);
      let genesis: GenesisBlock;
      try {
        genesis = decodeGenesis(response.genesis);
      } catch (e) {
        return apiError('invitation-refused', `the charter sent by the inviter does not decode: ${String(e)}`);
      }
      const opened = await this.host.openJoined(genesis);
      if (!opened.ok) return apiError('invitation-refused', `the charter sent by the inviter is not valid: ${opened.error}`);
      if (opened.value.negotiation !== invitation.negotiation) return apiError('invitation-refused', 'the inviter sent the charter of another negotiation');
      await this.remember(invitation.addresses);
      this.watch(opened.value, peer);
      return apiOk(opened.value);
    } finally {
      for (const release of releases) release();
    }
  }

  /** invitations.admit: votes for a pending admission of `spec`, or proposes one (and votes). */
  async admit(session: NegotiationSession, spec: PartySpec): Promise<ApiResult<ProposalView>> {
    if (!session.member) return apiError('not-a-party', 'only a party can admit');
    if (session.ledger.members().has(spec.id)) return apiError('rejected', 'this delegation is already a party');
    const pending = session.ledger
      .proposals()
      .find((p) => p.body.kind === 'admit' && equalBytes(p.body.party.publicKey, spec.publicKey));
    if (pending !== undefined) {
      const voted = await session.vote(pending.hash);
      if (!voted.ok && !/already/.test(voted.error)) return apiError('rejected', `the vote was refused: ${voted.error}`);
      const now = session.ledger.proposals().find((p) => equalBytes(p.hash, pending.hash));
      return apiOk(now !== undefined ? proposalView(now, session.names) : proposalView(pending, session.names));
    }
    const proposed = await this.proposeAdmission(session, spec);
    if (!proposed.ok) return apiError('rejected', proposed.error);
    const proposal = session.ledger.proposals().find((p) => equalBytes(p.hash, proposed.value));
    if (proposal !== undefined) return apiOk(proposalView(proposal, session.names));
    const block = session.ledger.blocks().find((b) => equalBytes(headerHashOf(b.header), proposed.value));
    return apiOk(headerProposalView(block!.header, session.names));
  }

  private async proposeAdmission(session: NegotiationSession, spec: PartySpec): Promise<Result<Uint8Array, string>> {
    const valid = validatePartySpec(spec, 'the delegation');
    if (!valid.ok) return valid;
    const key = session.keyring.current;
    if (key === undefined) return err('this delegation holds no room key to seal to the newcomer');
    const body = admitBody(spec, key, session.negotiation);
    if (!body.ok) return body;
    const proposed = await session.propose(body.value);
    if (!proposed.ok) return err(`the ledger refused the admission: ${proposed.error}`);
    const voted = await session.vote(proposed.value);
    if (!voted.ok && !session.ledger.blocks().some((b) => equalBytes(headerHashOf(b.header), proposed.value))) return err(`the vote was refused: ${voted.error}`);
    return ok(proposed.value);
  }

  /** The inviter's side of `/plenary/join/1.0.0`. Refusals are answers, never throws. */
  private async answer(from: PeerId, bytes: Uint8Array): Promise<Uint8Array> {
    const refuse = (reason: string) => encodeJoinResponse({ kind: 'refused', reason });
    const request = decodeJoinRequest(bytes); // a DecodeError becomes 'remote-failed' at the requester
    if (!verifyJoinRequest(request, this.host.scheme)) return refuse('the request is not signed by the key it names');
    if (peerIdOfPublicKey(request.publicKey) !== from) return refuse("the request does not come from its key's peer");
    const session = this.host.session(request.negotiation);
    if (session === undefined || !session.member) return refuse('this node is not a party to that negotiation');
    const hash = sha256(request.secret);
    const invitation = this.invitations.find((i) => i.negotiation === request.negotiation && equalBytes(i.secretHash, hash));
    if (invitation === undefined) return refuse('no invitation has this secret (wrong code, or another negotiation)');
    if (invitation.used) return refuse('this invitation was already used');
    if (invitation.expiresAt <= this.host.now()) return refuse('this invitation has expired');
    const spec: PartySpec = { id: partyIdOf(request.publicKey), name: request.name, publicKey: request.publicKey, weight: request.weight === 0 ? 1 : request.weight };
    if (session.ledger.members().has(spec.id)) return refuse('this delegation is already a party');
    // The invitee asks for catch-up until its admission is final: keep it through the gate
    // (before the invitation closes, which would cut this very connection).
    const release = this.host.gate.allow(from);
    // One use: spent before anything is proposed, restored if nothing could be.
    invitation.used = true;
    await this.save();
    this.updateGate();
    const proposed = await this.proposeAdmission(session, spec);
    if (!proposed.ok) {
      release();
      invitation.used = false;
      await this.save();
      this.updateGate();
      return refuse(proposed.error);
    }
    const genesis = encodeGenesis(session.ledger.genesis);
    return encodeJoinResponse({ kind: 'proposed', headerHash: proposed.value, genesis });
  }

  /** Dials the inviters' nodes remembered from earlier joins (a restart starts with no links). */
  async redial(): Promise<void> {
    const addresses = await this.known();
    await Promise.all(addresses.map((a) => this.host.network.dial(a)));
  }

  private async known(): Promise<string[]> {
    const bytes = await this.host.store.getMeta(ADDRESSES_KEY);
    if (bytes === undefined) return [];
    try {
      return decodeWith(bytes, 'known addresses', (r: Reader) => {
        const n = r.count(MAX_KNOWN_ADDRESSES, 4, 'addresses');
        const out: string[] = [];
        for (let i = 0; i < n; i++) out.push(r.text(1000, 'address'));
        r.end('known addresses');
        return out;
      });
    } catch {
      return [];
    }
  }

  private async remember(addresses: readonly string[]): Promise<void> {
    const all = [...new Set([...(await this.known()), ...addresses])].slice(-MAX_KNOWN_ADDRESSES);
    const w = new Writer().u32(all.length);
    for (const a of all) w.text(a);
    await this.host.store.putMeta(ADDRESSES_KEY, w.finish());
  }

  private isPeerOf(peer: PeerId, party: PartyId): boolean {
    const key = publicKeyOfPeerId(peer);
    return key !== undefined && partyIdOf(key) === party;
  }

  private prune(): void {
    const now = this.host.now();
    // Used and expired ones are kept a while longer, so a late use is told why it fails.
    this.invitations = this.invitations.filter((i) => i.expiresAt + this.options.ttlMs > now).slice(-(MAX_STORED - 1));
  }

  private updateGate(): void {
    const now = this.host.now();
    this.host.gate.setOpenInvitations(this.invitations.filter((i) => !i.used && i.expiresAt > now).length);
    refreshGate(this.host.network);
  }

  private async save(): Promise<void> {
    await this.host.store.putMeta(META_KEY, encodeStored(this.invitations));
  }
}

/**
 * One open negotiation on a delegation node: the ledger and draft reopened from the store, the
 * author sealing this session's edits under a fresh epoch, the room keys, the voting record, the
 * Yjs sync sessions of UI documents, and the attachment that drives it all (a NegotiationRoom on
 * the network, or the OfflineRoom). Everything that settles is stored through one ordered queue
 * before anyone hears of it; the draft is compacted into a snapshot every `compactEvery` stored
 * envelopes and on close.
 */
import type * as Y from 'yjs';
import { signGenesis, type Charter } from '../core/charter.js';
import { DraftAuthor } from '../core/draft/author.js';
import type { DraftReplica } from '../core/draft/replica.js';
import type { SchemaResult } from '../core/draft/schema.js';
import { createTreaty } from '../core/draft/treaty-ops.js';
import type { NegotiationId, PartyId, SignatureScheme } from '../core/identity.js';
import { encodeEvidence } from '../core/ledger/evidence.js';
import { addRoomKeysFrom, keyringFor } from '../core/ledger/keyring.js';
import type { Ledger } from '../core/ledger/ledger.js';
import { VotingRecord } from '../core/ledger/voting-record.js';
import { err, ok, type Result } from '../core/result.js';
import { RoomKeyring } from '../core/room/keyring.js';
import { createRoomKey } from '../core/room/room-key.js';
import type { PlenaryStore } from '../store/index.js';
import { apiError, apiOk, type NodeEvent } from './api.js';
import type { ApiResult } from './api-types.js';
import { DraftSync } from './draft-sync.js';
import { compactDraft, openNegotiation, recordBlock, recordEnvelopes, recordGenesis } from './negotiation-record.js';
import type { NetworkAttachment, SessionParts, SessionReport, SessionSink, ConnectHook } from './network-attachment.js';
import type { NodeIdentity } from './node-identity.js';
import {
  PartyNames,
  blockView,
  conflictEvidenceView,
  headerProposalView,
  proposalView,
  voteEventTarget,
  voteEvidenceView,
} from './node-views.js';
import { OfflineRoom } from './offline-room.js';
import { SerialWrites } from './serial-writes.js';
import { loadVotes, saveVotes } from './vote-journal.js';
import { TreatyRecord } from './treaty-record.js';
import { equalBytes } from '../core/bytes.js';

export interface SessionOptions {
  readonly store: PlenaryStore;
  readonly identity: NodeIdentity;
  readonly scheme: SignatureScheme;
  /** A fresh epoch of this delegation: the Yjs clientID of this session's edits derives from it. */
  readonly epoch: number;
  readonly connect: ConnectHook | undefined;
  readonly flushDelayMs: number;
  /** Stored envelopes between two snapshots. */
  readonly compactEvery: number;
  readonly now: () => number;
  readonly emit: (event: NodeEvent) => void;
}

export class NegotiationSession {
  readonly names: PartyNames;
  readonly sync: DraftSync;
  readonly warnings: string[] = [];
  /** Acts on the adopted versions (signatures, ratifications...) and the treaty derived from them. */
  readonly treaty: TreatyRecord;
  private readonly writes = new SerialWrites();
  private readonly attachment: NetworkAttachment;
  private sinceSnapshot = 0;
  /** Per author, the highest seq the store holds contiguously from what this session stored. */
  private readonly stored: Map<PartyId, number>;
  private compactionQueued = false;
  private closing: Promise<void> | undefined;

  private constructor(
    readonly ledger: Ledger,
    readonly draft: DraftReplica,
    readonly author: DraftAuthor,
    readonly keyring: RoomKeyring,
    readonly votingRecord: VotingRecord,
    private readonly options: SessionOptions,
    storedActs: readonly Uint8Array[],
  ) {
    this.names = new PartyNames(ledger);
    this.sync = new DraftSync(draft, author);
    const restored = TreatyRecord.restore(
      {
        negotiation: ledger.negotiation,
        ledger,
        store: options.store,
        scheme: options.scheme,
        signer: options.identity.signer,
        names: this.names,
        writes: this.writes,
        now: options.now,
        emit: (event) => this.emit(event),
      },
      storedActs,
    );
    this.treaty = restored.record;
    this.warnings.push(...restored.warnings);
    // Everything the replica holds when it opens came from the store.
    this.stored = draft.frontier();
    const parts: SessionParts = {
      negotiation: ledger.negotiation,
      ledger,
      draft,
      author,
      signer: options.identity.signer,
      scheme: options.scheme,
      keyring,
      votingRecord,
      records: {
        envelopes: (author, fromSeq, limit) => options.store.envelopes(ledger.negotiation, author, fromSeq, limit),
        blocks: (fromHeight, limit) => options.store.blocks(ledger.negotiation, Math.max(1, fromHeight), limit),
        acts: (party, fromSeq, limit) => options.store.acts(ledger.negotiation, party, fromSeq, limit),
      },
      sink: this.sink(),
      acts: this.treaty.register,
      report: (event) => this.onReport(event),
    };
    this.attachment = options.connect?.(parts) ?? new OfflineRoom(parts, { flushDelayMs: options.flushDelayMs, now: options.now });
  }

  /** Convenes a negotiation: signs and stores its genesis, opens it, and gives the treaty its title. */
  static async create(charter: Charter, options: SessionOptions): Promise<Result<NegotiationSession, string>> {
    const genesis = signGenesis(charter, options.identity.signer, createRoomKey(0));
    if (!genesis.ok) return genesis;
    const recorded = await recordGenesis(options.store, genesis.value, options.scheme);
    if (!recorded.ok) return recorded;
    const opened = await NegotiationSession.open(recorded.value.negotiation, options);
    if (opened.ok) {
      const titled = opened.value.edit((doc) => createTreaty(doc, charter.title));
      if (!titled.ok) return err(titled.error.message);
    }
    return opened;
  }

  static async open(negotiation: NegotiationId, options: SessionOptions): Promise<Result<NegotiationSession, string>> {
    const { store, identity, scheme } = options;
    const opened = await openNegotiation(store, negotiation, scheme);
    if (!opened.ok) return opened;
    const { ledger, draft } = opened.value;
    const warnings: string[] = opened.value.refused.map((r) => `stored edit ${r.author} #${r.seq} was refused: ${r.reason}`);
    const keys = keyringFor(ledger.genesis, ledger.blocks(), identity.opener);
    if (!keys.ok) warnings.push(`room key at height ${keys.error.height} does not open: ${keys.error.message}`);
    let votes: Awaited<ReturnType<typeof loadVotes>> = [];
    try {
      votes = await loadVotes(store, negotiation);
    } catch (e) {
      warnings.push(`the stored voting record does not decode: ${e instanceof Error ? e.message : String(e)}`);
    }
    // Our votes at the undecided height count again (the ledger keeps pending votes in memory only).
    for (const vote of votes) if (vote.height === ledger.height + 1) ledger.receiveVote(vote);
    const author = DraftAuthor.attach(draft, identity.signer, options.epoch, {
      coalesce: true,
      onError: (message) => options.emit({ type: 'node-error', negotiation, message }),
    });
    if (!author.ok) return err(`cannot author in this negotiation: ${author.error}`);
    const storedActs = (await store.acts(negotiation)).map((r) => r.bytes);
    const session = new NegotiationSession(
      ledger,
      draft,
      author.value,
      keys.ok ? keys.value : new RoomKeyring(),
      new VotingRecord(identity.signer, votes),
      options,
      storedActs,
    );
    session.warnings.push(...warnings);
    return ok(session);
  }

  get negotiation(): NegotiationId {
    return this.ledger.negotiation;
  }

  get self(): PartyId {
    return this.options.identity.signer.party;
  }

  now(): number {
    return this.options.now();
  }

  /** Whether this delegation is a party now. */
  get member(): boolean {
    return this.ledger.members().has(this.options.identity.signer.party);
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  /** Connected peers that are parties (0 offline). */
  online(): number {
    return this.attachment.partyPeers?.().length ?? 0;
  }

  presences(): ReturnType<NonNullable<NetworkAttachment['presences']>> {
    return this.attachment.presences?.() ?? [];
  }

  setCursor(cursor: Parameters<NonNullable<NetworkAttachment['setCursor']>>[0]): void {
    this.attachment.setCursor?.(cursor);
  }

  /** Applies one local change to the draft; the attachment seals and stores it shortly after. */
  edit<T>(change: (doc: Y.Doc) => SchemaResult<T>): ApiResult<T> {
    if (this.closed) return apiError('closed', 'the negotiation is closing');
    if (!this.member) return apiError('not-a-party', 'this delegation is not a party to the negotiation: its record is read-only');
    const result = change(this.draft.doc);
    return result.ok ? apiOk(result.value) : apiError(result.error.code, result.error.message);
  }

  /** Seals and stores pending local edits now. */
  flush(): Promise<void> {
    return this.attachment.flush();
  }

  /** Flushes, then waits until everything settled so far is durable (before reading the store). */
  async settle(): Promise<void> {
    await this.attachment.flush();
    await this.writes.drained();
  }

  get store(): PlenaryStore {
    return this.options.store;
  }

  get scheme(): SignatureScheme {
    return this.options.scheme;
  }

  /** Signs, checks, stores, then sends this delegation's act (see TreatyRecord.perform). */
  performAct: (build: Parameters<TreatyRecord['perform']>[0]) => ReturnType<TreatyRecord['perform']> = (build) =>
    this.treaty.perform(build, (bytes) => this.attachment.publishAct?.(bytes) ?? Promise.resolve());

  propose: NetworkAttachment['propose'] = (body) => this.attachment.propose(body);
  vote: NetworkAttachment['vote'] = (headerHash) => this.attachment.vote(headerHash);
  decline: NetworkAttachment['decline'] = (round) => this.attachment.decline(round);

  /** Flushes, leaves the network, waits for every write, compacts. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.sync.closeAll();
      await this.attachment.stop();
      await this.writes.drained();
      if (this.author.pendingCount === 0 && this.frontierStored()) await compactDraft(this.options.store, this.draft);
      this.author.detach();
    })();
    return this.closing;
  }

  private emit(event: NodeEvent): void {
    this.options.emit(event);
  }

  private sink(): SessionSink {
    const { store } = this.options;
    const negotiation = this.ledger.negotiation;
    return {
      onEnvelopes: async (envelopes) => {
        await this.writes.run(() => recordEnvelopes(store, negotiation, envelopes));
        for (const e of envelopes) if (e.seq > (this.stored.get(e.author) ?? 0)) this.stored.set(e.author, e.seq);
        this.sinceSnapshot += envelopes.length;
        this.maybeCompact();
      },
      onBlock: async (block) => {
        await this.writes.run(() => recordBlock(store, block));
        this.names.learn(block);
        const keys = addRoomKeysFrom(this.keyring, block, this.options.identity.opener, negotiation);
        if (!keys.ok) this.warnings.push(`room key at height ${keys.error.height} does not open: ${keys.error.message}`);
        await this.writes.run(() => saveVotes(store, negotiation, this.votingRecord.votes(), this.ledger.height));
        this.emit({ type: 'block-final', negotiation, block: blockView(this.ledger, block, this.names, this.options.scheme) });
        this.treaty.onBlock();
      },
      onEvidence: async (evidence) => {
        if (evidence.kind === 'votes') {
          await this.writes.run(() => store.addEvidence(negotiation, encodeEvidence(evidence.evidence)));
          this.emit({ type: 'equivocation', negotiation, evidence: voteEvidenceView(evidence.evidence, this.names) });
        } else {
          this.emit({ type: 'equivocation', negotiation, evidence: conflictEvidenceView(evidence.conflict, this.names) });
        }
      },
      onOwnVote: async () => {
        await this.writes.run(() => saveVotes(store, negotiation, this.votingRecord.votes(), this.ledger.height));
      },
      onActs: (entries) => this.treaty.onActs(entries),
    };
  }

  /**
   * Snapshots the draft once `compactEvery` envelopes were stored since the last one, at a moment
   * when the snapshot covers only stored envelopes: no write queued behind it, no edit unsealed.
   */
  private maybeCompact(): void {
    if (this.compactionQueued || this.sinceSnapshot < this.options.compactEvery || this.closed) return;
    this.compactionQueued = true;
    void this.writes
      .run(async () => {
        if (this.writes.pending !== 1 || this.author.pendingCount !== 0) return; // next write retries
        // The replica may hold envelopes a room applied whose sink write is still to come.
        if (!this.frontierStored()) return;
        this.sinceSnapshot = 0;
        await compactDraft(this.options.store, this.draft);
      })
      .catch((e: unknown) => this.emit({ type: 'node-error', negotiation: this.negotiation, message: `compaction failed: ${String(e)}` }))
      .finally(() => {
        this.compactionQueued = false;
      });
  }

  /** Whether every envelope settled in the replica is one the store already holds. */
  frontierStored(): boolean {
    for (const [author, seq] of this.draft.frontier()) if (seq > (this.stored.get(author) ?? 0)) return false;
    return true;
  }

  private onReport(event: SessionReport): void {
    const negotiation = this.ledger.negotiation;
    switch (event.type) {
      case 'text-changed':
        this.emit({ type: 'text-changed', negotiation, origin: event.origin, authors: [...event.authors] });
        return;
      case 'block-proposed': {
        const known = this.ledger.proposals().find((p) => equalBytes(p.hash, event.headerHash));
        const proposal = known !== undefined ? proposalView(known, this.names) : headerProposalView(event.header, this.names);
        this.emit({ type: 'block-proposed', negotiation, proposal });
        return;
      }
      case 'vote': {
        const { vote } = event;
        this.emit({ type: 'vote', negotiation, party: this.names.ref(vote.party), height: vote.height, round: vote.round, target: voteEventTarget(vote) });
        return;
      }
      case 'presence':
        this.emit({
          type: 'presence',
          negotiation,
          party: this.names.ref(event.party),
          presence: event.presence === null ? null : { party: this.names.ref(event.party), cursor: event.presence.cursor, seenAt: event.presence.seenAt },
        });
        return;
      case 'peer':
        this.emit({
          type: 'peer',
          negotiation,
          peer: event.peer,
          party: event.party === undefined ? null : this.names.ref(event.party),
          status: event.status,
        });
        return;
      case 'rejected-message':
        this.emit({ type: 'rejected-message', negotiation, peer: event.peer, channel: event.channel, reason: event.reason });
        return;
      case 'catch-up': {
        const { peer, party, phase, envelopes, blocks, reason } = event;
        const ref = party === undefined ? null : this.names.ref(party);
        this.emit({ type: 'catch-up', negotiation, peer, party: ref, phase, envelopes, blocks, ...(reason !== undefined && { reason }) });
        return;
      }
      case 'error':
        this.emit({ type: 'node-error', negotiation, message: event.message });
        return;
    }
  }
}

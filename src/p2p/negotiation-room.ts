/**
 * A negotiation's room on the network: live drafting, ledger gossip, catch-up and presence for
 * one delegation in one negotiation. It composes small parts (room/*.ts): the four gossip
 * channels (draft, ledger, presence, acts), catch-up clients and servers, the party map and the gate; the core objects it is given
 * decide everything (DraftReplica, Ledger, VotingRecord), the room only carries bytes and reports.
 *
 * The node owns and builds what the room uses: the network, the ledger and draft (reopened from
 * the store), the author (coalescing), the keyring (from the ledger; the node adds keys as blocks
 * become final, before the next seal), the records and sink (the store). Nothing here imports the
 * store, and nothing here throws on peer input.
 */
import type { DraftAuthor } from '../core/draft/author.js';
import type { DraftReplica } from '../core/draft/replica.js';
import type { PartyId, PartyRoster, SignatureScheme, Signer } from '../core/identity.js';
import type { Block } from '../core/ledger/block.js';
import type { BlockBody } from '../core/ledger/body.js';
import type { Ledger } from '../core/ledger/ledger.js';
import type { Vote } from '../core/ledger/vote.js';
import { VotingRecord } from '../core/ledger/voting-record.js';
import type { Result } from '../core/result.js';
import type { RoomKeyring } from '../core/room/keyring.js';
import type { PeerEvent, PeerId, PeerNetwork } from './network.js';
import { ActRegister } from './room/act-register.js';
import { ActsChannel, type ActsCatchUpSummary } from './room/acts-channel.js';
import { answerCatchUp, DEFAULT_PAGE_BYTES } from './room/catch-up-server.js';
import { CatchUpClient, type CatchUpSummary } from './room/catch-up-client.js';
import { SerialQueue, type RoomContext } from './room/context.js';
import { DraftChannel } from './room/draft-channel.js';
import { RoomEmitter, type RoomEvent, type RoomEventOf, type RoomEventType } from './room/events.js';
import { LedgerChannel } from './room/ledger-channel.js';
import { PartyPeers } from './room/parties.js';
import { DEFAULT_PRESENCE_OPTIONS, PresenceChannel, type PresenceOptions, type PresenceUpdate } from './room/presence-channel.js';
import type { RecordSource, RoomSink } from './room/records.js';
import { RoomRegistry } from './room/registry.js';
import { every, systemClock, systemTimers, type Clock, type Timers } from './room/timers.js';
import { roomTopics, type RoomTopics } from './room/topics.js';
import type { Presence } from './wire/presence.js';

export interface NegotiationRoomOptions {
  readonly network: PeerNetwork;
  readonly ledger: Ledger;
  readonly draft: DraftReplica;
  /** Attached to `draft` with `coalesce: true`: the room decides when to flush. */
  readonly author: DraftAuthor;
  readonly signer: Signer;
  /** Verifies presences (the ledger and draft carry their own). */
  readonly scheme: SignatureScheme;
  readonly keyring: RoomKeyring;
  /** The lowest room epoch accepted now (the current one, minus a grace while a rotation spreads). */
  readonly minEpoch: () => number;
  readonly records: RecordSource;
  readonly sink: RoomSink;
  /**
   * The negotiation's acts (signatures, ratifications...) as the node holds them, restored from the
   * store; the room's acts channel feeds it. Default: an empty register over `ledger`.
   */
  readonly acts?: ActRegister;
  /** Our earlier votes, restored from the store. Default: none. */
  readonly votingRecord?: VotingRecord;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** Coalescing window for local edits. Default 30 ms; 0 publishes each transaction at once. */
  readonly flushDelayMs?: number;
  /** Anti-entropy: catch up from the next party peer this often. Default 5 s; 0 turns it off. */
  readonly antiEntropyMs?: number;
  /** Debounce of a catch-up after a sign of being behind. Default 250 ms. */
  readonly behindDelayMs?: number;
  readonly catchUpTimeoutMs?: number;
  readonly catchUpPageBytes?: number;
  readonly presence?: Partial<PresenceOptions>;
  /**
   * The gate: by default the room keeps the network to its parties' peers. `alsoAdmit` lets more
   * in (an invitee still to be admitted); `manage: false` leaves the gate to the node.
   */
  readonly gate?: { readonly manage?: boolean; readonly alsoAdmit?: (peer: PeerId) => boolean };
  /** Where exceptions thrown by event listeners go. Default console.error. */
  readonly onListenerError?: (error: unknown) => void;
}

export class NegotiationRoom {
  readonly topics: RoomTopics;
  private readonly events: RoomEmitter;
  private readonly ctx: RoomContext;
  private readonly parties: PartyPeers;
  private readonly draftChannel: DraftChannel;
  private readonly ledgerChannel: LedgerChannel;
  private readonly presenceChannel: PresenceChannel;
  private readonly actsChannel: ActsChannel;
  /** The acts this room judges and keeps (shared with the node). */
  readonly acts: ActRegister;
  private readonly catchUpClient: CatchUpClient;
  private readonly cleanups: Array<() => void> = [];
  private stopped = false;

  private constructor(private readonly options: NegotiationRoomOptions) {
    const { network, ledger, draft, signer } = options;
    if (draft.negotiation !== ledger.negotiation) throw new RangeError('the draft and the ledger are of different negotiations');
    this.topics = roomTopics(ledger.negotiation);
    this.events = new RoomEmitter(options.onListenerError ?? ((error) => console.error('negotiation room listener:', error)));
    this.parties = new PartyPeers(() => ledger.members());
    this.ctx = {
      negotiation: ledger.negotiation,
      network,
      topics: this.topics,
      sealing: { negotiation: ledger.negotiation, keyring: options.keyring, minEpoch: options.minEpoch },
      events: this.events,
      parties: this.parties,
      clock: options.clock ?? systemClock,
      timers: options.timers ?? systemTimers,
      writes: new SerialQueue((message) => this.events.emit({ type: 'error', message })),
      behind: (peer) => this.catchUpClient.soon(peer),
    };
    this.draftChannel = new DraftChannel(this.ctx, draft, options.author, options.sink, { flushDelayMs: options.flushDelayMs ?? 30 });
    this.ledgerChannel = new LedgerChannel(this.ctx, ledger, options.sink, signer, options.votingRecord ?? new VotingRecord(signer), (block) =>
      this.onBlock(block),
    );
    const roster: PartyRoster = { publicKeyOf: (party) => ledger.members().publicKeyOf(party) };
    this.presenceChannel = new PresenceChannel(this.ctx, signer, options.scheme, roster, { ...DEFAULT_PRESENCE_OPTIONS, ...options.presence });
    this.acts = options.acts ?? new ActRegister(ledger, options.scheme);
    this.actsChannel = new ActsChannel(this.ctx, this.acts, options.records, options.sink, {
      requestTimeoutMs: options.catchUpTimeoutMs ?? 10_000,
      pageBytes: options.catchUpPageBytes ?? DEFAULT_PAGE_BYTES,
      maxPages: 1000,
    });
    this.catchUpClient = new CatchUpClient(this.ctx, draft, ledger, this.draftChannel, this.ledgerChannel, {
      behindDelayMs: options.behindDelayMs ?? 250,
      requestTimeoutMs: options.catchUpTimeoutMs ?? 10_000,
      maxPages: 10_000,
    });
  }

  /** Joins the room: subscribes, serves catch-up, sets the gate, catches up from connected parties. */
  static join(options: NegotiationRoomOptions): NegotiationRoom {
    const room = new NegotiationRoom(options);
    room.start();
    return room;
  }

  get negotiation(): string {
    return this.ctx.negotiation;
  }

  on<T extends RoomEventType>(type: T, listener: (event: RoomEventOf<T>) => void): () => void;
  on(type: '*', listener: (event: RoomEvent) => void): () => void;
  on(type: RoomEventType | '*', listener: (event: never) => void): () => void {
    return this.events.on(type as '*', listener as (event: RoomEvent) => void);
  }

  /** Seals and publishes pending local edits now, without waiting for the coalescing window. */
  flush(): Promise<void> {
    return this.draftChannel.flush();
  }

  /** Proposes a decision at the next height (current open round); resolves with its header hash. */
  propose(body: BlockBody): Promise<Result<Uint8Array, string>> {
    return this.ledgerChannel.propose(body);
  }

  vote(headerHash: Uint8Array): Promise<Result<Vote, string>> {
    return this.ledgerChannel.vote(headerHash);
  }

  decline(round?: number): Promise<Result<Vote, string>> {
    return this.ledgerChannel.decline(round);
  }

  /** Gossips an act this delegation signed, checked with `acts` and stored. */
  publishAct(actBytes: Uint8Array): Promise<boolean> {
    return this.actsChannel.publish(actBytes);
  }

  /** Asks `peer` (or a connected party peer) for the acts we lack. */
  catchUpActs(peer?: PeerId): Promise<ActsCatchUpSummary> {
    return this.actsChannel.catchUp(peer);
  }

  setPresence(update: PresenceUpdate): void {
    this.presenceChannel.set(update);
  }

  presences(): ReadonlyMap<PartyId, Presence> {
    return this.presenceChannel.current();
  }

  /** Catches up now from `peer` (or a connected party peer). */
  catchUp(peer?: PeerId): Promise<CatchUpSummary> {
    return this.catchUpClient.run(peer);
  }

  /** Connected peers that are current parties. */
  partyPeers(): PeerId[] {
    return this.options.network.connectedPeers().filter((peer) => this.parties.isParty(peer));
  }

  partyOf(peer: PeerId): PartyId | undefined {
    return this.parties.partyOf(peer);
  }

  /** Re-reads who may connect (the node calls it when its own admissions change). */
  refreshGate(): void {
    RoomRegistry.of(this.options.network).refreshGate();
  }

  /** Publishes a 'leaving' presence, waits for queued publishes and writes, and leaves the topics. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.catchUpClient.stop();
    await this.draftChannel.flush();
    this.draftChannel.stop();
    await this.presenceChannel.stop();
    this.ledgerChannel.stop();
    this.actsChannel.stop();
    await this.ctx.writes.drained();
    this.events.clear();
  }

  private start(): void {
    const { network } = this.options;
    const manages = this.options.gate?.manage !== false;
    const alsoAdmit = this.options.gate?.alsoAdmit;
    this.cleanups.push(
      RoomRegistry.of(network).add({
        negotiation: this.ctx.negotiation,
        managesGate: manages,
        admits: (peer) => this.parties.isParty(peer) || (alsoAdmit?.(peer) ?? false),
        answerCatchUp: (from, request) =>
          answerCatchUp(
            {
              ctx: this.ctx,
              draft: this.options.draft,
              ledger: this.options.ledger,
              records: this.options.records,
              pending: () => this.ledgerChannel.pendingMessages(),
              pageBytes: this.options.catchUpPageBytes ?? DEFAULT_PAGE_BYTES,
            },
            from,
            request,
          ),
        answerActs: (from, request) => this.actsChannel.answer(from, request),
      }),
    );
    // Acts name adopted blocks: ask for them once a catch-up has brought the ledger up to date.
    this.cleanups.push(this.events.on('catch-up', (event) => void (event.phase === 'done' && this.actsChannel.catchUp(event.peer))));
    this.cleanups.push(network.onPeer((event) => this.onPeer(event)));
    this.ledgerChannel.start();
    this.draftChannel.start();
    this.presenceChannel.start();
    this.actsChannel.start();
    const antiEntropyMs = this.options.antiEntropyMs ?? 5000;
    if (antiEntropyMs > 0) this.cleanups.push(every(this.ctx.timers, antiEntropyMs, () => void this.catchUpClient.run()));
    for (const peer of this.partyPeers()) void this.catchUpClient.run(peer);
  }

  private onPeer(event: PeerEvent): void {
    if (this.stopped) return;
    const party = this.parties.partyOf(event.peer);
    if (event.kind === 'connect') {
      this.events.emit({ type: 'peer-connected', peer: event.peer, party });
      if (party !== undefined) void this.catchUpClient.run(event.peer);
    } else {
      this.events.emit({ type: 'peer-left', peer: event.peer, party });
    }
  }

  private onBlock(_block: Block): void {
    // Membership may have changed: the gate follows the ledger.
    RoomRegistry.of(this.options.network).refreshGate();
    // An act may have named this block before it was final here.
    this.actsChannel.onBlock();
  }
}

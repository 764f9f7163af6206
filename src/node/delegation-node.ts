/**
 * A delegation node: one object per delegation composing its identity, its store and its open
 * negotiations, and serving THE API (api.ts). `call(name, args)` validates every argument and
 * dispatches; results are values, never throws. `events` carries what happens meanwhile. The
 * bridge (bridge.ts) and Electron's IPC are adapters over exactly these two.
 *
 * Layout of a data directory: `identity.key` (the ed25519 seed, mode 0600), or `identity.sealed`
 * (the seed sealed by a KeyVault: the desktop app's OS keychain), and `store/` (LevelDB:
 * ledgers, envelopes, snapshots, meta). Every stored negotiation is reopened (ledger verified from
 * its genesis) when the node opens; each gets a fresh Yjs epoch for this session.
 *
 * The network is attached per negotiation through `connect` (network-attachment.ts); without it
 * a node is a delegation drafting alone, offline, which is a valid node.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fromHex, toHex } from '../core/bytes.js';
import { validateCharter, type Charter, type PartySpec } from '../core/charter.js';
import { partyIdOf, type NegotiationId, type SignatureScheme } from '../core/identity.js';
import type { CharterRules } from '../core/rules.js';
import { openLevelStore, type PlenaryStore } from '../store/index.js';
import { apiError, apiOk, checkArgs, isCommandName, type ArgsOf, type CommandName, type ResultOf } from './api.js';
import { fromBase64, toBase64 } from './api-codec.js';
import type { ApiResult, IdentityView, NegotiationDetail, NegotiationSummary } from './api-types.js';
import { draftCommands } from './draft-commands.js';
import type { SyncChannel } from './draft-sync.js';
import { EpochCounter } from './epochs.js';
import { editHistoryCommands } from './edit-history-commands.js';
import { ledgerCommands } from './ledger-commands.js';
import { actCommands, dossierRecord, type DossierRecord } from './act-commands.js';
import { createNativeEd25519 } from './native-ed25519.js';
import { NegotiationSession, type SessionOptions } from './negotiation-session.js';
import type { ConnectHook } from './network-attachment.js';
import { identityView, loadName, loadOrCreateKeys, saveName, type KeyVault, type NodeIdentity } from './node-identity.js';
import { NodeEvents } from './node-events.js';
import { entryIntoForceInWords, entryIntoForceSpec, partyViews, rulesInWords, rulesSpec } from './node-views.js';
import type { PeerNetwork } from '../p2p/network.js';
import { GateExtras } from './gate-extras.js';
import { DEFAULT_INVITATION_OPTIONS, InvitationDesk, type InvitationHost, type InvitationOptions } from './invitations.js';
import type { NegotiationRoom } from '../p2p/negotiation-room.js';
import { Ledger } from '../core/ledger/ledger.js';
import type { GenesisBlock } from '../core/charter.js';
import { recordGenesis } from './negotiation-record.js';
import { err, ok, type Result } from '../core/result.js';
import { roomConnector, type RoomAttachmentOptions } from './room-attachment.js';

export interface DelegationNodeOptions {
  readonly dataDir: string;
  /** Default: ed25519 through node:crypto. */
  readonly scheme?: SignatureScheme;
  /** Keeps the identity seed sealed at rest (node-identity.ts); default: a plain 0600 key file. */
  readonly keyVault?: KeyVault;
  /** Attaches each negotiation to the network; default: none (offline). */
  readonly connect?: ConnectHook;
  /** Coalescing window of local edits, in ms. Default 30. */
  readonly flushDelayMs?: number;
  /** Stored envelopes between two snapshots of a draft. Default 500. */
  readonly compactEvery?: number;
  /** Milliseconds since the epoch. Default Date.now. */
  readonly now?: () => number;
  /** Opens the store; default LevelDB in `<dataDir>/store` (tests pass a store they can watch). */
  readonly openStore?: (dir: string) => Promise<PlenaryStore>;
  /**
   * The peer network every negotiation's room joins (libp2p from the delegation's seed in
   * `plenary serve`, a MemoryHub peer in tests), or a factory given the identity seed. The node
   * owns it: it stops it on close. Ignored when `connect` is given.
   */
  readonly network?: PeerNetwork | ((seed: Uint8Array) => Promise<PeerNetwork>);
  /** Room tuning (anti-entropy, catch-up debounce, presence), for tests. */
  readonly roomTuning?: RoomAttachmentOptions['tuning'];
  /** Invitation validity and the joining node's admission polling. */
  readonly invitations?: Partial<InvitationOptions>;
}

/** Who is calling: an adapter passes the channel that can carry Yjs updates back (sync.open). */
export interface CallContext {
  readonly channel?: SyncChannel;
}

type Handler<N extends CommandName> = (args: ArgsOf<N>, context: CallContext) => Promise<ApiResult<ResultOf<N>>>;
type Handlers = { [N in CommandName]: Handler<N> };

const CONSENSUS: CharterRules = { admit: { kind: 'consensus' }, remove: { kind: 'consensus' }, adopt: { kind: 'consensus' } };
const NOT_YET = 'invitations and admissions need the network layer: this node was opened without a network (offline)';

/** The charter numbers parties from 1 with this delegation first; the caller listed the others from 0. */
function inArgumentTerms(message: string): string {
  return message.replace(/\bparty (\d+)\b/g, (_, n: string) => (n === '1' ? 'this delegation' : `parties[${Number(n) - 2}]`));
}

export class DelegationNode {
  readonly events = new NodeEvents();
  /** Stored negotiations that did not reopen, with the reason (a damaged or tampered store). */
  readonly unopened = new Map<NegotiationId, string>();
  private readonly sessions = new Map<NegotiationId, NegotiationSession>();
  private readonly syncSessions = new Map<number, NegotiationSession>();
  private nextSyncSession = 1;
  private closing: Promise<void> | undefined;
  private readonly handlers: Handlers;
  private desk: InvitationDesk | undefined;
  /** The room of each open negotiation, when the node has a network. */
  private readonly rooms: Map<string, NegotiationRoom>;

  private constructor(
    private readonly identity: NodeIdentity,
    private name: string | null,
    private readonly store: PlenaryStore,
    private readonly epochs: EpochCounter,
    private readonly options: Required<Omit<DelegationNodeOptions, 'connect' | 'openStore' | 'network' | 'roomTuning' | 'invitations' | 'keyVault'>> & { connect: ConnectHook | undefined },
    /** The network the rooms join, when the node has one. */
    readonly network: PeerNetwork | undefined,
    private readonly gate: GateExtras,
    rooms: Map<string, NegotiationRoom>,
  ) {
    this.rooms = rooms;
    this.handlers = this.buildHandlers();
  }

  static async open(options: DelegationNodeOptions): Promise<DelegationNode> {
    const scheme = options.scheme ?? createNativeEd25519();
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
    const identity = await loadOrCreateKeys(options.dataDir, scheme, options.keyVault);
    const store = await (options.openStore ?? openLevelStore)(join(options.dataDir, 'store'));
    let network: PeerNetwork | undefined;
    try {
      if (options.connect === undefined && options.network !== undefined) {
        network = typeof options.network === 'function' ? await options.network(identity.opener.secretKey) : options.network;
      }
      const flushDelayMs = options.flushDelayMs ?? 30;
      const gate = new GateExtras();
      const rooms = new Map<string, NegotiationRoom>();
      const connect =
        options.connect ??
        (network === undefined
          ? undefined
          : roomConnector(network, { flushDelayMs, alsoAdmit: (peer) => gate.admits(peer), tuning: options.roomTuning, onRoom: (n, room) => rooms.set(n, room) }));
      const node = new DelegationNode(
        identity,
        await loadName(store),
        store,
        new EpochCounter(store),
        {
          dataDir: options.dataDir,
          scheme,
          connect,
          flushDelayMs,
          compactEvery: options.compactEvery ?? 500,
          now: options.now ?? Date.now,
        },
        network,
        gate,
        rooms,
      );
      for (const negotiation of await store.negotiations()) {
        const opened = await NegotiationSession.open(negotiation, await node.sessionOptions());
        if (opened.ok) node.sessions.set(negotiation, opened.value);
        else node.unopened.set(negotiation, opened.error);
      }
      if (network !== undefined) {
        node.desk = await InvitationDesk.open(node.invitationHost(network), { ...DEFAULT_INVITATION_OPTIONS, ...options.invitations });
        // Admissions asked before a restart: keep asking the parties online.
        for (const session of node.sessions.values()) if (node.awaitsAdmission(session)) node.desk.watch(session, undefined);
        void node.desk.redial();
      }
      return node;
    } catch (e) {
      await network?.stop();
      await store.close();
      throw e;
    }
  }

  get party(): string {
    return this.identity.signer.party;
  }

  identityView(): IdentityView {
    return identityView(this.identity, this.name);
  }

  /** Validates `args` for command `name` and runs it. Never throws. */
  call<N extends CommandName>(name: N, args: ArgsOf<N>, context?: CallContext): Promise<ApiResult<ResultOf<N>>>;
  call(name: string, args: unknown, context?: CallContext): Promise<ApiResult<unknown>>;
  async call(name: string, args: unknown, context: CallContext = {}): Promise<ApiResult<unknown>> {
    if (this.closing !== undefined) return apiError('closed', 'the node is closing');
    if (!isCommandName(name)) return apiError('unknown-command', `no command ${JSON.stringify(name)} (see docs/api.md for the list)`);
    const checked = checkArgs(name, args);
    if (!checked.ok) return checked;
    try {
      return await (this.handlers[name] as Handler<CommandName>)(checked.value as never, context);
    } catch (e) {
      return apiError('internal', `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** A client's Yjs update for a sync session, as raw bytes (the bridge's binary frames). */
  pushSync(session: number, update: Uint8Array): ApiResult<{ applied: boolean }> {
    const owner = this.syncSessions.get(session);
    if (owner === undefined || !owner.sync.has(session)) {
      this.syncSessions.delete(session);
      return apiError('unknown-session', `no sync session ${session}`);
    }
    return owner.sync.push(session, update);
  }

  /**
   * What a dossier of the negotiation holds, as bytes, deterministic (core/dossier builds the file
   * from it: export.dossier): the genesis, every final block in height order, every act that
   * counts by (party, seq), the vote and act equivocation evidence in canonical order.
   */
  async dossierRecord(negotiation: NegotiationId): Promise<Result<DossierRecord, string>> {
    const session = this.sessions.get(negotiation);
    if (session === undefined) return err(`no negotiation ${negotiation} on this node`);
    return ok(await dossierRecord(session));
  }

  /** Closes every negotiation (flushing, storing, compacting) and the store. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.desk?.stop();
      for (const session of this.sessions.values()) await session.close();
      await this.network?.stop();
      await this.store.close();
      this.events.clear();
    })();
    return this.closing;
  }

  private async sessionOptions(): Promise<SessionOptions> {
    return {
      store: this.store,
      identity: this.identity,
      scheme: this.options.scheme,
      epoch: await this.epochs.allocate(),
      connect: this.options.connect,
      flushDelayMs: this.options.flushDelayMs,
      compactEvery: this.options.compactEvery,
      now: this.options.now,
      emit: (event) => this.events.emit(event),
    };
  }

  /** Not a party, and never was one: a delegation whose admission is still to come. */
  private awaitsAdmission(session: NegotiationSession): boolean {
    const self = this.identity.signer.party;
    return !session.member && !session.ledger.charter.parties.some((p) => p.id === self) && !session.ledger.blocks().some((b) => b.body.kind === 'admit' && b.body.party.id === self);
  }

  private invitationHost(network: PeerNetwork): InvitationHost {
    return {
      store: this.store,
      identity: this.identity,
      scheme: this.options.scheme,
      network,
      gate: this.gate,
      now: () => this.options.now(),
      name: () => this.name,
      session: (negotiation) => this.sessions.get(negotiation),
      openJoined: (genesis) => this.openJoined(genesis),
      catchUp: async (negotiation, peer) => this.rooms.get(negotiation)?.catchUp(peer),
      emitError: (negotiation, message) => this.events.emit({ type: 'node-error', negotiation, message }),
    };
  }

  /** Stores a charter received with an invitation and opens its negotiation (read-only until admitted). */
  private async openJoined(genesis: GenesisBlock): Promise<Result<NegotiationSession, string>> {
    const ledger = Ledger.fromGenesis(genesis, this.options.scheme);
    if (!ledger.ok) return ledger;
    const known = this.sessions.get(ledger.value.negotiation);
    if (known !== undefined) return ok(known);
    const recorded = await recordGenesis(this.store, genesis, this.options.scheme);
    if (!recorded.ok) return recorded;
    const opened = await NegotiationSession.open(recorded.value.negotiation, await this.sessionOptions());
    if (!opened.ok) return err(opened.error);
    this.sessions.set(opened.value.negotiation, opened.value);
    this.events.emit({ type: 'negotiation-opened', negotiation: opened.value.negotiation, summary: this.summary(opened.value) });
    return opened;
  }

  private summary(session: NegotiationSession): NegotiationSummary {
    const { ledger } = session;
    const adopted = [...ledger.blocks()].reverse().find((b) => b.body.kind === 'adopt');
    return {
      id: ledger.negotiation,
      title: ledger.charter.title,
      createdAt: ledger.charter.createdAt,
      convenor: session.names.ref(ledger.charter.convenor),
      partyCount: ledger.members().size,
      height: ledger.height,
      member: session.member,
      lastAdopted: adopted?.body.kind === 'adopt' ? { height: adopted.header.height, label: adopted.body.label } : null,
      pendingProposals: ledger.proposals().length,
      online: session.online(),
      status: this.desk?.isJoining(session.negotiation) === true ? 'joining' : 'open',
    };
  }

  private detail(session: NegotiationSession): NegotiationDetail {
    return {
      ...this.summary(session),
      parties: partyViews(session.ledger, this.identity.signer.party),
      rules: rulesInWords(session.ledger.charter.rules),
      rulesSpec: rulesSpec(session.ledger.charter),
      entryIntoForce: entryIntoForceInWords(session.ledger.charter),
      entryIntoForceSpec: entryIntoForceSpec(session.ledger.charter),
      warnings: [...session.warnings],
    };
  }

  /** Convenes a negotiation with this delegation as convenor and first party. */
  private async convene(args: ArgsOf<'negotiations.create'>): Promise<ApiResult<NegotiationDetail>> {
    if (this.name === null) return apiError('no-identity', 'name this delegation first (identity.create)');
    const self: PartySpec = { id: this.identity.signer.party, name: this.name, publicKey: this.identity.keys.publicKey, weight: args.weight ?? 1 };
    const others: PartySpec[] = args.parties.map((p) => {
      const publicKey = fromHex(p.publicKey);
      return { id: partyIdOf(publicKey), name: p.name, publicKey, weight: p.weight };
    });
    const charter: Charter = {
      title: args.title,
      createdAt: this.options.now(),
      convenor: self.id,
      parties: [self, ...others],
      rules: args.rules ?? CONSENSUS,
      nonce: new Uint8Array(randomBytes(16)),
      // Absent, the charter keeps its v1 encoding and means the default (core/acts/rule.ts).
      ...(args.entryIntoForce !== undefined && { entryIntoForce: args.entryIntoForce }),
    };
    const ownKey = args.parties.findIndex((p) => p.publicKey === toHex(self.publicKey));
    if (ownKey >= 0) return apiError('invalid-argument', `negotiations.create: parties[${ownKey}] is this delegation's own key: list the other delegations only`);
    const valid = validateCharter(charter);
    if (!valid.ok) return apiError('invalid-argument', `negotiations.create: ${inArgumentTerms(valid.error)}`);
    const created = await NegotiationSession.create(charter, await this.sessionOptions());
    if (!created.ok) return apiError('internal', `the negotiation could not be created: ${created.error}`);
    const session = created.value;
    this.sessions.set(session.negotiation, session);
    this.events.emit({ type: 'negotiation-opened', negotiation: session.negotiation, summary: this.summary(session) });
    return apiOk(this.detail(session));
  }

  private buildHandlers(): Handlers {
    const withSession =
      <N extends CommandName>(run: (session: NegotiationSession, args: ArgsOf<N>) => ApiResult<ResultOf<N>> | Promise<ApiResult<ResultOf<N>>>): Handler<N> =>
      async (args) => {
        const negotiation = (args as { negotiation: NegotiationId }).negotiation;
        const session = this.sessions.get(negotiation);
        if (session === undefined) {
          const why = this.unopened.get(negotiation);
          return apiError('unknown-negotiation', why === undefined ? `no negotiation ${negotiation} on this node` : `negotiation ${negotiation} did not open: ${why}`);
        }
        return run(session, args);
      };
    const draft = Object.fromEntries(Object.entries(draftCommands).map(([name, run]) => [name, withSession(run as never)]));
    const ledger = Object.fromEntries(Object.entries(ledgerCommands).map(([name, run]) => [name, withSession(run as never)]));
    const edits = Object.fromEntries(Object.entries(editHistoryCommands).map(([name, run]) => [name, withSession(run as never)]));
    const acts = Object.fromEntries(Object.entries(actCommands).map(([name, run]) => [name, withSession(run as never)]));
    const notYet = async () => apiError('not-yet-available', NOT_YET);
    return {
      ...(draft as Pick<Handlers, keyof typeof draftCommands>),
      ...(ledger as Pick<Handlers, keyof typeof ledgerCommands>),
      ...(edits as Pick<Handlers, keyof typeof editHistoryCommands>),
      ...(acts as Pick<Handlers, keyof typeof actCommands>),

      'identity.get': async () => apiOk(this.identityView()),
      'identity.create': async (args) => {
        if (this.name !== null) return apiError('identity-exists', `this delegation is already named "${this.name}"`);
        await saveName(this.store, args.name);
        this.name = args.name;
        this.events.emit({ type: 'identity-changed', identity: this.identityView() });
        return apiOk(this.identityView());
      },

      'negotiations.list': async () => apiOk([...this.sessions.values()].map((s) => this.summary(s)).sort((a, b) => a.createdAt - b.createdAt)),
      'negotiations.create': (args) => this.convene(args),
      'negotiations.get': withSession((session) => apiOk(this.detail(session))),

      'invitations.create': withSession((session, args) => (this.desk === undefined ? notYet() : this.desk.create(session, args.addresses))),
      'invitations.join': async (args) => {
        if (this.desk === undefined) return notYet();
        const joined = await this.desk.join(args.code);
        return joined.ok ? apiOk(this.summary(joined.value)) : joined;
      },
      'invitations.admit': withSession((session, args) => {
        if (this.desk === undefined) return notYet();
        const publicKey = fromHex(args.publicKey);
        return this.desk.admit(session, { id: partyIdOf(publicKey), name: args.name, publicKey, weight: args.weight });
      }),

      'presence.set': withSession((session, args) => {
        session.setCursor(args.cursor === 'none' ? null : args.cursor);
        return apiOk(null);
      }),
      'presence.list': withSession((session) =>
        apiOk(session.presences().map((p) => ({ party: session.names.ref(p.party), cursor: p.cursor, seenAt: p.seenAt }))),
      ),

      'sync.open': async (args, context) => {
        if (context.channel === undefined) {
          return apiError('needs-channel', 'sync.open needs a channel for the node\'s updates: call it over the WebSocket (or IPC), not plain HTTP');
        }
        const session = this.sessions.get(args.negotiation as NegotiationId);
        if (session === undefined) return apiError('unknown-negotiation', `no negotiation ${args.negotiation} on this node`);
        const id = this.nextSyncSession++;
        const opened = session.sync.open(id, await this.epochs.allocate(), context.channel);
        if (!opened.ok) return opened;
        this.syncSessions.set(id, session);
        const { clientId, update, stateVector } = opened.value;
        return apiOk({ session: id, clientId, update: toBase64(update), stateVector: toBase64(stateVector) });
      },
      'sync.push': async (args) => {
        const update = fromBase64(args.update);
        if (update === undefined) return apiError('invalid-argument', 'sync.push: update must be strict base64 (padded, no whitespace)');
        return this.pushSync(args.session, update);
      },
      'sync.close': async (args) => {
        const owner = this.syncSessions.get(args.session);
        this.syncSessions.delete(args.session);
        if (owner === undefined || !owner.sync.close(args.session)) return apiError('unknown-session', `no sync session ${args.session}`);
        return apiOk(null);
      },
    };
  }
}

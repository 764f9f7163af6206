/**
 * THE node API: one contract, served two ways (Electron IPC and the local HTTP + WebSocket bridge,
 * docs/api.md). Each command has an argument check and a result type; every handler returns
 * `{ ok: true, value } | { ok: false, error: { code, message } }`. Events and the Yjs sync channel
 * complete it.
 *
 * The renderer imports this file: types, pure checks and pure codecs only (no node:*, no core).
 * Versioned: API_VERSION changes only with an incompatible change; additions keep it.
 */
import {
  anything,
  bool,
  either,
  exactly,
  list,
  literal,
  object,
  oneOf,
  optional,
  refine,
  text,
  variant,
  whole,
  type Check,
} from './api-validate.js';
import type {
  ApiError,
  ApiErrorCode,
  ApiResult,
  AttributionView,
  BlockView,
  CanonicalText,
  DiffView,
  EditsPage,
  EvidenceView,
  ExportView,
  IdentityView,
  NegotiationDetail,
  NegotiationSummary,
  PartyRef,
  PresenceView,
  ProposalView,
  SyncOpened,
  TallyView,
  TreatyView,
  VersionView,
  ActView,
  DossierExport,
  EntryIntoForceNotice,
  TreatyStateView,
  TreatyVersionView,
} from './api-types.js';

export type * from './api-types.js';
export * from './api-codec.js';
export type { Check, Checked } from './api-validate.js';

export const API_VERSION = 1;

// ---- argument checks shared by several commands -------------------------------------------

const HEX_ID = (bytes: number, what: string) =>
  text({ max: bytes * 2, pattern: new RegExp(`^[0-9a-f]{${bytes * 2}}$`), patternIs: `${what} (${bytes * 2} lowercase hex digits)` });

const negotiation = HEX_ID(32, 'a negotiation id');
const headerHash = HEX_ID(32, 'a header hash');
const publicKey = HEX_ID(32, 'an ed25519 public key');
/** Article, paragraph, bracket, alternative and comment ids (core/draft/schema.ts isValidId). */
const itemId = text({
  max: 128,
  pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/,
  patternIs: "an id of letters, digits, '.', '_', ':' or '-' (starting with a letter or digit, at most 128)",
});
/** Text inserted by one command: a whole article pasted at once fits (core MAX_TEXT_LENGTH). */
const MAX_TEXT = 1_000_000;
const body = text({ max: MAX_TEXT });
const index = whole(0);
const name = text({ max: 200, nonEmpty: true });
const title = text({ max: 500, nonEmpty: true });
const label = text({ max: 200 });
const weight = whole(1, 0xffffffff);
/** base64 of at most 8 MiB (a Yjs update's cap in an envelope). */
const base64Update = text({ max: Math.ceil((8 * 1024 * 1024) / 3) * 4, pattern: /^[A-Za-z0-9+/]*={0,2}$/, patternIs: 'base64' });
const session = whole(1, 0xffffffff);

const fraction = refine(object({ num: whole(1, 1_000_000), den: whole(1, 1_000_000) }), (f) =>
  f.num <= f.den ? undefined : 'must not exceed 1 (num at most den)',
);
const rule = variant('kind', {
  consensus: object({ kind: literal('consensus') }),
  'qualified-majority': object({ kind: literal('qualified-majority'), share: fraction }),
  'double-majority': object({
    kind: literal('double-majority'),
    partyShare: fraction,
    weightShare: fraction,
    blockingMinority: optional(whole(1, 1000)),
  }),
});
const rules = object({ admit: rule, remove: rule, adopt: rule });

/** A century of days (core/acts/rule.ts MAX_DELAY_DAYS); parties up to core MAX_PARTIES. */
const delayDays = whole(0, 36_600);
const consentCount = whole(1, 1000);
const entryIntoForce = variant('kind', {
  'all-negotiating-parties': object({ kind: literal('all-negotiating-parties'), delayDays }),
  consents: object({ kind: literal('consents'), count: consentCount, delayDays }),
  'consents-and-weight': object({ kind: literal('consents-and-weight'), count: consentCount, weightShare: fraction, delayDays }),
});

/** Texts in further authentic languages: core MAX_AUTHENTIC_TEXTS, tags of at most 35 characters, each text within 4 MiB (checked in bytes by the core). */
const authenticTexts = list(
  object({ language: text({ max: 35, nonEmpty: true }), text: text({ max: 4 * 1024 * 1024, nonEmpty: true }) }),
  { max: 32, min: 1 },
);

const target = variant('kind', {
  title: object({ kind: literal('title') }),
  heading: object({ kind: literal('heading'), articleId: itemId }),
  paragraph: object({ kind: literal('paragraph'), paragraphId: itemId }),
  alternative: object({ kind: literal('alternative'), bracketId: itemId, alternativeId: itemId }),
});

/** A side of history.diff: an adopted version's height, the draft, or the text after an edit (0: before the first). */
const diffPoint = either(either(whole(1), literal('draft'), ''), object({ edit: whole(0) }), 'a height or "draft", or { "edit": index }');

const otherParty = object({ publicKey, name, weight });

// ---- the treaty after adoption: acts ---------------------------------------------------------

const actHash = HEX_ID(32, 'an act hash');
const partyId = HEX_ID(16, 'a party id');
/** A day as the law counts them; whether it exists is checked when the act is built. */
const day = text({ max: 10, pattern: /^\d{4}-\d{2}-\d{2}$/, patternIs: 'a date YYYY-MM-DD' });
const CONSENT_INSTRUMENTS = ['ratification', 'acceptance', 'approval', 'accession'] as const;
/** The core's act kinds, and the four instruments as shorthands for a consent. */
export const ACT_KIND_NAMES = [
  'initialling',
  'signature-ad-referendum',
  'confirmation',
  'definitive-signature',
  'consent',
  'reservation',
  'declaration',
  'objection',
  'withdrawal',
  'denunciation',
  ...CONSENT_INSTRUMENTS,
] as const;
/** Reservations, declarations and objections: core/acts MAX_ACT_TEXT_CHARS characters, checked there exactly. */
const actText = text({ max: 40_000, nonEmpty: true });
const none = object({});
const inNegotiation = object({ negotiation });

// ---- the command map ------------------------------------------------------------------------

/** One command: its argument check, what it does in a sentence, and (as a type) its result. */
export interface CommandSpec<A, R> {
  readonly args: Check<A>;
  readonly summary: string;
  /** Phantom: carries the result type only. */
  readonly result?: R;
}

const command =
  <R>() =>
  <A>(summary: string, args: Check<A>): CommandSpec<A, R> => ({ summary, args });

export const commands = {
  'identity.get': command<IdentityView>()('This delegation: party id, public key, fingerprint, and its name (null until created).', none),
  'identity.create': command<IdentityView>()('First run: names the delegation (its key already exists).', object({ name })),

  'negotiations.list': command<NegotiationSummary[]>()('The negotiations this node holds.', none),
  'negotiations.create': command<NegotiationDetail>()(
    'Convenes a negotiation: a charter naming this delegation and the other parties (public keys, names, weights) with the decision rules (consensus by default) and the rule for entry into force (every negotiating party, on the day, by default).',
    object({
      title,
      parties: list(otherParty, { max: 999 }),
      weight: optional(weight),
      rules: optional(rules),
      entryIntoForce: optional(entryIntoForce),
    }),
  ),
  'negotiations.get': command<NegotiationDetail>()('One negotiation: parties, rules and the entry-into-force rule in words, height, warnings.', inNegotiation),

  'draft.read': command<TreatyView>()('The treaty as it stands: title, preamble, articles, paragraphs, brackets, comments.', inNegotiation),
  'draft.canonical': command<CanonicalText>()('The canonical text of the draft as it stands and its hash.', inNegotiation),
  'draft.addArticle': command<{ id: string }>()(
    'Adds an article (at `index`, default last); returns its id.',
    object({ negotiation, id: optional(itemId), heading: optional(body), index: optional(index) }),
  ),
  'draft.addParagraph': command<{ id: string }>()(
    'Adds a paragraph to the preamble or to an article; returns its id.',
    object({
      negotiation,
      in: either(literal('preamble'), object({ articleId: itemId }), '"preamble" or { "articleId": ... }'),
      id: optional(itemId),
      index: optional(index),
      text: optional(body),
    }),
  ),
  'draft.insertText': command<null>()('Inserts text into a title, heading, paragraph or alternative.', object({ negotiation, target, index, text: body })),
  'draft.deleteText': command<null>()('Deletes `length` characters at `index`.', object({ negotiation, target, index, length: whole(0) })),
  'draft.setParagraphStatus': command<null>()(
    'Marks a paragraph pending, bracketed, agreed ad referendum or agreed.',
    object({ negotiation, paragraphId: itemId, status: oneOf(['pending', 'bracketed', 'agreed-ad-referendum', 'agreed']) }),
  ),
  'draft.bracketSpan': command<{ id: string }>()(
    'Puts a span of a paragraph in [square brackets]; returns the bracket id.',
    object({ negotiation, paragraphId: itemId, index, length: whole(1), id: optional(itemId) }),
  ),
  'draft.addAlternative': command<{ id: string }>()(
    'Proposes alternative words for a bracket; returns the alternative id.',
    object({ negotiation, bracketId: itemId, text: body, id: optional(itemId) }),
  ),
  'draft.resolveBracket': command<null>()(
    'Resolves a bracket, keeping its own words (span) or one alternative.',
    object({
      negotiation,
      bracketId: itemId,
      keep: variant('kind', {
        span: object({ kind: literal('span') }),
        alternative: object({ kind: literal('alternative'), alternativeId: itemId }),
      }),
    }),
  ),
  'draft.addComment': command<{ id: string }>()(
    'Comments on a stretch of a paragraph (anchored: it follows the words); returns its id.',
    object({ negotiation, paragraphId: itemId, index, length: whole(0), body: text({ max: 100_000, nonEmpty: true }), id: optional(itemId) }),
  ),

  'adoption.propose': command<ProposalView>()(
    "Proposes the draft as it stands for adoption: returns the header hash, the exact canonical text and its hash, with any texts in further authentic languages (each hashed, all signed together). Does not vote.",
    object({ negotiation, label, authenticTexts: optional(authenticTexts) }),
  ),
  'adoption.proposals': command<ProposalView[]>()('Proposals waiting for votes at the next height.', inNegotiation),
  'adoption.vote': command<TallyView>()('Signs a proposal (a vote for its header hash); returns the tally after it.', object({ negotiation, headerHash })),
  'adoption.decline': command<{ height: number; round: number }>()(
    'Declines a round at the next height (a NIL vote), so a stuck proposal can be superseded; default: the open round.',
    object({ negotiation, round: optional(whole(0, 0xffffffff)) }),
  ),
  'adoption.tally': command<TallyView>()('Who signed a proposal, the rule in words, what it still needs.', object({ negotiation, headerHash })),

  'history.blocks': command<BlockView[]>()(
    'Final blocks with their votes, each verified again now.',
    object({ negotiation, fromHeight: optional(whole(1)), limit: optional(whole(1, 1000)) }),
  ),
  'history.versions': command<VersionView[]>()('Every adopted version with its text, and its texts in further authentic languages.', inNegotiation),
  'history.diff': command<DiffView>()(
    'Line-level diff between two points: adopted versions (by height), the current draft ("draft"), or the text after an edit ({ "edit": index }).',
    object({ negotiation, from: diffPoint, to: diffPoint }),
  ),
  'history.edits': command<EditsPage>()(
    "The draft's signed edits in the order this node accepted them, grouped into steps, newest first: those before index `before`, at most `limit` (default 50).",
    object({ negotiation, before: optional(whole(1)), limit: optional(whole(1, 500)) }),
  ),
  'history.evidence': command<EvidenceView[]>()(
    'Proof of every equivocation seen: two conflicting votes by one party in one round, or two different acts under one act number.',
    inNegotiation,
  ),

  'attribution.paragraph': command<AttributionView>()('Who wrote which words of a paragraph.', object({ negotiation, paragraphId: itemId })),

  'export.ledger': command<ExportView>()('The raw record: genesis, blocks, envelopes and evidence, as base64.', inNegotiation),
  'export.dossier': command<DossierExport>()(
    'The dossier: charter, every final block, every act that counts and all equivocation evidence, in one canonical file (base64) anyone can verify offline; two nodes holding the same record export the same bytes.',
    inNegotiation,
  ),

  'acts.perform': command<ActView>()(
    "This delegation's act on an adopted version (`block`: its header hash), dated `date` (default today, UTC): signed with the delegation's key, checked by the rules first (a refusal says what is wrong), stored, then sent to every party.",
    object({
      negotiation,
      block: headerHash,
      kind: oneOf(ACT_KIND_NAMES),
      date: optional(day),
      instrument: optional(oneOf(CONSENT_INSTRUMENTS)),
      text: optional(actText),
      refersTo: optional(actHash),
      precludesEntryIntoForce: optional(bool),
    }),
  ),
  'acts.list': command<ActView[]>()(
    "Every act this node holds (every party's, or one party's), by party and number: kind, date, hash, whether it counts, its signature verified now.",
    object({ negotiation, party: optional(partyId) }),
  ),
  'treaty.state': command<TreatyStateView>()(
    'The treaty derived from the acts, per adopted version (or the one `block` names): status in words, who signed, consented, reserved, objected; when and by which act it entered into force; gaps and forks.',
    object({ negotiation, block: optional(headerHash) }),
  ),

  'invitations.create': command<{ code: string }>()(
    'Invites a delegation with a code (needs the network layer).',
    object({ negotiation, addresses: optional(list(text({ max: 1000 }), { max: 32 })) }),
  ),
  'invitations.join': command<NegotiationSummary>()('Joins a negotiation with an invitation code (needs the network layer).', object({ code: text({ max: 10_000, nonEmpty: true }) })),
  'invitations.admit': command<ProposalView>()('Proposes to admit a delegation (needs the network layer).', object({ negotiation, publicKey, name, weight })),

  'presence.set': command<null>()(
    "Where this delegation's cursor is (shared with the parties online).",
    object({ negotiation, cursor: either(literal('none'), object({ paragraphId: itemId, index, length: whole(0) }), '"none" or { paragraphId, index, length }') }),
  ),
  'presence.list': command<PresenceView[]>()('Who is online and where their cursors are.', inNegotiation),

  'sync.open': command<SyncOpened>()(
    "Opens a Yjs sync session: the node's state and state vector, and the clientID the client's Y.Doc writes under. The node's later updates arrive on the caller's channel.",
    inNegotiation,
  ),
  'sync.push': command<{ applied: boolean }>()("Applies the client's local Yjs update (base64) as this delegation's edit.", object({ session, update: base64Update })),
  'sync.close': command<null>()('Ends a sync session.', object({ session })),
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type ArgsOf<N extends CommandName> = Commands[N] extends CommandSpec<infer A, unknown> ? A : never;
export type ResultOf<N extends CommandName> = Commands[N] extends CommandSpec<unknown, infer R> ? R : never;

export const COMMAND_NAMES = Object.keys(commands) as CommandName[];

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.hasOwn(commands, value);
}

export const apiError = (code: ApiErrorCode, message: string): { ok: false; error: ApiError } => ({ ok: false, error: { code, message } });
export const apiOk = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** Validates a command's arguments: the typed value, or an 'invalid-argument' error naming the field. */
export function checkArgs<N extends CommandName>(name: N, args: unknown): ApiResult<ArgsOf<N>> {
  const spec = commands[name] as CommandSpec<ArgsOf<N>, unknown>;
  const checked = spec.args(args ?? {}, '');
  return checked.ok ? apiOk(checked.value) : apiError('invalid-argument', `${name}: ${checked.message}`);
}

// ---- events ---------------------------------------------------------------------------------

export type NodeEvent =
  /** The document changed: local edits were sealed, or others' envelopes applied. */
  | { readonly type: 'text-changed'; readonly negotiation: string; readonly origin: 'local' | 'remote'; readonly authors: readonly string[] }
  | { readonly type: 'block-proposed'; readonly negotiation: string; readonly proposal: ProposalView }
  /** A vote counted by this node's ledger; target is a header hash, or "nil" for a declined round. */
  | { readonly type: 'vote'; readonly negotiation: string; readonly party: PartyRef; readonly height: number; readonly round: number; readonly target: string }
  | { readonly type: 'block-final'; readonly negotiation: string; readonly block: BlockView }
  | { readonly type: 'equivocation'; readonly negotiation: string; readonly evidence: EvidenceView }
  | { readonly type: 'presence'; readonly negotiation: string; readonly party: PartyRef; readonly presence: PresenceView | null }
  | { readonly type: 'peer'; readonly negotiation: string; readonly peer: string; readonly party: PartyRef | null; readonly status: 'connected' | 'left' }
  | { readonly type: 'rejected-message'; readonly negotiation: string; readonly peer: string; readonly channel: string; readonly reason: string }
  /**
   * Catching up from a party's peer (records this node lacked): `receiving` after each page that
   * brought something, with the exchange's totals so far; then `done` or `failed` (with `reason`).
   * Exchanges that bring nothing are not reported.
   */
  | {
      readonly type: 'catch-up';
      readonly negotiation: string;
      readonly peer: string;
      readonly party: PartyRef | null;
      readonly phase: 'receiving' | 'done' | 'failed';
      /** Signed edits applied so far in this exchange. */
      readonly envelopes: number;
      /** Final blocks appended so far in this exchange. */
      readonly blocks: number;
      readonly reason?: string;
    }
  /** An act accepted here, signed by this delegation ('local') or received and checked ('remote'): it stands. */
  | { readonly type: 'act'; readonly negotiation: string; readonly act: ActView; readonly origin: 'local' | 'remote' }
  /** The derived status of an adopted version changed (open for signature, awaiting or in force, terminated). */
  | { readonly type: 'treaty-state'; readonly negotiation: string; readonly version: TreatyVersionView }
  /**
   * The depositary's notice (VCLT art. 77): this node derived the condition for entry into force
   * met, by which act and since when. Once per version, at every node.
   */
  | { readonly type: 'entry-into-force'; readonly negotiation: string; readonly notice: EntryIntoForceNotice }
  | { readonly type: 'negotiation-opened'; readonly negotiation: string; readonly summary: NegotiationSummary }
  | { readonly type: 'identity-changed'; readonly identity: IdentityView }
  /** Something the node could not do on its own (a write failed, edits could not be sealed). */
  | { readonly type: 'node-error'; readonly negotiation: string | null; readonly message: string };

export type NodeEventType = NodeEvent['type'];

// ---- the WebSocket's JSON messages (binary frames: see api-codec.ts) ------------------------

/** Client -> node. The first message must be `auth`; nothing else is read before it. */
export type ClientMessage =
  | { readonly v: 1; readonly type: 'auth'; readonly token: string }
  | { readonly v: 1; readonly type: 'call'; readonly id: number | string; readonly command: string; readonly args?: unknown };

/** Node -> client. */
export type ServerMessage =
  | { readonly v: 1; readonly type: 'ready'; readonly apiVersion: number; readonly identity: IdentityView }
  | { readonly v: 1; readonly type: 'result'; readonly id: number | string; readonly result: ApiResult<unknown> }
  | { readonly v: 1; readonly type: 'event'; readonly event: NodeEvent }
  /** A pushed binary frame the node refused; the session stays open unless the code is out-of-sync. */
  | { readonly v: 1; readonly type: 'sync-error'; readonly session: number; readonly error: ApiError }
  /** A protocol error; the node closes the socket after it if `fatal`. */
  | { readonly v: 1; readonly type: 'error'; readonly error: ApiError; readonly fatal: boolean };

const clientMessage = variant('type', {
  auth: object({ v: exactly(1), type: literal('auth'), token: text({ max: 200 }) }),
  call: object({
    v: exactly(1),
    type: literal('call'),
    id: either(whole(0), text({ max: 100 }), 'a number or a short string'),
    command: text({ max: 100 }),
    args: optional(anything),
  }),
});

/** Parses one JSON text frame from a client. */
export function parseClientMessage(raw: string): { ok: true; value: ClientMessage } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, message: 'a text frame must be one JSON message' };
  }
  if (typeof value === 'object' && value !== null && (value as { v?: unknown }).v !== 1) {
    return { ok: false, message: `unsupported message version ${JSON.stringify((value as { v?: unknown }).v)} (this node speaks v: 1)` };
  }
  const checked = clientMessage(value, 'message');
  return checked.ok ? { ok: true, value: checked.value as ClientMessage } : { ok: false, message: checked.message };
}

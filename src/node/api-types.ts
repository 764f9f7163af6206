/**
 * What the node API hands out: plain data only (strings, numbers, booleans, arrays, objects), so
 * the same values travel as JSON over the bridge and as structured clones over Electron IPC.
 * Ids, keys and hashes are lowercase hex; blobs are base64. Nothing here is a core type: the
 * renderer sees these and never the core (node-views.ts checks at compile time that the core's
 * treaty view still fits the shape mirrored here).
 */

/** Hex of 16 bytes: a delegation's party id. */
export type PartyIdHex = string;
/** Hex of 32 bytes: a negotiation id (the hash of its charter). */
export type NegotiationIdHex = string;

export interface ApiError {
  readonly code: ApiErrorCode;
  readonly message: string;
}

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

export type ApiErrorCode =
  /** An argument failed validation; the message names it. */
  | 'invalid-argument'
  | 'unknown-command'
  /** The delegation has not been given a name yet (identity.create). */
  | 'no-identity'
  | 'identity-exists'
  | 'unknown-negotiation'
  /** This delegation is not (or no longer) a party to the negotiation. */
  | 'not-a-party'
  /** Needs the network layer, which is not attached to this node yet. */
  | 'not-yet-available'
  /** sync.open needs a channel that can carry the node's updates (the WebSocket, or IPC). */
  | 'needs-channel'
  | 'unknown-session'
  /** A pushed Yjs update does not follow what the node holds: reopen the sync session. */
  | 'out-of-sync'
  /** A pushed Yjs update the node refuses (another clientID, content a treaty never holds). */
  | 'bad-update'
  // The draft's own refusals (core/draft/schema.ts), passed through:
  | 'bad-id'
  | 'duplicate-id'
  | 'bad-text'
  | 'bad-status'
  | 'already-created'
  | 'unknown-article'
  | 'unknown-paragraph'
  | 'unknown-bracket'
  | 'unknown-alternative'
  | 'out-of-range'
  | 'overlapping-bracket'
  /** The ledger refused a proposal or vote; the message gives its reason. */
  | 'rejected'
  /** Signing this would be a second, different vote in one round: equivocation. */
  | 'already-voted'
  | 'unknown-proposal'
  | 'unknown-version'
  | 'closed'
  /** An invitation code that is damaged, of an unknown version, or expired. */
  | 'bad-invitation'
  /** The inviter refused the join request (wrong, used or expired secret...); the message says why. */
  | 'invitation-refused'
  /** No address in the invitation answered (or the peer there is not the inviter). */
  | 'unreachable'
  | 'internal'
  /** An act (signature, ratification...) the rules refuse now; the message says what is wrong. */
  | 'act-refused'
  /** The client could not reach its node (connection lost or not yet open); nothing was done. */
  | 'unavailable'
  // The bridge's own refusals (HTTP status in docs/api.md), before any command runs:
  | 'unauthorized'
  | 'forbidden-host'
  | 'forbidden-origin'
  | 'not-found'
  | 'method-not-allowed'
  | 'payload-too-large'
  | 'bad-request';

export interface IdentityView {
  readonly party: PartyIdHex;
  /** The delegation's name; null until identity.create on first run. */
  readonly name: string | null;
  /** Hex of the ed25519 public key, to give other delegations. */
  readonly publicKey: string;
  /** Short form of the key to read aloud, e.g. "K3QF-9XZ2-H7TA-M0WD". */
  readonly fingerprint: string;
}

export interface Fraction {
  readonly num: number;
  readonly den: number;
}

export type RuleSpec =
  | { readonly kind: 'consensus' }
  | { readonly kind: 'qualified-majority'; readonly share: Fraction }
  | { readonly kind: 'double-majority'; readonly partyShare: Fraction; readonly weightShare: Fraction; readonly blockingMinority?: number };

export interface RulesSpec {
  readonly admit: RuleSpec;
  readonly remove: RuleSpec;
  readonly adopt: RuleSpec;
}

/**
 * The charter's rule for a treaty's entry into force: all negotiating parties (VCLT art. 24(2), the
 * default), `count` consents, or `count` consents holding `weightShare` of the total weight (Paris
 * style); in force `delayDays` after the day the condition is met (0: that day).
 */
export type EntryIntoForceSpec =
  | { readonly kind: 'all-negotiating-parties'; readonly delayDays: number }
  | { readonly kind: 'consents'; readonly count: number; readonly delayDays: number }
  | { readonly kind: 'consents-and-weight'; readonly count: number; readonly weightShare: Fraction; readonly delayDays: number };

export interface PartyView {
  readonly id: PartyIdHex;
  readonly name: string;
  readonly weight: number;
  readonly fingerprint: string;
  readonly publicKey: string;
  readonly isSelf: boolean;
  readonly isConvenor: boolean;
}

/** A party named in a tally, a block or a history entry. */
export interface PartyRef {
  readonly id: PartyIdHex;
  /** The name the charter or its admission gave; the id if unknown. */
  readonly name: string;
}

export interface NegotiationSummary {
  readonly id: NegotiationIdHex;
  readonly title: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly convenor: PartyRef;
  readonly partyCount: number;
  /** Height of the last final block (0: only the charter). */
  readonly height: number;
  /** Whether this delegation is a party now (a removed party keeps the record, read-only). */
  readonly member: boolean;
  readonly lastAdopted: { readonly height: number; readonly label: string } | null;
  /** Proposals waiting for votes at the next height. */
  readonly pendingProposals: number;
  /** Connected peers that are parties; 0 offline. */
  readonly online: number;
  /** 'joining': admission asked by invitation, not yet final (the record is the charter alone). */
  readonly status?: 'open' | 'joining';
}

export interface NegotiationDetail extends NegotiationSummary {
  readonly parties: readonly PartyView[];
  readonly rules: { readonly admit: string; readonly remove: string; readonly adopt: string };
  readonly rulesSpec: RulesSpec;
  /** The charter's entry-into-force rule in words, and as data (the default when the charter names none). */
  readonly entryIntoForce: string;
  readonly entryIntoForceSpec: EntryIntoForceSpec;
  /** Things the node could not do for this negotiation, in words (e.g. a room key that would not open). */
  readonly warnings: readonly string[];
}

export type ParagraphStatus = 'pending' | 'bracketed' | 'agreed-ad-referendum' | 'agreed';

export type Segment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bracket'; readonly bracketId: string; readonly text: string };

export interface ParagraphView {
  readonly id: string;
  readonly status: ParagraphStatus;
  readonly text: string;
  readonly segments: readonly Segment[];
}

export interface ArticleView {
  readonly id: string;
  /** 1-based position, as in "Article N". */
  readonly number: number;
  readonly heading: string;
  readonly paragraphs: readonly ParagraphView[];
}

export interface AlternativeView {
  readonly id: string;
  readonly text: string;
  readonly proposer: string;
}

export interface BracketView {
  readonly id: string;
  readonly proposer: string;
  readonly paragraphId: string;
  readonly alternatives: readonly AlternativeView[];
}

export interface CommentView {
  readonly id: string;
  readonly author: string;
  readonly body: string;
  readonly paragraphId: string;
  readonly from: number | null;
  readonly to: number | null;
  readonly createdAt: number;
}

/** The treaty as it stands in this node's replica (mirrors core/draft/view.ts readTreaty). */
export interface TreatyView {
  readonly title: string;
  readonly preamble: readonly ParagraphView[];
  readonly articles: readonly ArticleView[];
  readonly brackets: readonly BracketView[];
  readonly comments: readonly CommentView[];
}

/** Which text an edit addresses. */
export type TextTarget =
  | { readonly kind: 'title' }
  | { readonly kind: 'heading'; readonly articleId: string }
  | { readonly kind: 'paragraph'; readonly paragraphId: string }
  | { readonly kind: 'alternative'; readonly bracketId: string; readonly alternativeId: string };

export interface CanonicalText {
  /** The canonical rendering (core/draft/canonical.ts): what an adoption fixes. */
  readonly text: string;
  /** Hex of its hash, as an adopt block records it. */
  readonly textHash: string;
}

/**
 * A text of an adopted version in a further authentic language (VCLT art. 33), beside its
 * canonical text: hashed like it, and signed with it (the parties' votes cover every language).
 */
export interface AuthenticTextView {
  /** A BCP 47 language tag in its conventional case: "fr", "zh-Hant", "pt-BR". */
  readonly language: string;
  readonly text: string;
  /** Hex of its hash, computed as the canonical text's is. */
  readonly textHash: string;
}

export interface ProposalView {
  readonly headerHash: string;
  readonly height: number;
  readonly round: number;
  readonly kind: 'admit' | 'remove' | 'adopt';
  readonly proposer: PartyRef;
  readonly proposedAt: number;
  /**
   * For an adoption: its label, the exact text and its hash, and its texts in further authentic
   * languages, sorted by language ([] for none; absent from nodes that predate them).
   */
  readonly adoption: {
    readonly label: string;
    readonly text: string;
    readonly textHash: string;
    readonly authenticTexts?: readonly AuthenticTextView[];
  } | null;
  /** For an admission: the delegation to admit (absent or null when only the header is known). */
  readonly admission?: { readonly party: PartyRef; readonly publicKey: string; readonly weight: number } | null;
  /** For a removal: the party to remove and why (absent or null when only the header is known). */
  readonly removal?: { readonly party: PartyRef; readonly reason: string } | null;
}

export interface TallyView {
  readonly headerHash: string;
  readonly height: number;
  readonly round: number;
  readonly kind: 'admit' | 'remove' | 'adopt';
  /** The charter's rule for this decision, in words. */
  readonly rule: string;
  readonly signers: readonly PartyRef[];
  /** The votes satisfy the rule. */
  readonly met: boolean;
  /** The block is final (on the ledger). */
  readonly final: boolean;
  /** What the rule still needs, in words ("the rule is met" once it is). */
  readonly stillNeeded: string;
  /** Under consensus: the parties yet to sign. */
  readonly missing: readonly PartyRef[];
}

export interface VoteView {
  readonly party: PartyRef;
  readonly round: number;
  /** Hex of the signature. */
  readonly signature: string;
  /** Checked again, here and now, against the party's key. */
  readonly verified: boolean;
}

export type BlockBodyView =
  | {
      readonly kind: 'adopt';
      readonly title: string;
      readonly label: string;
      readonly textHash: string;
      /** Further authentic languages, each with its text's hash ([] for none). */
      readonly authenticTexts?: readonly { readonly language: string; readonly textHash: string }[];
    }
  | { readonly kind: 'admit'; readonly party: PartyRef; readonly weight: number }
  | { readonly kind: 'remove'; readonly party: PartyRef; readonly reason: string };

export interface BlockView {
  readonly height: number;
  readonly round: number;
  readonly headerHash: string;
  readonly prevHash: string;
  readonly proposer: PartyRef;
  readonly proposedAt: number;
  readonly body: BlockBodyView;
  readonly votes: readonly VoteView[];
  /** The votes that ended earlier rounds at this height: declines (NIL) and votes for other proposals. */
  readonly roundChanges: readonly VoteView[];
  /** Every vote verified and the rule met, checked again now. */
  readonly verified: boolean;
}

/** An adopted version of the text. */
export interface VersionView {
  readonly height: number;
  readonly label: string;
  readonly title: string;
  readonly text: string;
  readonly textHash: string;
  /** Its texts in further authentic languages, sorted by language ([] for none). */
  readonly authenticTexts?: readonly AuthenticTextView[];
  readonly proposer: PartyRef;
  readonly proposedAt: number;
  readonly signers: readonly PartyRef[];
}

export interface DiffLine {
  /** ' ' kept, '-' only in `from`, '+' only in `to`. */
  readonly op: ' ' | '-' | '+';
  readonly text: string;
}

/** A unified-diff hunk: 1-based line numbers, as `diff -u` prints them. */
export interface DiffHunk {
  readonly fromLine: number;
  readonly fromCount: number;
  readonly toLine: number;
  readonly toCount: number;
  readonly lines: readonly DiffLine[];
}

/** One side of a diff: an adopted version (height), a point of the edit history (edit), or the draft (neither). */
export interface DiffSide {
  readonly height: number | null;
  readonly label: string;
  readonly textHash: string;
  /** For a point of the edit history: the edit's index (0: before the first edit). */
  readonly edit?: number;
}

export interface DiffView {
  readonly from: DiffSide;
  readonly to: DiffSide;
  readonly hunks: readonly DiffHunk[];
}

/**
 * One step of a draft's edit history (history.edits): consecutive signed edits (envelopes) of one
 * delegation in the same paragraphs.
 */
export interface EditView {
  /** 1 for the oldest step; names the same step for as long as the node runs. */
  readonly index: number;
  readonly author: PartyRef;
  /** The sequence number of the step's last envelope (the author's count of signed edits). */
  readonly seq: number;
  /** The session its last edit was made in (the editor and the node's own commands write under epochs of their own). */
  readonly epoch: number;
  /** When the step groups several envelopes: the first and last sequence numbers. */
  readonly firstSeq?: number;
  readonly lastSeq?: number;
  /** Signed edits (envelopes) in the step. */
  readonly envelopes: number;
  /** Ids of the paragraphs it touched (text, status, brackets, alternatives, comments), first touched first. */
  readonly paragraphs: readonly string[];
  /** Characters of text inserted and deleted (title, headings, paragraphs, alternatives). */
  readonly inserted: number;
  readonly deleted: number;
}

export interface EditsPage {
  /** Newest first. */
  readonly edits: readonly EditView[];
  /** Steps in the whole history. */
  readonly total: number;
}

/**
 * Proof that a party signed two conflicting things: two votes in one round ('votes'), two
 * different edits under one sequence number ('envelopes'), or two different acts (signature,
 * ratification...) under one act number ('acts').
 */
export interface EvidenceView {
  readonly kind: 'votes' | 'envelopes' | 'acts';
  readonly culprit: PartyRef;
  /** For votes: where. */
  readonly height: number | null;
  readonly round: number | null;
  /** For envelopes and acts: the sequence number signed twice. */
  readonly seq: number | null;
  readonly description: string;
  /** For votes and acts: base64 of the evidence's canonical bytes, verifiable offline with the party's key. */
  readonly bytes: string | null;
}

export interface AttributionRun {
  /** [from, to) in the paragraph's text. */
  readonly from: number;
  readonly to: number;
  readonly text: string;
  readonly party: PartyRef;
}

export interface AttributionView {
  readonly paragraphId: string;
  readonly text: string;
  readonly runs: readonly AttributionRun[];
}

export interface ExportView {
  readonly negotiation: NegotiationIdHex;
  /** base64 of the genesis block (height 0). */
  readonly genesis: string;
  /** base64 of each final block, heights 1, 2, ... */
  readonly blocks: readonly string[];
  readonly envelopes: readonly { readonly author: PartyIdHex; readonly seq: number; readonly bytes: string }[];
  /** base64 of each piece of equivocation evidence. */
  readonly evidence: readonly string[];
}

export interface SyncOpened {
  /** Names this sync session in sync.push, sync.close and in binary frames. */
  readonly session: number;
  /** The Yjs clientID the client's Y.Doc must write under (set doc.clientID before any edit). */
  readonly clientId: number;
  /** base64 of the node's whole document as a Yjs v1 update. */
  readonly update: string;
  /** base64 of the node's state vector. */
  readonly stateVector: string;
}

export interface PresenceView {
  readonly party: PartyRef;
  readonly cursor: { readonly paragraphId: string; readonly index: number; readonly length: number } | null;
  /** Milliseconds since the epoch when last heard from. */
  readonly seenAt: number;
}

// ---- the treaty after adoption: acts, the derived state, the dossier ------------------------
// Dates are days as the law counts them, "YYYY-MM-DD" (UTC).

/** What an individual act does (VCLT arts. 10-23, 54-56); a consent names its instrument. */
export type ActKindName =
  | 'initialling'
  | 'signature-ad-referendum'
  | 'confirmation'
  | 'definitive-signature'
  | 'consent'
  | 'reservation'
  | 'declaration'
  | 'objection'
  | 'withdrawal'
  | 'denunciation';

export type ConsentInstrumentName = 'ratification' | 'acceptance' | 'approval' | 'accession';

/**
 * Where an act stands here: it counts; it waits for an earlier act of its party that this node
 * does not hold (a gap), or for the act it refers to; it is one of two acts its party signed
 * under one number (a fork: evidence); or it was refused by the rules.
 */
export type ActStanding = 'counts' | 'waiting' | 'fork' | 'refused';

export interface ActView {
  /** The act's hash (what other acts refer to). */
  readonly hash: string;
  readonly party: PartyRef;
  /** The party's act number, from 0: a number missing here is an act withheld or still travelling. */
  readonly seq: number;
  readonly kind: ActKindName;
  /** For a consent. */
  readonly instrument: ConsentInstrumentName | null;
  /** The adopted version acted on: its block's header hash, height and label (null if not final here). */
  readonly block: string;
  readonly height: number | null;
  readonly label: string | null;
  /** The date the party declared for its act. */
  readonly date: string;
  /** The act it concerns: the signature confirmed, the act a reservation is attached to, the reservation objected to... */
  readonly refersTo: string | null;
  /** A reservation's, declaration's or objection's text. */
  readonly text: string | null;
  /** For an objection: whether it precludes the treaty's entry into force between the two parties (VCLT 20(4)(b)). */
  readonly precludesEntryIntoForce: boolean | null;
  readonly standing: ActStanding;
  /** The signature checked again, here and now, against the party's key. */
  readonly verified: boolean;
  /** In words: "Tuvalu ratified on 2027-02-12". */
  readonly description: string;
  /** Why it does not count, when it does not. */
  readonly note: string | null;
}

export type TreatyStatusName = 'open-for-signature' | 'awaiting-entry-into-force' | 'in-force' | 'terminated';

export interface TreatyPartyView {
  readonly party: PartyRef;
  /** Where the party stands, in words: "Ratified on 2027-02-12", "Signed ad referendum on ...", "No act yet". */
  readonly summary: string;
  readonly initialledOn: string | null;
  readonly signature: { readonly kind: 'ad-referendum' | 'definitive'; readonly date: string; readonly act: string; readonly confirmedOn: string | null } | null;
  /** A definitive signature, or a confirmed signature ad referendum. */
  readonly signed: boolean;
  readonly consent: { readonly instrument: ConsentInstrumentName; readonly date: string; readonly act: string } | null;
  readonly reservations: readonly { readonly act: string; readonly date: string; readonly text: string; readonly attachedTo: string }[];
  readonly declarations: readonly { readonly act: string; readonly date: string; readonly text: string; readonly attachedTo: string }[];
  readonly objections: readonly {
    readonly act: string;
    readonly date: string;
    readonly text: string;
    readonly reservation: string;
    readonly reservingParty: PartyRef;
    readonly precludesEntryIntoForce: boolean;
  }[];
  readonly denunciation: { readonly act: string; readonly date: string; readonly effectiveOn: string } | null;
  /** Bound by the treaty in force from `since` until (exclusive) `until`. */
  readonly bound: { readonly since: string; readonly until: string | null } | null;
}

/** One adopted version's state as a treaty. */
export interface TreatyVersionView {
  readonly block: string;
  readonly height: number;
  readonly label: string;
  readonly status: TreatyStatusName;
  /** "Open for signature", "In force since 2027-03-14", ... */
  readonly statusText: string;
  /** The state explained, in sentences (the first says when and by which act the condition was met). */
  readonly sentences: readonly string[];
  /** Consents in effect (not denounced), their weight, and the roster's totals as of the version. */
  readonly consents: number;
  readonly consentWeight: number;
  readonly totalParties: number;
  readonly totalWeight: number;
  readonly conditionMetOn: string | null;
  readonly conditionMetBy: { readonly party: PartyRef; readonly act: string } | null;
  readonly inForceSince: string | null;
  readonly terminatedOn: string | null;
  /** Before the condition is met: what the rule still needs (null once met). */
  readonly need: EntryIntoForceNeedView | null;
  readonly parties: readonly TreatyPartyView[];
  /** Pairs between whom the treaty is not in force (an objection precluding it, VCLT 20(4)(b)). */
  readonly notInForceBetween: readonly { readonly objector: PartyRef; readonly reservingParty: PartyRef; readonly objection: string }[];
}

/** What the entry-into-force rule still needs beyond the consents in effect now. */
export interface EntryIntoForceNeedView {
  /** Further consents, whatever their weight. */
  readonly moreConsents: number;
  /** Further weight ('consents-and-weight' rules only; else 0). */
  readonly moreWeight: number;
  /** Consents the rule needs in all (every party on the roster, under the default rule). */
  readonly consentsRequired: number;
  /** The share of the total weight the rule needs ('consents-and-weight' only; else null). */
  readonly weightShare: Fraction | null;
  /** In words: "2 more consents and 15 more weight (of 100)". */
  readonly description: string;
}

export interface ActGapView {
  readonly party: PartyRef;
  /** The first act number this node does not hold. */
  readonly missingSeq: number;
  /** Acts of the party held beyond it (they count only once the gap is filled). */
  readonly heldBeyond: number;
  readonly description: string;
}

/** The treaty derived from the acts, the same on every node that holds the same acts. */
export interface TreatyStateView {
  readonly negotiation: string;
  /** Today, by this node's clock: what "in force" is judged against. */
  readonly asOf: string;
  /** The charter's entry-into-force rule, in words. */
  readonly rule: string;
  /** Every adopted version in chain order (or the one asked for). */
  readonly versions: readonly TreatyVersionView[];
  readonly gaps: readonly ActGapView[];
  /** Two acts signed by one party under one number, with the evidence (kind 'acts'). */
  readonly forks: readonly EvidenceView[];
  /** Acts that do not count and are not explained by a gap or a fork before them. */
  readonly refused: readonly { readonly party: PartyRef; readonly seq: number; readonly act: string; readonly reason: string }[];
}

/** The depositary's notice (VCLT art. 77): the condition for entry into force was met. */
export interface EntryIntoForceNotice {
  readonly block: string;
  readonly height: number;
  readonly label: string;
  readonly conditionMetOn: string;
  readonly conditionMetBy: { readonly party: PartyRef; readonly act: string };
  readonly inForceSince: string;
  /** "In force since 2027-03-14: the condition (...) was met by Tuvalu's ratification of 2027-02-12; 30 days after". */
  readonly sentence: string;
}

/** A negotiation's dossier (export.dossier). */
export interface DossierExport {
  readonly negotiation: string;
  /** base64 of the dossier file's bytes (core/dossier). */
  readonly bytes: string;
  /** Hex of the dossier's hash: printed on a signature page, it ties the paper to the file. */
  readonly hash: string;
  readonly size: number;
  readonly blocks: number;
  readonly acts: number;
  readonly evidence: number;
}

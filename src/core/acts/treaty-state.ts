/**
 * The treaty's state, derived from the acts alone and the same on every node whatever order the
 * acts came in: per adopted version, who initialled, signed, consented, reserved, objected,
 * denounced; whether and since when the treaty is in force, and by which act.
 */
import type { PartyId } from '../identity.js';
import type { Act, ConsentInstrument } from './act.js';
import type { ActRejectionCode } from './check.js';
import type { Day } from './day.js';
import type { ActEquivocation } from './evidence.js';
import type { TreatyView } from './view.js';

/** An act as the state cites it: its hash and the date its party declared. */
export interface ActRef {
  readonly act: Uint8Array;
  readonly date: Day;
}

export interface SignatureState extends ActRef {
  readonly kind: 'ad-referendum' | 'definitive';
  /** For a signature ad referendum, its confirmation: then it is a full signature (VCLT 12(2)(b)). */
  readonly confirmation?: ActRef;
}

export interface ConsentState extends ActRef {
  readonly instrument: ConsentInstrument;
}

/** A reservation or declaration in force (not withdrawn). */
export interface StatementState extends ActRef {
  /** The signature, confirmation or consent act it is attached to. */
  readonly attachedTo: Uint8Array;
  readonly text: string;
}

/** An objection in force (not withdrawn). */
export interface ObjectionState extends ActRef {
  readonly reservation: Uint8Array;
  readonly reservingParty: PartyId;
  readonly text: string;
  readonly precludesEntryIntoForceBetween: boolean;
}

export interface DenunciationState extends ActRef {
  /** The day it takes effect: its date plus the rule's delay. */
  readonly effectiveOn: Day;
}

export interface PartyTreatyState {
  readonly party: PartyId;
  readonly initialled?: ActRef;
  readonly signature?: SignatureState;
  /** A definitive signature, or a confirmed signature ad referendum. */
  readonly signed: boolean;
  readonly consent?: ConsentState;
  readonly reservations: readonly StatementState[];
  readonly declarations: readonly StatementState[];
  readonly objections: readonly ObjectionState[];
  readonly denunciation?: DenunciationState;
  /**
   * When the treaty is in force and the party consented: bound from max(inForceSince, consent date
   * + delay) (VCLT 24(3) for late consents), until its denunciation takes effect. Absent if the
   * denunciation took effect before the party was ever bound.
   */
  readonly bound?: { readonly since: Day; readonly until?: Day };
}

export type TreatyStatus = 'open-for-signature' | 'awaiting-entry-into-force' | 'in-force' | 'terminated';

export interface VersionTreatyState {
  readonly block: Uint8Array;
  readonly height: number;
  readonly label: string;
  readonly status: TreatyStatus;
  /** Every party on the roster as of the block, in roster order. */
  readonly parties: readonly PartyTreatyState[];
  /** Consents in effect now (not denounced), their weight, and the roster's totals. */
  readonly consents: number;
  readonly consentWeight: number;
  readonly totalParties: number;
  readonly totalWeight: number;
  /** The day the rule was first met, and the consent that met it. */
  readonly conditionMetOn?: Day;
  readonly conditionMetBy?: { readonly act: Uint8Array; readonly party: PartyId };
  /** conditionMetOn plus the rule's delay. */
  readonly inForceSince?: Day;
  /** The day the last bound party's denunciation took effect, if every party that was bound has left. */
  readonly terminatedOn?: Day;
  /** Pairs between whom the treaty is not in force (VCLT 20(4)(b)). */
  readonly notInForceBetween: readonly { readonly objector: PartyId; readonly reservingParty: PartyId; readonly objection: Uint8Array }[];
}

export interface ActGap {
  readonly party: PartyId;
  /** The first seq not held. */
  readonly missingSeq: number;
  /** How many acts of the party are held beyond it (they do not count until the gap is filled). */
  readonly heldBeyond: number;
}

export interface RefusedAct {
  readonly act: Act;
  readonly hash: Uint8Array;
  readonly code: ActRejectionCode;
  readonly reason: string;
}

export interface TreatyState {
  /** One per adopted version, in chain order. */
  readonly versions: readonly VersionTreatyState[];
  /** Every act that counts, by party id then seq: the canonical list (e.g. for a dossier). */
  readonly accepted: readonly Act[];
  readonly gaps: readonly ActGap[];
  readonly forks: readonly ActEquivocation[];
  /** Acts that do not count and are not explained by a gap or a fork before them. */
  readonly refused: readonly RefusedAct[];
}

export interface DeriveOptions {
  /**
   * Today, as the node's clock says: the core has none. With it, a treaty whose condition is met
   * but whose day of entry into force lies ahead is 'awaiting-entry-into-force', and a denunciation
   * counts only once effective. Without it, every known date counts as reached.
   */
  readonly asOf?: Day;
}

export function deriveTreatyState(view: TreatyView, acts: Iterable<Act>, options: DeriveOptions = {}): TreatyState {
  void view;
  void acts;
  void options;
  throw new Error('not implemented');
}

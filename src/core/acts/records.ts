/** What the treaty state says of a party's acts: each cites the act by hash, with its declared date. */
import type { PartyId } from '../identity.js';
import type { ConsentInstrument } from './act.js';
import type { Day } from './day.js';

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


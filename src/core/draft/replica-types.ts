/** What a replica answers, records and reports: the vocabulary shared by the node and catch-up. */
import type { PartyId, SignatureScheme } from '../identity.js';
import type { Envelope } from './envelope.js';
import type { Eviction, HeldLimits } from './held.js';

export type RejectReason =
  | 'malformed'
  | 'wrong-negotiation'
  | 'unknown-author'
  | 'bad-signature'
  | 'client-id-mismatch'
  | 'foreign-client'
  | 'client-id-conflict'
  | 'conflicting-seq'
  | 'invalid-update';

export type SpendReason = 'client-id-mismatch' | 'foreign-client' | 'invalid-update';

/** An envelope that settled during a call: its effect is in the document, or its seq is spent. */
export type Settlement =
  | { readonly envelope: Envelope; readonly result: 'applied' }
  | { readonly envelope: Envelope; readonly result: 'spent'; readonly reason: SpendReason; readonly detail: string };

export type AcceptOutcome =
  /** It, and any held successors now applicable, are applied (`settled` also lists spent ones). */
  | { readonly kind: 'applied'; readonly applied: readonly Envelope[]; readonly settled: readonly Settlement[] }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'held'; readonly reason: 'gap' | 'missing-dependency'; readonly detail: string }
  | {
      readonly kind: 'rejected';
      readonly reason: RejectReason;
      readonly detail: string;
      /** True when the seq is used up (decided alike everywhere); `settled` then starts with it. */
      readonly spent: boolean;
      readonly settled: readonly Settlement[];
    };

export type Conflict =
  | {
      readonly kind: 'seq';
      readonly author: PartyId;
      readonly seq: number;
      /** The envelope settled or held first, if this replica still has it (else its signature). */
      readonly first: Envelope | null;
      readonly firstSignature: Uint8Array;
      readonly second: Envelope;
    }
  | { readonly kind: 'client-id'; readonly clientId: number; readonly boundTo: PartyId; readonly envelope: Envelope };

/** What the held envelopes wait for: catch-up fetches these. */
export type Missing =
  | { readonly kind: 'gap'; readonly author: PartyId; readonly fromSeq: number; readonly toSeq: number }
  | {
      readonly kind: 'dependency';
      readonly author: PartyId;
      readonly seq: number;
      readonly clientId: number;
      /** The document must hold this many clocks of clientId. */
      readonly clock: number;
      /** The author bound to clientId, when this replica has seen it. */
      readonly clientAuthor: PartyId | null;
    };

/** Compatible with the store's DocumentSnapshot. */
export interface ReplicaCheckpoint {
  readonly yjsState: Uint8Array;
  readonly frontier: ReadonlyMap<PartyId, number>;
  readonly bindings: ReadonlyMap<number, PartyId>;
}

export interface ReplicaOptions {
  readonly scheme: SignatureScheme;
  readonly limits?: Partial<HeldLimits>;
  /** Settled envelopes kept per author as evidence (older ones: signature only). Default 64. */
  readonly keepRecent?: number;
  readonly onEviction?: (eviction: Eviction) => void;
}

/**
 * What a replica remembers per author: the settled prefix of its sequence, the signature of each
 * settled envelope (to tell a replay from a second, different envelope under one seq), and the
 * most recent envelopes themselves, kept as evidence should a conflicting one arrive.
 *
 * Signatures suffice as fingerprints: both envelopes are verified under the author's key, and an
 * ed25519 signature valid for two different messages under one key would need a SHA-512
 * collision. Only the author can make two signatures over the same message (our signers are
 * deterministic and never do); for a recent envelope we compare contents to recognise it anyway.
 */
import { equalBytes } from '../bytes.js';
import { SIGNATURE_BYTES, type PartyId } from '../identity.js';
import type { Envelope } from './envelope.js';

export class AuthorLog {
  /** Highest seq such that 1..seq are all settled (applied, or spent as invalid). */
  settled = 0;
  /** Seqs up to here were settled before a restored checkpoint: no signatures for them. */
  private base = 0;
  private signatures = new Uint8Array(0);
  private readonly recent: Array<Envelope | undefined>;

  constructor(
    readonly author: PartyId,
    keepRecent: number,
  ) {
    this.recent = new Array<Envelope | undefined>(keepRecent);
  }

  /** For a replica restored from a checkpoint covering 1..seq. */
  restoreTo(seq: number): void {
    this.settled = seq;
    this.base = seq;
    this.signatures = new Uint8Array(0);
    this.recent.fill(undefined);
  }

  settle(envelope: Envelope): void {
    if (envelope.seq !== this.settled + 1) throw new Error(`settling ${this.author} seq ${envelope.seq} after ${this.settled}`);
    const offset = (envelope.seq - this.base - 1) * SIGNATURE_BYTES;
    if (offset + SIGNATURE_BYTES > this.signatures.length) {
      const grown = new Uint8Array(Math.max(64 * SIGNATURE_BYTES, this.signatures.length * 2));
      grown.set(this.signatures);
      this.signatures = grown;
    }
    this.signatures.set(envelope.signature, offset);
    this.settled = envelope.seq;
    if (this.recent.length > 0) this.recent[envelope.seq % this.recent.length] = envelope;
  }

  /** For a settled seq: is `envelope` the one settled? 'unknown' below a restored checkpoint. */
  compare(envelope: Envelope): 'same' | 'different' | 'unknown' {
    const signature = this.signatureOf(envelope.seq);
    if (signature === null) return 'unknown';
    if (equalBytes(signature, envelope.signature)) return 'same';
    const first = this.recentEnvelope(envelope.seq);
    return first !== null && sameContent(first, envelope) ? 'same' : 'different';
  }

  signatureOf(seq: number): Uint8Array | null {
    if (seq <= this.base || seq > this.settled) return null;
    const offset = (seq - this.base - 1) * SIGNATURE_BYTES;
    return this.signatures.slice(offset, offset + SIGNATURE_BYTES);
  }

  recentEnvelope(seq: number): Envelope | null {
    if (this.recent.length === 0) return null;
    const envelope = this.recent[seq % this.recent.length];
    return envelope !== undefined && envelope.seq === seq ? envelope : null;
  }
}

/** The same signed fields (whatever the signature bytes). */
export function sameContent(a: Envelope, b: Envelope): boolean {
  return (
    a.negotiation === b.negotiation &&
    a.author === b.author &&
    a.seq === b.seq &&
    a.epoch === b.epoch &&
    a.clientId === b.clientId &&
    equalBytes(a.update, b.update)
  );
}

/**
 * What a replica remembers per author: the settled prefix of its sequence and a fingerprint of
 * each settled envelope (to tell a replay from a second, different envelope under one seq),
 * plus the most recent envelopes themselves, kept as evidence should a conflicting one arrive.
 */
import { equalBytes } from '../bytes.js';
import type { PartyId } from '../identity.js';
import type { Envelope } from './envelope.js';

const DIGEST_BYTES = 32;

export class AuthorLog {
  /** Highest seq such that 1..seq are all settled (applied, or spent as invalid). */
  settled = 0;
  /** Seqs up to here were settled before a restored checkpoint: no fingerprints for them. */
  private base = 0;
  private digests = new Uint8Array(0);
  private readonly recent: Envelope[] = [];

  constructor(
    readonly author: PartyId,
    private readonly keepRecent: number,
  ) {}

  /** For a replica restored from a checkpoint covering 1..seq. */
  restoreTo(seq: number): void {
    this.settled = seq;
    this.base = seq;
    this.digests = new Uint8Array(0);
  }

  settle(envelope: Envelope, digest: Uint8Array): void {
    if (envelope.seq !== this.settled + 1) throw new Error(`settling ${this.author} seq ${envelope.seq} after ${this.settled}`);
    const offset = (envelope.seq - this.base - 1) * DIGEST_BYTES;
    if (offset + DIGEST_BYTES > this.digests.length) {
      const grown = new Uint8Array(Math.max(1024, this.digests.length * 2));
      grown.set(this.digests);
      this.digests = grown;
    }
    this.digests.set(digest, offset);
    this.settled = envelope.seq;
    if (this.keepRecent > 0) {
      this.recent.push(envelope);
      if (this.recent.length > this.keepRecent) this.recent.shift();
    }
  }

  /** 'same' / 'different' for a settled seq, 'unknown' below a restored checkpoint. */
  compare(seq: number, digest: Uint8Array): 'same' | 'different' | 'unknown' {
    if (seq <= this.base) return 'unknown';
    const offset = (seq - this.base - 1) * DIGEST_BYTES;
    return equalBytes(this.digests.subarray(offset, offset + DIGEST_BYTES), digest) ? 'same' : 'different';
  }

  digestOf(seq: number): Uint8Array | null {
    if (seq <= this.base || seq > this.settled) return null;
    const offset = (seq - this.base - 1) * DIGEST_BYTES;
    return this.digests.slice(offset, offset + DIGEST_BYTES);
  }

  recentEnvelope(seq: number): Envelope | null {
    return this.recent.find((e) => e.seq === seq) ?? null;
  }
}

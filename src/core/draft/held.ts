/**
 * Envelopes that arrived before they could apply: a predecessor of their author is missing
 * (gap) or their update references items the document does not hold yet (missing dependency).
 *
 * Bounded per author, in total and in bytes, because any party can send far-future sequence
 * numbers. When over a bound, the envelope farthest from applying (highest seq above its
 * author's frontier; the earliest arrival among equals) is dropped and reported: catch-up can
 * fetch it again once its turn is near.
 */
import type { PartyId } from '../identity.js';
import type { Envelope } from './envelope.js';
import type { UpdateAnalysis } from './update-analysis.js';

export interface HeldLimits {
  readonly perAuthor: number;
  readonly total: number;
  readonly bytes: number;
}

export const DEFAULT_HELD_LIMITS: HeldLimits = { perAuthor: 1024, total: 8192, bytes: 64 * 1024 * 1024 };

export interface HeldEnvelope {
  readonly envelope: Envelope;
  readonly size: number;
  readonly arrival: number;
  /** Set once the envelope has been analysed at its turn (kept while it waits on a dependency). */
  analysis?: UpdateAnalysis;
  waitingFor?: { readonly client: number; readonly clock: number };
}

export interface Eviction {
  readonly author: PartyId;
  readonly seq: number;
  readonly reason: 'author-limit' | 'total-limit' | 'byte-limit';
  readonly detail: string;
}

export class HeldEnvelopes {
  private readonly byAuthor = new Map<PartyId, Map<number, HeldEnvelope>>();
  private readonly highestSeq = new Map<PartyId, number>();
  private count = 0;
  private bytes = 0;
  private arrivals = 0;

  constructor(
    private readonly limits: HeldLimits,
    /** The author's highest settled seq: distance to applying is seq - frontier. */
    private readonly frontierOf: (author: PartyId) => number,
  ) {}

  get size(): number {
    return this.count;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get(author: PartyId, seq: number): HeldEnvelope | undefined {
    return this.byAuthor.get(author)?.get(seq);
  }

  /** Seqs held for the author, ascending. */
  seqsOf(author: PartyId): number[] {
    return [...(this.byAuthor.get(author)?.keys() ?? [])].sort((a, b) => a - b);
  }

  authors(): PartyId[] {
    return [...this.byAuthor.keys()];
  }

  /** Holds the envelope, then evicts until within bounds; returns the evictions (possibly of it). */
  add(envelope: Envelope, size: number): { entry: HeldEnvelope; evicted: Eviction[] } {
    const entry: HeldEnvelope = { envelope, size, arrival: this.arrivals++ };
    let mine = this.byAuthor.get(envelope.author);
    if (mine === undefined) {
      mine = new Map();
      this.byAuthor.set(envelope.author, mine);
    }
    mine.set(envelope.seq, entry);
    if ((this.highestSeq.get(envelope.author) ?? 0) < envelope.seq) this.highestSeq.set(envelope.author, envelope.seq);
    this.count++;
    this.bytes += size;
    const evicted: Eviction[] = [];
    while (mine.size > this.limits.perAuthor) evicted.push(this.evictFarthest([envelope.author], 'author-limit'));
    while (this.count > this.limits.total) evicted.push(this.evictFarthest(this.authors(), 'total-limit'));
    while (this.bytes > this.limits.bytes && this.count > 0) evicted.push(this.evictFarthest(this.authors(), 'byte-limit'));
    return { entry, evicted };
  }

  remove(author: PartyId, seq: number): HeldEnvelope | undefined {
    const mine = this.byAuthor.get(author);
    const entry = mine?.get(seq);
    if (mine === undefined || entry === undefined) return undefined;
    mine.delete(seq);
    if (mine.size === 0) {
      this.byAuthor.delete(author);
      this.highestSeq.delete(author);
    } else if (this.highestSeq.get(author) === seq) {
      let highest = 0;
      for (const s of mine.keys()) if (s > highest) highest = s;
      this.highestSeq.set(author, highest);
    }
    this.count--;
    this.bytes -= entry.size;
    return entry;
  }

  private highest(author: PartyId): HeldEnvelope | undefined {
    const seq = this.highestSeq.get(author);
    return seq === undefined ? undefined : this.byAuthor.get(author)?.get(seq);
  }

  private evictFarthest(among: PartyId[], reason: Eviction['reason']): Eviction {
    // Within an author the farthest is its highest seq; across authors compare distances.
    let victim: HeldEnvelope | undefined;
    let victimDistance = -1;
    for (const author of among) {
      const entry = this.highest(author);
      if (entry === undefined) continue;
      const distance = entry.envelope.seq - this.frontierOf(author);
      if (distance > victimDistance || (distance === victimDistance && entry.arrival < victim!.arrival)) {
        victim = entry;
        victimDistance = distance;
      }
    }
    const { author, seq } = victim!.envelope;
    this.remove(author, seq);
    const bound =
      reason === 'author-limit'
        ? `${this.limits.perAuthor} per author`
        : reason === 'total-limit'
          ? `${this.limits.total} in total`
          : `${this.limits.bytes} bytes`;
    return { author, seq, reason, detail: `held envelopes exceed ${bound}; dropped ${author} seq ${seq}, ${victimDistance} past the frontier` };
  }
}

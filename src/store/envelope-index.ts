/**
 * Which (author, seq) keys of one negotiation are stored: enough to answer frontier, authors and
 * count without reading the records, and to know that a new key is new without a disk read.
 *
 * It is derived state (rebuilt from the keys when a negotiation is first touched after opening),
 * never persisted, so it cannot disagree with the records themselves.
 */
import type { PartyId } from '../core/identity.js';

interface AuthorKeys {
  /** 1..contiguous are all stored. */
  contiguous: number;
  /** Stored seqs above contiguous + 1 (held behind a gap); usually empty. */
  readonly above: Set<number>;
  count: number;
}

export class EnvelopeIndex {
  private readonly byAuthor = new Map<PartyId, AuthorKeys>();
  private total = 0;

  has(author: PartyId, seq: number): boolean {
    const keys = this.byAuthor.get(author);
    return keys !== undefined && (seq <= keys.contiguous || keys.above.has(seq));
  }

  /** Records a newly stored key; the caller guarantees it was not stored before. */
  add(author: PartyId, seq: number): void {
    let keys = this.byAuthor.get(author);
    if (keys === undefined) {
      keys = { contiguous: 0, above: new Set(), count: 0 };
      this.byAuthor.set(author, keys);
    }
    keys.count++;
    this.total++;
    if (seq !== keys.contiguous + 1) {
      keys.above.add(seq);
      return;
    }
    keys.contiguous = seq;
    while (keys.above.delete(keys.contiguous + 1)) keys.contiguous++;
  }

  frontier(): Map<PartyId, number> {
    const out = new Map<PartyId, number>();
    for (const author of this.authors()) {
      const contiguous = this.byAuthor.get(author)!.contiguous;
      if (contiguous > 0) out.set(author, contiguous);
    }
    return out;
  }

  authors(): PartyId[] {
    return [...this.byAuthor.keys()].sort();
  }

  count(): number {
    return this.total;
  }
}

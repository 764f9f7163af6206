/**
 * Evidence of equivocation in words, the same in the Ledger tab, the shell's notices and the
 * Treaty tab: what the party signed twice — two proposals in one round, two edits under one
 * sequence number, or two acts (signature, ratification...) under one act number.
 */
import type { EvidenceView } from '../../../../node/api.js';

/** "signed two different acts numbered #2" (the party's name goes before it). */
export function equivocationInWords(e: Pick<EvidenceView, 'kind' | 'height' | 'round' | 'seq'>): string {
  switch (e.kind) {
    case 'votes':
      return `signed two different proposals at height ${e.height ?? '?'} round ${e.round ?? '?'}`;
    case 'acts':
      return `signed two different acts numbered #${e.seq ?? '?'}`;
    case 'envelopes':
      return `signed two different edits under sequence number ${e.seq ?? '?'}`;
    default: {
      const never: never = e.kind;
      return `signed two conflicting things (${String(never)})`;
    }
  }
}

/** What follows from it, for act forks: the party's later acts wait. '' for the others. */
export function equivocationConsequence(e: Pick<EvidenceView, 'kind'>): string {
  return e.kind === 'acts' ? 'its acts from that number on do not count' : '';
}

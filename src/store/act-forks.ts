/** Forks among stored acts: (party, seq) pairs holding more than one act. Shared by both stores. */
import type { ActFork, ActRecord } from './contract.js';

/** `records` in key order (party, seq, hash): each run of one (party, seq) longer than one is a fork. */
export function forksOf(records: readonly ActRecord[]): ActFork[] {
  const forks: ActFork[] = [];
  for (let i = 0; i < records.length; ) {
    const first = records[i]!;
    let j = i + 1;
    while (j < records.length && records[j]!.party === first.party && records[j]!.seq === first.seq) j++;
    if (j - i > 1) forks.push({ party: first.party, seq: first.seq, records: records.slice(i, j) });
    i = j;
  }
  return forks;
}

/**
 * The votes this delegation signed, kept in the store's meta before any of them leaves: after a
 * restart the VotingRecord is rebuilt from it, so the node can never sign two different votes in
 * one round (equivocation), whatever the user clicks. Votes at final heights are dropped: the
 * ledger no longer counts them.
 *
 * Layout: domain('plenary/vote-journal/v1') | u32 count | count x encodeVote (fixed size).
 */
import { Writer, decodeWith, domain } from '../core/bytes.js';
import type { NegotiationId } from '../core/identity.js';
import { VOTE_BYTES, readVote, writeVote, type Vote } from '../core/ledger/vote.js';
import type { PlenaryStore } from '../store/index.js';

const JOURNAL_DOMAIN = domain('plenary/vote-journal/v1');
/** Rounds are bounded by the ledger's window; this only bounds a damaged record. */
const MAX_VOTES = 100_000;

const keyOf = (negotiation: NegotiationId): string => `votes/${negotiation}`;

export function encodeVoteJournal(votes: readonly Vote[]): Uint8Array {
  const w = new Writer(JOURNAL_DOMAIN.length + 4 + votes.length * VOTE_BYTES);
  w.raw(JOURNAL_DOMAIN).u32(votes.length);
  for (const v of votes) writeVote(w, v);
  return w.finish();
}

export function decodeVoteJournal(bytes: Uint8Array): Vote[] {
  return decodeWith(bytes, 'vote journal', (r) => {
    r.expectDomain(JOURNAL_DOMAIN, 'vote journal');
    const n = r.count(MAX_VOTES, VOTE_BYTES, 'votes');
    const out: Vote[] = [];
    for (let i = 0; i < n; i++) out.push(readVote(r));
    return out;
  });
}

export async function loadVotes(store: PlenaryStore, negotiation: NegotiationId): Promise<Vote[]> {
  const bytes = await store.getMeta(keyOf(negotiation));
  return bytes === undefined ? [] : decodeVoteJournal(bytes);
}

/** Keeps the votes above `finalHeight` (those that may still count). */
export async function saveVotes(store: PlenaryStore, negotiation: NegotiationId, votes: readonly Vote[], finalHeight: number): Promise<void> {
  await store.putMeta(keyOf(negotiation), encodeVoteJournal(votes.filter((v) => v.negotiation === negotiation && v.height > finalHeight)));
}

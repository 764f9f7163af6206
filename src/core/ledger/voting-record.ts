/**
 * A delegation's own conscience: it refuses to sign a second, different vote at a (height, round)
 * it already voted in, so an honest client never equivocates, even when the user clicks twice or
 * the app restarts (persist `votes()` durably before sending a vote, and restore from it).
 */
import { equalBytes } from '../bytes.js';
import type { NegotiationId, Signer } from '../identity.js';
import { err, ok, type Result } from '../result.js';
import { describeTarget, signVote, type Vote } from './vote.js';

const slot = (negotiation: NegotiationId, height: number, round: number): string => `${negotiation}/${height}/${round}`;

export class VotingRecord {
  private readonly signed = new Map<string, Vote>();

  constructor(
    private readonly signer: Signer,
    previous: Iterable<Vote> = [],
  ) {
    for (const v of previous) if (v.party === signer.party) this.signed.set(slot(v.negotiation, v.height, v.round), v);
  }

  /** The vote already signed for this target, a new one, or a refusal that would be equivocation. */
  sign(negotiation: NegotiationId, height: number, round: number, target: Uint8Array): Result<Vote, string> {
    const key = slot(negotiation, height, round);
    const before = this.signed.get(key);
    if (before) {
      if (equalBytes(before.target, target)) return ok(before);
      return err(`already voted ${describeTarget(before.target)} at height ${height}, round ${round}: a second vote would be equivocation`);
    }
    const vote = signVote(this.signer, negotiation, height, round, target);
    this.signed.set(key, vote);
    return ok(vote);
  }

  hasVoted(negotiation: NegotiationId, height: number, round: number): boolean {
    return this.signed.has(slot(negotiation, height, round));
  }

  votes(): Vote[] {
    return [...this.signed.values()];
  }
}

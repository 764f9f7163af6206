/**
 * Does an act stand, given the view (charter, adopted versions, rosters) and the acts already
 * accepted? The same rules decide gossip validation (one act at a time) and deriveTreatyState
 * (all acts at once), so every node agrees.
 */
import { equalBytes, toHex } from '../bytes.js';
import type { PartyId, SignatureScheme } from '../identity.js';
import { err, ok, type Result } from '../result.js';
import { actHashOf, checkActShape, sameAct, verifyActSignature, type Act } from './act.js';
import { formatDay } from './day.js';
import { actEquivocation } from './evidence.js';
import { PartyLog, type AcceptedLookup, type Refusal } from './party-log.js';
import type { ActRejection, ActRejectionCode } from './rejection.js';
import type { TreatyView } from './view.js';

/** The acts accepted so far. */
export interface AcceptedActs {
  /** The party's accepted acts: its gap-free prefix, seq 0, 1, 2... */
  chainOf(party: PartyId): readonly Act[];
  /** An accepted act by its hash. */
  byHash(hash: Uint8Array): Act | undefined;
}

export interface ActContext {
  readonly view: TreatyView;
  readonly scheme: SignatureScheme;
  readonly accepted: AcceptedActs;
}

const rejection = (code: ActRejectionCode, reason: string): { ok: false; error: ActRejection } => err({ code, reason });

/** Well-formed, for this negotiation, about a final adopt block, by a party on the roster as of that block. */
export function checkActStanding(act: Act, view: TreatyView): ActRejection | undefined {
  const shape = checkActShape(act);
  if (shape) return { code: 'malformed', reason: shape };
  if (act.negotiation !== view.negotiation) return { code: 'wrong-negotiation', reason: 'the act is for another negotiation' };
  const version = view.version(act.block);
  if (!version) {
    return { code: 'unknown-block', reason: `block ${toHex(act.block.subarray(0, 4))} is not an adopted version of this negotiation (not final here, or not an adoption)` };
  }
  if (!version.parties.has(act.party)) return { code: 'not-a-party', reason: `${act.party} is not a party as of block ${version.height}` };
  return undefined;
}

/** checkActStanding, then the signature by the party's key: what a gossip validator needs first. Returns the act's hash. */
export function checkActAuthenticity(act: Act, view: TreatyView, scheme: SignatureScheme): Result<Uint8Array, ActRejection> {
  const standing = checkActStanding(act, view);
  if (standing) return err(standing);
  if (!verifyActSignature(act, view.publicKeyOf(act.party)!, scheme)) return rejection('bad-signature', `the act is not signed by ${act.party}`);
  return ok(actHashOf(act));
}

/** `act` (authentic) as the next act of `log`'s party: chain link, date, kind rules. */
export function checkNextAct(log: PartyLog, act: Act, accepted: AcceptedLookup): Refusal | undefined {
  if (act.seq !== log.next) {
    return act.seq > log.next
      ? { code: 'gap', reason: `act ${act.seq} of ${act.party} follows act ${log.next}, not held` }
      : { code: 'fork', reason: `${act.party} already has an act ${act.seq}` };
  }
  const previous = log.hashes[act.seq - 1];
  if (previous && !equalBytes(act.previous, previous)) return { code: 'bad-previous', reason: `previous is not the hash of act ${act.seq - 1} of ${act.party}` };
  const last = log.lastDate;
  if (last !== undefined && act.date < last) {
    return { code: 'date-backwards', reason: `dated ${formatDay(act.date)}, before the party's previous act (${formatDay(last)})` };
  }
  return log.refusal(act, accepted);
}

/**
 * Accepts the act as its party's next one, or says why not; returns the act's hash. A second,
 * different act at a seq already held is refused as a 'fork' carrying the evidence; the same act
 * again (even with other signature bytes) is a 'duplicate'.
 */
export function checkAct(act: Act, context: ActContext): Result<Uint8Array, ActRejection> {
  const shape = checkActShape(act);
  if (shape) return rejection('malformed', shape);
  const chain = context.accepted.chainOf(act.party);
  const held = chain[act.seq];
  // A duplicate costs no signature check; a fork is evidence only once the signature holds.
  if (held && sameAct(held, act)) return rejection('duplicate', `act ${act.seq} of ${act.party} is already held`);
  const authentic = checkActAuthenticity(act, context.view, context.scheme);
  if (!authentic.ok) return authentic;
  if (held) {
    return err({ code: 'fork', reason: `${act.party} signed two different acts as its act ${act.seq}`, evidence: actEquivocation(held, act) });
  }
  const lookup: AcceptedLookup = (hash) => context.accepted.byHash(hash);
  const log = PartyLog.replay(act.party, chain, lookup);
  const refused = checkNextAct(log, act, lookup);
  return refused ? err(refused) : authentic;
}

/**
 * The acts a replica has accepted, one checkAct at a time: what a node keeps between derivations.
 * Acts refused as 'gap' or 'unknown-reference' may stand later; keep them and offer them again.
 */
export class ActBook implements AcceptedActs {
  private readonly chains = new Map<PartyId, Act[]>();
  private readonly hashes = new Map<string, Act>();

  chainOf(party: PartyId): readonly Act[] {
    return this.chains.get(party) ?? [];
  }

  byHash(hash: Uint8Array): Act | undefined {
    return this.hashes.get(toHex(hash));
  }

  /** Every accepted act, by party id then seq. */
  all(): Act[] {
    return [...this.chains.keys()].sort().flatMap((p) => this.chains.get(p)!);
  }

  /** Checks `act` against what is held and keeps it if it stands. */
  receive(act: Act, view: TreatyView, scheme: SignatureScheme): Result<Uint8Array, ActRejection> {
    const checked = checkAct(act, { view, scheme, accepted: this });
    if (!checked.ok) return checked;
    let chain = this.chains.get(act.party);
    if (!chain) this.chains.set(act.party, (chain = []));
    chain.push(act);
    this.hashes.set(toHex(checked.value), act);
    return checked;
  }
}

/**
 * The treaty's state, derived from the acts alone and the same on every node whatever order the
 * acts came in: per adopted version, who initialled, signed, consented, reserved, objected,
 * denounced; whether and since when the treaty is in force, and by which act.
 */
import { compareBytes, toHex } from '../bytes.js';
import type { PartyId, SignatureScheme } from '../identity.js';
import { HASH_BYTES } from '../hash.js';
import { actHashOf, checkActShape, refOf, verifyActSignature, type Act } from './act.js';
import { checkActStanding, checkNextAct } from './check.js';
import { boundPeriod, entryIntoForceNeed, evaluateEntryIntoForce, type ConsentEvent, type EntryIntoForceNeed } from './entry-into-force.js';
import { PartyLog, type AcceptedLookup, type PartyVersionRecord } from './party-log.js';
import type { ActRef, ConsentState, DenunciationState, ObjectionState, SignatureState, StatementState } from './records.js';
import type { ActRejectionCode } from './rejection.js';
import type { Day } from './day.js';
import { actEquivocation, type ActEquivocation } from './evidence.js';
import type { AdoptedVersion, TreatyView } from './view.js';

export interface PartyTreatyState {
  readonly party: PartyId;
  readonly initialled?: ActRef;
  readonly signature?: SignatureState;
  /** A definitive signature, or a confirmed signature ad referendum. */
  readonly signed: boolean;
  readonly consent?: ConsentState;
  readonly reservations: readonly StatementState[];
  readonly declarations: readonly StatementState[];
  readonly objections: readonly ObjectionState[];
  readonly denunciation?: DenunciationState;
  /**
   * When the treaty is in force and the party consented: bound from max(inForceSince, consent date
   * + delay) (VCLT 24(3) for late consents), until its denunciation takes effect. Absent if the
   * denunciation took effect before the party was ever bound.
   */
  readonly bound?: { readonly since: Day; readonly until?: Day };
}

export type TreatyStatus = 'open-for-signature' | 'awaiting-entry-into-force' | 'in-force' | 'terminated';

export interface VersionTreatyState {
  readonly block: Uint8Array;
  readonly height: number;
  readonly label: string;
  readonly status: TreatyStatus;
  /** Every party on the roster as of the block, in roster order. */
  readonly parties: readonly PartyTreatyState[];
  /** Consents in effect now (not denounced), their weight, and the roster's totals. */
  readonly consents: number;
  readonly consentWeight: number;
  readonly totalParties: number;
  readonly totalWeight: number;
  /** The day the rule was first met, and the consent that met it. */
  readonly conditionMetOn?: Day;
  readonly conditionMetBy?: { readonly act: Uint8Array; readonly party: PartyId };
  /** conditionMetOn plus the rule's delay. */
  readonly inForceSince?: Day;
  /** The day the last bound party's denunciation took effect, if every party that was bound has left. */
  readonly terminatedOn?: Day;
  /** Before the rule is met: what it still needs, counting the consents in effect now. */
  readonly need?: EntryIntoForceNeed;
  /** Pairs between whom the treaty is not in force (VCLT 20(4)(b)). */
  readonly notInForceBetween: readonly { readonly objector: PartyId; readonly reservingParty: PartyId; readonly objection: Uint8Array }[];
}

export interface ActGap {
  readonly party: PartyId;
  /** The first seq not held. */
  readonly missingSeq: number;
  /** How many acts of the party are held beyond it (they do not count until the gap is filled). */
  readonly heldBeyond: number;
}

export interface RefusedAct {
  readonly act: Act;
  readonly hash: Uint8Array;
  readonly code: ActRejectionCode;
  readonly reason: string;
}

export interface TreatyState {
  /** One per adopted version, in chain order. */
  readonly versions: readonly VersionTreatyState[];
  /** Every act that counts, by party id then seq: the canonical list (e.g. for a dossier). */
  readonly accepted: readonly Act[];
  readonly gaps: readonly ActGap[];
  readonly forks: readonly ActEquivocation[];
  /** Acts that do not count and are not explained by a gap or a fork before them. */
  readonly refused: readonly RefusedAct[];
}

export interface DeriveOptions {
  /**
   * Today, as the node's clock says: the core has none. With it, a treaty whose condition is met
   * but whose day of entry into force lies ahead is 'awaiting-entry-into-force', and a denunciation
   * counts only once effective. Without it, every known date counts as reached.
   */
  readonly asOf?: Day;
}

interface Candidate {
  readonly act: Act;
  readonly hash: Uint8Array;
}

/** One party's authentic acts by seq: the distinct contents signed at each seq. */
type Chains = Map<PartyId, Map<number, Candidate[]>>;

const byParty = (a: PartyId, b: PartyId): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sorts the input into each party's chain: well-formed, this negotiation, signed by a key of a
 * party the view knows. Everything else is refused here. The same content twice is one act (the
 * lowest signature bytes kept, so the canonical list does not depend on which copy came first).
 */
function sortIntoChains(view: TreatyView, acts: Iterable<Act>, scheme: SignatureScheme, refused: RefusedAct[]): Chains {
  const distinct = new Map<string, Candidate>();
  for (const act of acts) {
    const shape = checkActShape(act);
    if (shape) {
      refused.push({ act, hash: hashIfEncodable(act), code: 'malformed', reason: shape });
      continue;
    }
    const hash = actHashOf(act);
    if (act.negotiation !== view.negotiation) {
      refused.push({ act, hash, code: 'wrong-negotiation', reason: 'the act is for another negotiation' });
      continue;
    }
    const publicKey = view.publicKeyOf(act.party);
    if (!publicKey) {
      refused.push({ act, hash, code: 'not-a-party', reason: `${act.party} was never a party` });
      continue;
    }
    if (!verifyActSignature(act, publicKey, scheme)) {
      refused.push({ act, hash, code: 'bad-signature', reason: `the act is not signed by ${act.party}` });
      continue;
    }
    // Every copy is verified first, so what is refused does not depend on which copy came first.
    const key = `${act.party}/${toHex(hash)}`;
    const known = distinct.get(key);
    if (!known || compareBytes(act.signature, known.act.signature) < 0) distinct.set(key, { act, hash });
  }
  const chains: Chains = new Map();
  for (const candidate of distinct.values()) {
    const { party, seq } = candidate.act;
    let chain = chains.get(party);
    if (!chain) chains.set(party, (chain = new Map()));
    const atSeq = chain.get(seq);
    if (atSeq) atSeq.push(candidate);
    else chain.set(seq, [candidate]);
  }
  return chains;
}

/** How far a party's chain can count: up to its first gap or fork. */
function prefixOf(party: PartyId, chain: Map<number, Candidate[]>, gaps: ActGap[], forks: ActEquivocation[]): Candidate[] {
  const prefix: Candidate[] = [];
  const seqs = [...chain.keys()].sort((a, b) => a - b);
  for (let seq = 0; ; seq++) {
    const atSeq = chain.get(seq);
    if (!atSeq) {
      const beyond = seqs.filter((s) => s > seq).length;
      if (beyond > 0) gaps.push({ party, missingSeq: seq, heldBeyond: beyond });
      return prefix;
    }
    if (atSeq.length > 1) {
      const [a, b] = [...atSeq].sort((x, y) => compareBytes(x.hash, y.hash));
      forks.push(actEquivocation(a!.act, b!.act));
      return prefix;
    }
    prefix.push(atSeq[0]!);
  }
}

/**
 * The treaty's state from a set of acts, in any order: each party's chain counts up to its first
 * gap, fork or refused act. Chains are advanced together until none moves, since an objection
 * counts only once the reservation it objects to does; validity only grows with what is accepted,
 * so the result does not depend on the order of parties or acts.
 */
export function deriveTreatyState(view: TreatyView, acts: Iterable<Act>, scheme: SignatureScheme, options: DeriveOptions = {}): TreatyState {
  const refused: RefusedAct[] = [];
  const gaps: ActGap[] = [];
  const forks: ActEquivocation[] = [];
  const chains = sortIntoChains(view, acts, scheme, refused);
  const parties = [...chains.keys()].sort(byParty);
  const pending = new Map<PartyId, Candidate[]>();
  const logs = new Map<PartyId, PartyLog>();
  for (const party of parties) {
    pending.set(party, prefixOf(party, chains.get(party)!, gaps, forks));
    logs.set(party, new PartyLog(party));
  }
  const acceptedByHash = new Map<string, Act>();
  const lookup: AcceptedLookup = (hash) => acceptedByHash.get(toHex(hash));
  const stopped = new Map<PartyId, RefusedAct>();
  for (let moved = true; moved; ) {
    moved = false;
    for (const party of parties) {
      if (stopped.has(party)) continue;
      const queue = pending.get(party)!;
      const log = logs.get(party)!;
      while (queue.length > 0) {
        const { act, hash } = queue[0]!;
        // The signature was verified when sorting: the version and roster are what is left.
        const refusal = checkActStanding(act, view) ?? checkNextAct(log, act, lookup);
        if (refusal?.code === 'unknown-reference') break; // may stand once another chain moves
        if (refusal) {
          stopped.set(party, { act, hash, code: refusal.code, reason: refusal.reason });
          break;
        }
        log.add(act, hash, lookup);
        acceptedByHash.set(toHex(hash), act);
        queue.shift();
        moved = true;
      }
    }
  }
  for (const party of parties) {
    const first = pending.get(party)![0];
    const stop = stopped.get(party);
    if (stop) refused.push(stop);
    else if (first) refused.push({ act: first.act, hash: first.hash, code: 'unknown-reference', reason: `no accepted act ${toHex((refOf(first.act) ?? new Uint8Array(4)).subarray(0, 4))} to object to` });
  }
  const versions = view.versions.map((v) => versionState(view, v, logs, options));
  return {
    versions,
    accepted: parties.flatMap((p) => logs.get(p)!.acts),
    gaps,
    forks,
    refused: refused.sort(compareRefused),
  };
}

/** A malformed act may not even encode: then it is named by 32 zero bytes. */
function hashIfEncodable(act: Act): Uint8Array {
  try {
    return actHashOf(act);
  } catch {
    return new Uint8Array(HASH_BYTES);
  }
}

// Malformed acts may carry anything as party or seq: compare them as strings and numbers only.
function compareRefused(a: RefusedAct, b: RefusedAct): number {
  const seq = (x: RefusedAct): number => (Number.isSafeInteger(x.act?.seq) ? x.act.seq : -1);
  return byParty(String(a.act?.party) as PartyId, String(b.act?.party) as PartyId) || seq(a) - seq(b) || compareBytes(a.hash, b.hash) || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0);
}

function partyState(party: PartyId, r: PartyVersionRecord | undefined, rule: TreatyView['rule']): PartyTreatyState {
  if (!r) return { party, signed: false, reservations: [], declarations: [], objections: [] };
  const signed = r.signature?.kind === 'definitive' || r.signature?.confirmation !== undefined;
  return {
    party,
    ...(r.initialled && { initialled: r.initialled }),
    ...(r.signature && { signature: r.signature }),
    signed,
    ...(r.consent && { consent: r.consent }),
    reservations: [...r.reservations.values()],
    declarations: [...r.declarations.values()],
    objections: [...r.objections.values()],
    ...(r.denunciation && { denunciation: { ...r.denunciation, effectiveOn: r.denunciation.date + rule.delayDays } }),
  };
}

function versionState(view: TreatyView, version: AdoptedVersion, logs: ReadonlyMap<PartyId, PartyLog>, options: DeriveOptions): VersionTreatyState {
  const { rule } = view;
  const roster = version.parties;
  const records = new Map<PartyId, PartyVersionRecord | undefined>(roster.ids().map((p) => [p, logs.get(p)?.record(version.block)]));
  const consents: ConsentEvent[] = [];
  let current = 0;
  let currentWeight = 0;
  let totalWeight = 0;
  for (const [party, weight] of roster.weights) {
    totalWeight += weight;
    const r = records.get(party);
    if (!r?.consent) continue;
    consents.push({ party, act: r.consent.act, date: r.consent.date, ...(r.denunciation && { denouncedOn: r.denunciation.date }) });
    if (!r.denunciation) {
      current++;
      currentWeight += weight;
    }
  }
  const force = evaluateEntryIntoForce(rule, roster, consents);
  const parties = roster.ids().map((party) => {
    const state = partyState(party, records.get(party), rule);
    const consent = consents.find((c) => c.party === party);
    if (!force || !consent) return state;
    const bound = boundPeriod(rule, force.inForceSince, consent.date, consent.denouncedOn);
    return bound ? { ...state, bound } : state;
  });
  let terminatedOn: number | undefined;
  if (force && consents.every((c) => c.denouncedOn !== undefined)) {
    terminatedOn = Math.max(force.inForceSince, ...parties.map((p) => p.bound?.until ?? 0));
  }
  const notInForceBetween = [];
  for (const p of parties) {
    for (const o of p.objections) {
      if (!o.precludesEntryIntoForceBetween) continue;
      const reserving = records.get(o.reservingParty);
      if (reserving?.reservations.has(toHex(o.reservation))) notInForceBetween.push({ objector: p.party, reservingParty: o.reservingParty, objection: o.act });
    }
  }
  const asOf = options.asOf;
  let status: TreatyStatus;
  if (!force) status = current > 0 ? 'awaiting-entry-into-force' : 'open-for-signature';
  else if (asOf !== undefined && asOf < force.inForceSince) status = 'awaiting-entry-into-force';
  else if (terminatedOn !== undefined && (asOf === undefined || asOf >= terminatedOn)) status = 'terminated';
  else status = 'in-force';
  return {
    block: version.block,
    height: version.height,
    label: version.label,
    status,
    parties,
    consents: current,
    consentWeight: currentWeight,
    totalParties: roster.size,
    totalWeight,
    ...(force && force),
    ...(terminatedOn !== undefined && { terminatedOn }),
    ...(!force && { need: entryIntoForceNeed(rule, roster, { count: current, weight: currentWeight }) }),
    notInForceBetween,
  };
}

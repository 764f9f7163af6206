/**
 * The treaty after adoption as the API's plain data (api-types.ts): acts with where they
 * stand, the derived TreatyState per adopted version with its status in sentences a delegation
 * can read ("In force since 2027-03-14: the condition (55 parties holding 55% of the weight) was
 * met by Tuvalu's ratification of 2027-02-12; 30 days after"), gaps and forks. Act signatures are
 * verified again here, so "verified" on screen means checked now, on this machine.
 */
import { toHex } from '../core/bytes.js';
import { actHashOf, verifyActSignature, type Act, type ConsentInstrument } from '../core/acts/act.js';
import { formatDay, type Day } from '../core/acts/day.js';
import { describeActEquivocation, encodeActEquivocation, type ActEquivocation } from '../core/acts/evidence.js';
import type { PartyTreatyState, TreatyState, TreatyStatus, VersionTreatyState } from '../core/acts/treaty-state.js';
import type { EntryIntoForceNeed } from '../core/acts/entry-into-force.js';
import { describeEntryIntoForceRule, type EntryIntoForceRule } from '../core/acts/rule.js';
import type { TreatyView } from '../core/acts/view.js';
import type { SignatureScheme } from '../core/identity.js';
import { toBase64 } from './api-codec.js';
import type { ActStanding, ActView, EntryIntoForceNeedView, EntryIntoForceNotice, EvidenceView, PartyRef, TreatyPartyView, TreatyStateView, TreatyVersionView } from './api-types.js';

/** Names parties (PartyNames in node-views.ts fits). */
export interface NameBook {
  ref(party: Act['party']): PartyRef;
}

const INSTRUMENT_NOUN: Record<ConsentInstrument, string> = { ratification: 'ratification', acceptance: 'acceptance', approval: 'approval', accession: 'accession' };
const INSTRUMENT_VERB: Record<ConsentInstrument, string> = { ratification: 'ratified', acceptance: 'accepted', approval: 'approved', accession: 'acceded' };
const STATUS_TEXT: Record<TreatyStatus, string> = {
  'open-for-signature': 'Open for signature',
  'awaiting-entry-into-force': 'Awaiting entry into force',
  'in-force': 'In force',
  terminated: 'Terminated',
};

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** What an act does, in words, with its declared date. */
export function describeAct(act: Act, names: NameBook): string {
  const who = names.ref(act.party).name;
  const on = `on ${formatDay(act.date)}`;
  switch (act.kind) {
    case 'initialling':
      return `${who} initialled the text ${on}`;
    case 'signature-ad-referendum':
      return `${who} signed ad referendum ${on}`;
    case 'confirmation':
      return `${who} confirmed its signature ${on}`;
    case 'definitive-signature':
      return `${who} signed ${on}`;
    case 'consent':
      return `${who} ${INSTRUMENT_VERB[act.instrument]} ${on}`;
    case 'reservation':
      return `${who} made a reservation ${on}`;
    case 'declaration':
      return `${who} made a declaration ${on}`;
    case 'objection':
      return `${who} objected to a reservation ${on}${act.precludesEntryIntoForceBetween ? ', precluding entry into force between them' : ''}`;
    case 'withdrawal':
      return `${who} withdrew a reservation or objection ${on}`;
    case 'denunciation':
      return `${who} denounced the treaty ${on}`;
  }
}

export function actView(act: Act, hash: Uint8Array, standing: ActStanding, note: string | null, names: NameBook, view: TreatyView, scheme: SignatureScheme): ActView {
  const version = view.version(act.block);
  const key = view.publicKeyOf(act.party);
  return {
    hash: toHex(hash),
    party: names.ref(act.party),
    seq: act.seq,
    kind: act.kind,
    instrument: act.kind === 'consent' ? act.instrument : null,
    block: toHex(act.block),
    height: version?.height ?? null,
    label: version?.label ?? null,
    date: formatDay(act.date),
    refersTo: 'ref' in act ? toHex(act.ref) : null,
    text: 'text' in act ? act.text : null,
    precludesEntryIntoForce: act.kind === 'objection' ? act.precludesEntryIntoForceBetween : null,
    standing,
    verified: key !== undefined && verifyActSignature(act, key, scheme),
    description: describeAct(act, names),
    note,
  };
}

/** Where each act stands in a derived state, with the reason when it does not count. */
export function standings(state: TreatyState, names: NameBook): Map<string, { standing: ActStanding; note: string | null }> {
  const out = new Map<string, { standing: ActStanding; note: string | null }>();
  for (const e of state.forks) {
    const note = describeActEquivocation(e);
    for (const act of [e.first, e.second]) out.set(toHex(actHashOf(act)), { standing: 'fork', note });
  }
  for (const r of state.refused) {
    if (out.has(toHex(r.hash))) continue;
    const waiting = r.code === 'unknown-reference' || r.code === 'gap';
    out.set(toHex(r.hash), { standing: waiting ? 'waiting' : 'refused', note: r.reason });
  }
  return out;
}

/** An act's standing: counts (in `counting`), or as `standings` says, else waiting behind a gap or fork. */
export function standingOf(
  act: Act,
  hash: Uint8Array,
  counting: ReadonlySet<string>,
  known: ReadonlyMap<string, { standing: ActStanding; note: string | null }>,
  state: TreatyState,
  names: NameBook,
): { standing: ActStanding; note: string | null } {
  const key = toHex(hash);
  if (counting.has(key)) return { standing: 'counts', note: null };
  const found = known.get(key);
  if (found) return found;
  const gap = state.gaps.find((g) => g.party === act.party && g.missingSeq < act.seq);
  if (gap) return { standing: 'waiting', note: `act ${gap.missingSeq} of ${names.ref(act.party).name} is not held here: this act counts once it is` };
  const fork = state.forks.find((f) => f.first.party === act.party && f.first.seq < act.seq);
  if (fork) return { standing: 'waiting', note: `${names.ref(act.party).name} signed two acts as its act ${fork.first.seq}: the acts after it do not count` };
  return { standing: 'waiting', note: 'it does not count yet' };
}

export function actForkEvidenceView(evidence: ActEquivocation, names: NameBook): EvidenceView {
  return {
    kind: 'acts',
    culprit: names.ref(evidence.first.party),
    height: null,
    round: null,
    seq: evidence.first.seq,
    description: describeActEquivocation(evidence),
    bytes: toBase64(encodeActEquivocation(evidence)),
  };
}

/** The rule's condition in a few words: "55 parties holding 55% of the weight". */
function conditionInWords(rule: EntryIntoForceRule, totalParties: number): string {
  switch (rule.kind) {
    case 'all-negotiating-parties':
      return totalParties === 1 ? 'the one negotiating party' : `all ${totalParties} negotiating parties`;
    case 'consents':
      return plural(rule.count, 'party', 'parties');
    case 'consents-and-weight': {
      const { num, den } = rule.weightShare;
      return `${plural(rule.count, 'party', 'parties')} holding ${den === 100 ? `${num}%` : `${num}/${den}`} of the weight`;
    }
  }
}

const delayInWords = (days: number): string => (days === 0 ? 'in force that day' : `${plural(days, 'day', 'days')} after`);

/** The sentence of when and by which act the condition was met; undefined before it is. */
export function entryIntoForceSentence(v: VersionTreatyState, rule: EntryIntoForceRule, names: NameBook, asOf: Day): string | undefined {
  if (v.conditionMetOn === undefined || v.conditionMetBy === undefined || v.inForceSince === undefined) return undefined;
  const by = v.parties.find((p) => p.party === v.conditionMetBy!.party);
  const consent = by?.consent;
  const act = consent === undefined ? 'consent' : INSTRUMENT_NOUN[consent.instrument];
  const when = v.inForceSince <= asOf ? `In force since ${formatDay(v.inForceSince)}` : `Enters into force on ${formatDay(v.inForceSince)}`;
  const who = names.ref(v.conditionMetBy.party).name;
  return `${when}: the condition (${conditionInWords(rule, v.totalParties)}) was met by ${who}'s ${act} of ${formatDay(v.conditionMetOn)}; ${delayInWords(rule.delayDays)}`;
}

function partySummary(p: PartyTreatyState): string {
  if (p.denunciation) return `Denounced on ${formatDay(p.denunciation.date)} (effective ${formatDay(p.denunciation.effectiveOn)})`;
  if (p.consent) return `${INSTRUMENT_VERB[p.consent.instrument].replace(/^./, (c) => c.toUpperCase())} on ${formatDay(p.consent.date)}`;
  if (p.signature?.confirmation) return `Signed (ad referendum, confirmed on ${formatDay(p.signature.confirmation.date)})`;
  if (p.signature) return p.signature.kind === 'definitive' ? `Signed on ${formatDay(p.signature.date)}` : `Signed ad referendum on ${formatDay(p.signature.date)}`;
  if (p.initialled) return `Initialled on ${formatDay(p.initialled.date)}`;
  return 'No act yet';
}

function partyView(p: PartyTreatyState, names: NameBook): TreatyPartyView {
  const day = formatDay;
  return {
    party: names.ref(p.party),
    summary: partySummary(p),
    initialledOn: p.initialled ? day(p.initialled.date) : null,
    signature: p.signature
      ? { kind: p.signature.kind, date: day(p.signature.date), act: toHex(p.signature.act), confirmedOn: p.signature.confirmation ? day(p.signature.confirmation.date) : null }
      : null,
    signed: p.signed,
    consent: p.consent ? { instrument: p.consent.instrument, date: day(p.consent.date), act: toHex(p.consent.act) } : null,
    reservations: p.reservations.map((r) => ({ act: toHex(r.act), date: day(r.date), text: r.text, attachedTo: toHex(r.attachedTo) })),
    declarations: p.declarations.map((r) => ({ act: toHex(r.act), date: day(r.date), text: r.text, attachedTo: toHex(r.attachedTo) })),
    objections: p.objections.map((o) => ({
      act: toHex(o.act),
      date: day(o.date),
      text: o.text,
      reservation: toHex(o.reservation),
      reservingParty: names.ref(o.reservingParty),
      precludesEntryIntoForce: o.precludesEntryIntoForceBetween,
    })),
    denunciation: p.denunciation ? { act: toHex(p.denunciation.act), date: day(p.denunciation.date), effectiveOn: day(p.denunciation.effectiveOn) } : null,
    bound: p.bound ? { since: day(p.bound.since), until: p.bound.until === undefined ? null : day(p.bound.until) } : null,
  };
}

/** What the rule still needs (core entryIntoForceNeed), with the rule's own numbers so a reader can say "needs 55%, has 40%". */
function needView(need: EntryIntoForceNeed, rule: EntryIntoForceRule, totalParties: number): EntryIntoForceNeedView {
  return {
    moreConsents: need.moreConsents,
    moreWeight: need.moreWeight,
    consentsRequired: rule.kind === 'all-negotiating-parties' ? totalParties : rule.count,
    weightShare: rule.kind === 'consents-and-weight' ? { num: rule.weightShare.num, den: rule.weightShare.den } : null,
    description: need.description,
  };
}

export function versionStateView(v: VersionTreatyState, rule: EntryIntoForceRule, names: NameBook, asOf: Day): TreatyVersionView {
  const sentences: string[] = [];
  const met = entryIntoForceSentence(v, rule, names, asOf);
  let statusText = STATUS_TEXT[v.status];
  if (v.status === 'in-force' && v.inForceSince !== undefined) statusText = `In force since ${formatDay(v.inForceSince)}`;
  if (v.status === 'awaiting-entry-into-force' && v.inForceSince !== undefined) statusText = `Enters into force on ${formatDay(v.inForceSince)}`;
  if (v.status === 'terminated' && v.terminatedOn !== undefined) statusText = `Terminated on ${formatDay(v.terminatedOn)}`;
  if (met) sentences.push(met);
  const signed = v.parties.filter((p) => p.signed).length;
  sentences.push(`${signed} of ${plural(v.totalParties, 'party', 'parties')} signed; ${v.consents} consented to be bound, holding ${v.consentWeight} of ${v.totalWeight} of the weight.`);
  if (!met) sentences.push(`${describeEntryIntoForceRule(rule).replace(/^./, (c) => c.toUpperCase())}.`);
  for (const pair of v.notInForceBetween) {
    sentences.push(`Not in force between ${names.ref(pair.objector).name} and ${names.ref(pair.reservingParty).name}: an objection to a reservation precludes it.`);
  }
  if (v.status === 'terminated' && v.terminatedOn !== undefined) sentences.push(`Every party that was bound has denounced it; terminated on ${formatDay(v.terminatedOn)}.`);
  return {
    block: toHex(v.block),
    height: v.height,
    label: v.label,
    status: v.status,
    statusText,
    sentences,
    consents: v.consents,
    consentWeight: v.consentWeight,
    totalParties: v.totalParties,
    totalWeight: v.totalWeight,
    conditionMetOn: v.conditionMetOn === undefined ? null : formatDay(v.conditionMetOn),
    conditionMetBy: v.conditionMetBy ? { party: names.ref(v.conditionMetBy.party), act: toHex(v.conditionMetBy.act) } : null,
    inForceSince: v.inForceSince === undefined ? null : formatDay(v.inForceSince),
    terminatedOn: v.terminatedOn === undefined ? null : formatDay(v.terminatedOn),
    need: v.need === undefined ? null : needView(v.need, rule, v.totalParties),
    parties: v.parties.map((p) => partyView(p, names)),
    notInForceBetween: v.notInForceBetween.map((n) => ({ objector: names.ref(n.objector), reservingParty: names.ref(n.reservingParty), objection: toHex(n.objection) })),
  };
}

export function treatyStateView(negotiation: string, state: TreatyState, view: TreatyView, names: NameBook, asOf: Day, versions: readonly VersionTreatyState[] = state.versions): TreatyStateView {
  return {
    negotiation,
    asOf: formatDay(asOf),
    rule: describeEntryIntoForceRule(view.rule),
    versions: versions.map((v) => versionStateView(v, view.rule, names, asOf)),
    gaps: state.gaps.map((g) => ({
      party: names.ref(g.party),
      missingSeq: g.missingSeq,
      heldBeyond: g.heldBeyond,
      description: `act ${g.missingSeq} of ${names.ref(g.party).name} is not held here, and ${plural(g.heldBeyond, 'later act waits', 'later acts wait')} for it: withheld, or still on its way`,
    })),
    forks: state.forks.map((e) => actForkEvidenceView(e, names)),
    refused: state.refused.map((r) => ({ party: names.ref(r.act.party), seq: r.act.seq, act: toHex(r.hash), reason: r.reason })),
  };
}

export function entryIntoForceNotice(v: VersionTreatyState, rule: EntryIntoForceRule, names: NameBook, asOf: Day): EntryIntoForceNotice | undefined {
  const sentence = entryIntoForceSentence(v, rule, names, asOf);
  if (sentence === undefined || v.conditionMetOn === undefined || v.conditionMetBy === undefined || v.inForceSince === undefined) return undefined;
  return {
    block: toHex(v.block),
    height: v.height,
    label: v.label,
    conditionMetOn: formatDay(v.conditionMetOn),
    conditionMetBy: { party: names.ref(v.conditionMetBy.party), act: toHex(v.conditionMetBy.act) },
    inForceSince: formatDay(v.inForceSince),
    sentence,
  };
}

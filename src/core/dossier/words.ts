/**
 * The treaty's state in plain words: dates as a treaty writes them, each party's acts in a line,
 * where a version stands. `plenary verify` prints these sentences and the printable treaty's
 * signature page carries the same ones, so screen and paper agree.
 */
import { toHex } from '../bytes.js';
import type { PartyId } from '../identity.js';
import { actHashOf, type ConsentInstrument } from '../acts/act.js';
import { civilOf, type Day } from '../acts/day.js';
import type { PartyTreatyState, VersionTreatyState } from '../acts/treaty-state.js';
import type { DossierReport, DossierVersion } from './report.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "1 October 2025": how a treaty dates things. */
export function longDate(day: Day): string {
  const c = civilOf(day);
  return `${c.day} ${MONTHS[c.month - 1]} ${c.year}`;
}

const INSTRUMENT_WORDS: Record<ConsentInstrument, string> = { ratification: 'ratification', acceptance: 'acceptance', approval: 'approval', accession: 'accession' };

/** "Kiribati, Tuvalu and Fiji". */
export function listOf(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export class PartyNames {
  private readonly names: Map<string, string>;
  constructor(report: DossierReport) {
    this.names = new Map(report.parties.map((p) => [p.id, p.name]));
  }
  of(party: PartyId): string {
    return this.names.get(party) ?? party;
  }
}

/** "act Fiji #2", for an act the report holds. */
function actName(report: DossierReport, names: PartyNames, hash: Uint8Array): string {
  const act = report.acts.find((a) => toHex(actHashOf(a)) === toHex(hash));
  return act ? `act ${names.of(act.party)} #${act.seq}` : `act ${toHex(hash).slice(0, 16)}`;
}

/** One party's acts on a version, in one line: "signed 1 April 2025; ratification 20 August 2025; bound since 31 October 2025". */
export function partyLine(p: PartyTreatyState): string {
  const parts: string[] = [];
  if (p.initialled) parts.push(`initialled ${longDate(p.initialled.date)}`);
  if (p.signature?.kind === 'definitive') parts.push(`signed ${longDate(p.signature.date)}`);
  if (p.signature?.kind === 'ad-referendum') {
    const confirmed = p.signature.confirmation ? `, confirmed ${longDate(p.signature.confirmation.date)}` : ', not yet confirmed';
    parts.push(`signed ad referendum ${longDate(p.signature.date)}${confirmed}`);
  }
  if (p.consent) parts.push(`${INSTRUMENT_WORDS[p.consent.instrument]} ${longDate(p.consent.date)}`);
  if (p.denunciation) parts.push(`denounced ${longDate(p.denunciation.date)}, effective ${longDate(p.denunciation.effectiveOn)}`);
  if (p.bound) parts.push(p.bound.until === undefined ? `bound since ${longDate(p.bound.since)}` : `bound from ${longDate(p.bound.since)} until ${longDate(p.bound.until)}`);
  return parts.length > 0 ? parts.join('; ') : 'no act';
}

/** Reservations, declarations and objections of one party, one line each. */
export function statementLines(p: PartyTreatyState, names: PartyNames): string[] {
  return [
    ...p.reservations.map((r) => `Reservation (${longDate(r.date)}): "${r.text}"`),
    ...p.declarations.map((d) => `Declaration (${longDate(d.date)}): "${d.text}"`),
    ...p.objections.map(
      (o) =>
        `Objection (${longDate(o.date)}) to the reservation of ${names.of(o.reservingParty)}: "${o.text}"` +
        (o.precludesEntryIntoForceBetween ? ' (precludes entry into force between them)' : ''),
    ),
  ];
}

/** Where the version stands, in one sentence. */
export function statusLine(report: DossierReport, version: VersionTreatyState, names: PartyNames): string {
  const met = version.conditionMetBy
    ? `the condition met on ${longDate(version.conditionMetOn!)} by ${names.of(version.conditionMetBy.party)}'s ${consentWord(version, version.conditionMetBy.party)} (${actName(report, names, version.conditionMetBy.act)})`
    : '';
  const tally = `${version.consents} of ${version.totalParties} parties have consented to be bound (weight ${version.consentWeight} of ${version.totalWeight})`;
  switch (version.status) {
    case 'open-for-signature':
      return `Not in force: ${tally}.`;
    case 'awaiting-entry-into-force':
      return version.inForceSince === undefined ? `Not yet in force: ${tally}.` : `Enters into force on ${longDate(version.inForceSince)}, ${met}.`;
    case 'in-force':
      return `In force since ${longDate(version.inForceSince!)}, ${met}.`;
    case 'terminated':
      return `Terminated on ${longDate(version.terminatedOn!)} (it was in force from ${longDate(version.inForceSince!)}, ${met}).`;
  }
}

function consentWord(version: VersionTreatyState, party: PartyId): string {
  const instrument = version.parties.find((p) => p.party === party)?.consent?.instrument;
  return instrument ? INSTRUMENT_WORDS[instrument] : 'consent';
}

export function languagesOf(version: DossierVersion): string {
  return listOf(['the adopted text', ...version.authenticTexts.map((t) => `the ${t.language} text`)]);
}

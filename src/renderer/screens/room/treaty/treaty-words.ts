/**
 * The treaty after adoption in words a delegation reads: days as the law writes them ("14 March
 * 2027"), the status of an adopted version, and each party's acts (pure: the Treaty tab and its
 * tests read them). The node gives days as "YYYY-MM-DD" (UTC); they are calendar days, so no time
 * zone applies to them here.
 */
import type { ActGapView, ConsentInstrumentName, EvidenceView, TreatyPartyView, TreatyStateView, TreatyVersionView } from '../../../../node/api.js';
import { plural } from '../../common/format.js';
import { equivocationConsequence, equivocationInWords } from '../ledger/evidence-words.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY = /\b(\d{4})-(\d{2})-(\d{2})\b/g;

/** "2027-03-14" -> "14 March 2027"; anything else is returned as it came. */
export function dayInWords(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const month = m === null ? undefined : MONTHS[Number(m[2]) - 1];
  if (m === null || month === undefined || Number(m[3]) < 1 || Number(m[3]) > 31) return day;
  return `${Number(m[3])} ${month} ${m[1]}`;
}

/** Every "YYYY-MM-DD" in a sentence of the node's, in words. */
export function datesInWords(text: string): string {
  return text.replace(DAY, (whole) => dayInWords(whole));
}

/** A Date's calendar day where the reader is: what "today" means to someone signing. */
export function localDay(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/**
 * `part` of `total` as a percentage, rounded down to a tenth: a share never reads as reaching a
 * threshold it falls short of ("54.9%", not "55%").
 */
export function percentOf(part: number, total: number): string {
  if (total <= 0) return '0%';
  const tenths = Math.floor((part * 1000) / total);
  return tenths % 10 === 0 ? `${tenths / 10}%` : `${(tenths / 10).toFixed(1)}%`;
}

export const INSTRUMENT_NAMES: Record<ConsentInstrumentName, string> = {
  ratification: 'Ratification',
  acceptance: 'Acceptance',
  approval: 'Approval',
  accession: 'Accession',
};

/** The status in a few words, for the top of the tab and the version picker. */
export function statusHeadline(v: TreatyVersionView): string {
  switch (v.status) {
    case 'open-for-signature':
      return 'Open for signature';
    case 'awaiting-entry-into-force':
      if (v.inForceSince !== null) return `Enters into force on ${dayInWords(v.inForceSince)}`;
      return `Awaiting entry into force: ${v.consents} of ${plural(v.totalParties, 'consent', 'consents')}, holding ${percentOf(v.consentWeight, v.totalWeight)} of the weight`;
    case 'in-force':
      return v.inForceSince === null ? 'In force' : `In force since ${dayInWords(v.inForceSince)}`;
    case 'terminated':
      return v.terminatedOn === null ? 'Terminated' : `Terminated on ${dayInWords(v.terminatedOn)}`;
    default:
      return v.statusText;
  }
}

/** "55%" for hundredths, else "2/3". */
const shareInWords = (f: { readonly num: number; readonly den: number }): string => (f.den === 100 ? `${f.num}%` : `${f.num}/${f.den}`);

/**
 * What the entry-into-force rule still needs, against what the version has: "Still needed for
 * entry into force: 15 more consents (needs 55, has 40) and more weight (needs 55% of the weight,
 * has 40%)." Null once the condition is met (or when the node does not say).
 */
export function needInWords(v: Pick<TreatyVersionView, 'need' | 'consents' | 'consentWeight' | 'totalWeight'>): string | null {
  const need = v.need;
  if (need === null || need === undefined) return null;
  const parts: string[] = [];
  if (need.moreConsents > 0) parts.push(`${plural(need.moreConsents, 'more consent', 'more consents')} (needs ${need.consentsRequired}, has ${v.consents})`);
  if (need.weightShare !== null && need.moreWeight > 0) {
    parts.push(`more weight (needs ${shareInWords(need.weightShare)} of the weight, has ${percentOf(v.consentWeight, v.totalWeight)})`);
  }
  return parts.length === 0 ? null : `Still needed for entry into force: ${parts.join(' and ')}.`;
}

/**
 * The node's sentences with days in words; the first, when it repeats the headline ("In force
 * since …: the condition … was met by …"), keeps only what it adds; the rule in words, shown on its
 * own (`rule`), is left out.
 */
export function statusSentences(v: TreatyVersionView, rule = ''): string[] {
  const same = (a: string, b: string) => a.trim().replace(/\.$/, '').toLowerCase() === b.trim().replace(/\.$/, '').toLowerCase();
  return v.sentences.filter((s) => rule === '' || !same(s, rule)).map((s, i) => {
    const words = datesInWords(s);
    if (i !== 0 || v.conditionMetOn === null) return words;
    const rest = /^(?:In force since|Enters into force on) [^:]+: (.+)$/.exec(words)?.[1];
    return rest === undefined ? words : `${rest.charAt(0).toUpperCase()}${rest.slice(1)}.`;
  });
}

/** The charter's rule, as a sentence. */
export function ruleInWords(state: Pick<TreatyStateView, 'rule'>): string {
  const rule = state.rule.trim();
  return rule === '' ? '' : `The charter's rule for entry into force: ${rule}${rule.endsWith('.') ? '' : '.'}`;
}

/** "“First reading” (height 3)". */
export function versionName(v: Pick<TreatyVersionView, 'label' | 'height'>): string {
  return `“${v.label || 'untitled'}” (height ${v.height})`;
}

/** One cell of the parties' table each: what the party did, in words; '—' for nothing. */
export interface PartyCells {
  readonly initialled: string;
  readonly signature: string;
  readonly consent: string;
  readonly denounced: string;
  readonly bound: string;
}

export function partyCells(p: TreatyPartyView): PartyCells {
  const s = p.signature;
  let signature = '—';
  if (s !== null && s.kind === 'definitive') signature = `Definitive, ${dayInWords(s.date)}`;
  else if (s !== null) signature = s.confirmedOn === null ? `Ad referendum, ${dayInWords(s.date)} (not yet confirmed)` : `Ad referendum, ${dayInWords(s.date)}; confirmed ${dayInWords(s.confirmedOn)}`;
  const d = p.denunciation;
  let bound = '—';
  if (p.bound !== null) bound = p.bound.until === null ? `Since ${dayInWords(p.bound.since)}` : `${dayInWords(p.bound.since)} until ${dayInWords(p.bound.until)}`;
  return {
    initialled: p.initialledOn === null ? '—' : dayInWords(p.initialledOn),
    signature,
    consent: p.consent === null ? '—' : `${INSTRUMENT_NAMES[p.consent.instrument]}, ${dayInWords(p.consent.date)}`,
    denounced: d === null ? '—' : `${dayInWords(d.date)} (takes effect ${dayInWords(d.effectiveOn)})`,
    bound,
  };
}

/** "1 reservation, 2 declarations", or '' for none. */
export function statementsCount(p: Pick<TreatyPartyView, 'reservations' | 'declarations'>): string {
  const parts: string[] = [];
  if (p.reservations.length > 0) parts.push(plural(p.reservations.length, 'reservation', 'reservations'));
  if (p.declarations.length > 0) parts.push(plural(p.declarations.length, 'declaration', 'declarations'));
  return parts.join(', ');
}

/** An objection as its table cell reads it: whose reservation, when, and what it does. */
export function objectionInWords(o: TreatyPartyView['objections'][number]): string {
  return `To ${o.reservingParty.name}'s reservation, ${dayInWords(o.date)}${o.precludesEntryIntoForce ? ': precludes entry into force between them' : ''}`;
}

/** A party's act numbers count from 0, as the node and the verifier name them. */
export function gapInWords(g: ActGapView): string {
  const beyond = g.heldBeyond === 1 ? 'a later act is held without it' : `${g.heldBeyond} later acts are held without it`;
  return `An act of ${g.party.name} is missing: act ${g.missingSeq} has not reached your node, and ${beyond}. Withheld, or still on its way: until it arrives, those acts do not count.`;
}

export function forkInWords(e: EvidenceView): string {
  return `${e.culprit.name} ${equivocationInWords(e)}: both are kept as evidence, and ${equivocationConsequence(e)}.`;
}

export function refusedInWords(r: TreatyStateView['refused'][number]): string {
  return `Act ${r.seq} of ${r.party.name} does not count: ${datesInWords(r.reason)}.`;
}

/** Every warning about the acts held: gaps, forks, acts refused. */
export function actWarnings(state: Pick<TreatyStateView, 'gaps' | 'forks' | 'refused'>): string[] {
  return [...state.gaps.map(gapInWords), ...state.forks.filter((f) => f.kind === 'acts').map(forkInWords), ...state.refused.map(refusedInWords)];
}

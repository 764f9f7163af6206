/**
 * The acts this delegation may perform now on an adopted version, each with the reason when the
 * rules forbid it (the node's core rules, VCLT arts. 10-23 and 54-56, read from the derived state:
 * the node still decides, and its refusal is shown too). Pure, so the tab and its tests agree.
 */
import type { ActView, ArgsOf, ConsentInstrumentName, TreatyPartyView, TreatyVersionView } from '../../../../node/api.js';
import { dayInWords, INSTRUMENT_NAMES } from './treaty-words.js';

export type ActChoiceId =
  | 'initial'
  | 'sign-ad-referendum'
  | 'confirm'
  | 'sign-definitively'
  | 'deposit'
  | 'reserve'
  | 'declare'
  | 'object'
  | 'withdraw'
  | 'denounce';

export interface ActChoice {
  readonly id: ActChoiceId;
  /** The button's words. */
  readonly label: string;
  /** Why not, in words; null when the rules allow it now. */
  readonly reason: string | null;
}

export const CHOICE_LABELS: Record<ActChoiceId, string> = {
  initial: 'Initial',
  'sign-ad-referendum': 'Sign ad referendum',
  confirm: 'Confirm signature',
  'sign-definitively': 'Sign definitively',
  deposit: 'Deposit instrument',
  reserve: 'Make a reservation',
  declare: 'Make a declaration',
  object: 'Object to a reservation',
  withdraw: 'Withdraw a reservation or objection',
  denounce: 'Denounce',
};

const ORDER: readonly ActChoiceId[] = ['initial', 'sign-ad-referendum', 'confirm', 'sign-definitively', 'deposit', 'reserve', 'declare', 'object', 'withdraw', 'denounce'];

/** Another party's reservation this delegation may object to. */
export interface Objectable {
  readonly act: string;
  readonly party: { readonly id: string; readonly name: string };
  readonly date: string;
  readonly text: string;
}

/** One of this delegation's reservations or objections still in force. */
export interface Withdrawable {
  readonly act: string;
  readonly kind: 'reservation' | 'objection';
  readonly date: string;
  readonly text: string;
}

/** The instruments of consent open to the party: ratification & co. after signing, accession without. */
export function instrumentsOpen(p: TreatyPartyView): ConsentInstrumentName[] {
  if (p.consent !== null) return [];
  if (p.signature === null) return ['accession'];
  return p.signed ? ['ratification', 'acceptance', 'approval'] : [];
}

/** Other parties' reservations on the version that `self` does not object to yet. */
export function objectable(v: TreatyVersionView, self: string): Objectable[] {
  const mine = v.parties.find((p) => p.party.id === self);
  const already = new Set(mine?.objections.map((o) => o.reservation) ?? []);
  return v.parties
    .filter((p) => p.party.id !== self)
    .flatMap((p) => p.reservations.filter((r) => !already.has(r.act)).map((r) => ({ act: r.act, party: p.party, date: r.date, text: r.text })));
}

export function withdrawable(p: TreatyPartyView): Withdrawable[] {
  return [
    ...p.reservations.map((r) => ({ act: r.act, kind: 'reservation' as const, date: r.date, text: r.text })),
    ...p.objections.map((o) => ({ act: o.act, kind: 'objection' as const, date: o.date, text: o.text })),
  ];
}

/** Why `id` is not open to `p` on `v`, or null when it is. */
function reasonAgainst(id: ActChoiceId, p: TreatyPartyView, v: TreatyVersionView): string | null {
  const s = p.signature;
  const consented = p.consent === null ? null : `Your delegation consented to be bound (${INSTRUMENT_NAMES[p.consent.instrument].toLowerCase()}, ${dayInWords(p.consent.date)}).`;
  switch (id) {
    case 'initial':
      if (p.initialledOn !== null) return `Your delegation initialled this text on ${dayInWords(p.initialledOn)}.`;
      if (s !== null || consented !== null) return 'Initialling authenticates a text before signature; your delegation has already signed or consented.';
      return null;
    case 'sign-ad-referendum':
    case 'sign-definitively':
      if (consented !== null) return consented;
      if (s !== null && s.kind === 'ad-referendum' && s.confirmedOn === null && id === 'sign-definitively') {
        return `Your delegation signed ad referendum on ${dayInWords(s.date)}: confirm that signature instead.`;
      }
      if (s !== null) return `Your delegation already signed this version (${s.kind === 'definitive' ? 'definitively' : 'ad referendum'}, ${dayInWords(s.date)}).`;
      return null;
    case 'confirm':
      if (s === null || s.kind !== 'ad-referendum') return s === null ? 'Only a signature ad referendum is confirmed: your delegation has not signed.' : 'Your delegation signed definitively: there is nothing to confirm.';
      if (s.confirmedOn !== null) return `Your delegation confirmed its signature on ${dayInWords(s.confirmedOn)}.`;
      return null;
    case 'deposit':
      if (consented !== null) return consented;
      if (s !== null && !p.signed) return 'Confirm your signature ad referendum before ratifying, accepting or approving.';
      return null;
    case 'reserve':
    case 'declare':
      return s === null && p.consent === null ? `A ${id === 'reserve' ? 'reservation' : 'declaration'} is made on signing or consenting: your delegation has done neither.` : null;
    case 'object':
      return objectable(v, p.party.id).length === 0 ? 'No reservation of another party awaits an objection from your delegation.' : null;
    case 'withdraw':
      return withdrawable(p).length === 0 ? 'Your delegation has no reservation or objection in force.' : null;
    case 'denounce':
      return p.consent === null ? 'Only a party that consented to be bound can denounce.' : null;
  }
}

/**
 * The acts this delegation sees offered on `v`: all of them, with a reason where the rules (or its
 * standing) forbid them now.
 */
export function actChoices(v: TreatyVersionView, self: string, member: boolean): ActChoice[] {
  const p = v.parties.find((x) => x.party.id === self);
  const blanket = !member
    ? 'Your delegation is not a party to this negotiation now.'
    : p === undefined
      ? `Your delegation was not a party when ${v.label ? `“${v.label}”` : 'this version'} was adopted.`
      : p.denunciation !== null
        ? `Your delegation denounced this version on ${dayInWords(p.denunciation.date)}: no act on it follows.`
        : null;
  return ORDER.map((id) => ({ id, label: CHOICE_LABELS[id], reason: blanket ?? (p === undefined ? null : reasonAgainst(id, p, v)) }));
}

/** What the dialog collects before acts.perform. */
export interface ActDraft {
  readonly choice: ActChoiceId;
  readonly instrument: ConsentInstrumentName | null;
  readonly text: string;
  readonly refersTo: string | null;
  readonly precludes: boolean;
  readonly date: string;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Whether "YYYY-MM-DD" is a real day (no 31 April). */
export function isCalendarDay(day: string): boolean {
  if (!DAY_PATTERN.test(day)) return false;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(y, m - 1, d));
  return y >= 1970 && at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
}

/** What is wrong with a draft before it is sent (the field to fix, in words), or null. */
export function draftProblem(d: ActDraft, earliest: string | null): string | null {
  if (!isCalendarDay(d.date)) return 'Give the date of the act as a day of the calendar.';
  if (earliest !== null && d.date < earliest) return `Your delegation's last act is dated ${dayInWords(earliest)}: a new act cannot be dated earlier.`;
  if (d.choice === 'deposit' && d.instrument === null) return 'Choose the instrument to deposit.';
  if ((d.choice === 'reserve' || d.choice === 'declare' || d.choice === 'object') && d.text.trim() === '') {
    return d.choice === 'object' ? 'Write the text of the objection.' : `Write the text of the ${d.choice === 'reserve' ? 'reservation' : 'declaration'}.`;
  }
  if ((d.choice === 'object' || d.choice === 'withdraw') && d.refersTo === null) return d.choice === 'object' ? 'Choose the reservation objected to.' : 'Choose what to withdraw.';
  return null;
}

const KIND: Record<Exclude<ActChoiceId, 'deposit'>, ArgsOf<'acts.perform'>['kind']> = {
  initial: 'initialling',
  'sign-ad-referendum': 'signature-ad-referendum',
  confirm: 'confirmation',
  'sign-definitively': 'definitive-signature',
  reserve: 'reservation',
  declare: 'declaration',
  object: 'objection',
  withdraw: 'withdrawal',
  denounce: 'denunciation',
};

/** The acts.perform arguments for a draft; only what the act takes (the node refuses the rest). */
export function performArgs(negotiation: string, block: string, d: ActDraft): ArgsOf<'acts.perform'> {
  const base = { negotiation, block, date: d.date };
  switch (d.choice) {
    case 'deposit':
      return { ...base, kind: 'consent', instrument: d.instrument ?? 'ratification' };
    case 'reserve':
    case 'declare':
      return { ...base, kind: KIND[d.choice], text: d.text.trim() };
    case 'object':
      return { ...base, kind: 'objection', text: d.text.trim(), refersTo: d.refersTo ?? '', precludesEntryIntoForce: d.precludes };
    case 'withdraw':
      return { ...base, kind: 'withdrawal', refersTo: d.refersTo ?? '' };
    default:
      return { ...base, kind: KIND[d.choice] };
  }
}

/** The act being signed, in words, for the confirmation dialog: "Ratification", "A reservation". */
export function actInWords(d: ActDraft): string {
  switch (d.choice) {
    case 'initial':
      return 'Initialling of the text';
    case 'sign-ad-referendum':
      return 'Signature ad referendum (to be confirmed)';
    case 'confirm':
      return 'Confirmation of your signature ad referendum';
    case 'sign-definitively':
      return 'Definitive signature';
    case 'deposit':
      return d.instrument === null ? 'Instrument of consent to be bound' : `Instrument of ${INSTRUMENT_NAMES[d.instrument].toLowerCase()}`;
    case 'reserve':
      return 'Reservation';
    case 'declare':
      return 'Declaration';
    case 'object':
      return d.precludes ? 'Objection to a reservation, precluding entry into force between the two parties' : 'Objection to a reservation';
    case 'withdraw':
      return 'Withdrawal';
    case 'denounce':
      return 'Denunciation of the treaty';
  }
}

/** The date of this delegation's last act that counts: the next may not be dated before it. */
export function lastActDate(acts: readonly Pick<ActView, 'standing' | 'date'>[]): string | null {
  let last: string | null = null;
  for (const a of acts) if (a.standing === 'counts' && (last === null || a.date > last)) last = a.date;
  return last;
}

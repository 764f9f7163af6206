/**
 * The Treaty tab's pure helpers: days and the status in words, each party's cells, the acts this
 * delegation is offered (and why not), what a draft sends, the dossier's file, and the tab's
 * place among the room's tabs and shortcuts.
 */
import { describe, expect, it } from 'vitest';
import type { TreatyPartyView, TreatyVersionView } from '../../src/node/api.js';
import { SHORTCUTS, altDigit } from '../../src/renderer/app/shortcuts.js';
import { ROOM_TABS, TAB_NAMES, tabAfterKey } from '../../src/renderer/screens/room/tabs.js';
import {
  actChoices,
  draftProblem,
  instrumentsOpen,
  isCalendarDay,
  lastActDate,
  objectable,
  performArgs,
  withdrawable,
  type ActChoiceId,
  type ActDraft,
} from '../../src/renderer/screens/room/treaty/act-choices.js';
import { bytesFromBase64, dossierFileName, sizeInWords } from '../../src/renderer/screens/room/treaty/dossier-file.js';
import {
  actWarnings,
  dayInWords,
  needInWords,
  datesInWords,
  partyCells,
  percentOf,
  statusHeadline,
  statusSentences,
} from '../../src/renderer/screens/room/treaty/treaty-words.js';
import { createRng } from '../support/rng.js';

const TUVALU = { id: 'e985795d00000000000000000000000a', name: 'Tuvalu' };
const KIRIBATI = { id: '4542ba637a966ad5612bff207fe7c6e0', name: 'Kiribati' };
const NAURU = { id: 'ab0000000000000000000000000000cd', name: 'Nauru' };
const BLOCK = 'b1'.repeat(32);
const h = (n: number) => n.toString(16).padStart(64, '0');

const party = (ref: { id: string; name: string }, change: Partial<TreatyPartyView> = {}): TreatyPartyView => ({
  party: ref,
  summary: 'No act yet',
  initialledOn: null,
  signature: null,
  signed: false,
  consent: null,
  reservations: [],
  declarations: [],
  objections: [],
  denunciation: null,
  bound: null,
  ...change,
});

const version = (parties: TreatyPartyView[], change: Partial<TreatyVersionView> = {}): TreatyVersionView => ({
  block: BLOCK,
  height: 3,
  label: 'First reading',
  status: 'open-for-signature',
  statusText: 'Open for signature',
  sentences: [],
  consents: 0,
  consentWeight: 0,
  totalParties: parties.length,
  totalWeight: 100,
  conditionMetOn: null,
  conditionMetBy: null,
  inForceSince: null,
  terminatedOn: null,
  need: null,
  parties,
  notInForceBetween: [],
  ...change,
});

/** The choices open (reason null) for `self` in `v`. */
const open = (v: TreatyVersionView, self = TUVALU.id, member = true): ActChoiceId[] => actChoices(v, self, member).filter((c) => c.reason === null).map((c) => c.id);
const reasonFor = (v: TreatyVersionView, id: ActChoiceId, self = TUVALU.id): string | null => actChoices(v, self, true).find((c) => c.id === id)!.reason;

describe('days and the status in words', () => {
  it('writes days as the law does, and leaves anything else alone', () => {
    expect(dayInWords('2027-03-14')).toBe('14 March 2027');
    expect(dayInWords('2028-02-29')).toBe('29 February 2028');
    expect(dayInWords('2027-13-01')).toBe('2027-13-01');
    expect(dayInWords('14/03/2027')).toBe('14/03/2027');
    expect(datesInWords("met by Tuvalu's ratification of 2027-02-12; in force 2027-03-14")).toBe("met by Tuvalu's ratification of 12 February 2027; in force 14 March 2027");
  });

  it('rounds a share down, so it never reads as meeting a threshold it misses', () => {
    expect(percentOf(40, 100)).toBe('40%');
    expect(percentOf(549, 1000)).toBe('54.9%');
    expect(percentOf(5499, 10000)).toBe('54.9%');
    expect(percentOf(2, 3)).toBe('66.6%');
    expect(percentOf(1, 0)).toBe('0%');
  });

  it('says where a version stands', () => {
    const parties = [party(TUVALU), party(KIRIBATI), party(NAURU)];
    expect(statusHeadline(version(parties))).toBe('Open for signature');
    expect(statusHeadline(version(parties, { status: 'awaiting-entry-into-force', consents: 2, consentWeight: 40 }))).toBe(
      'Awaiting entry into force: 2 of 3 consents, holding 40% of the weight',
    );
    expect(statusHeadline(version(parties, { status: 'awaiting-entry-into-force', consents: 3, inForceSince: '2027-03-14' }))).toBe('Enters into force on 14 March 2027');
    expect(statusHeadline(version(parties, { status: 'in-force', inForceSince: '2027-03-14' }))).toBe('In force since 14 March 2027');
    expect(statusHeadline(version(parties, { status: 'terminated', terminatedOn: '2031-01-01' }))).toBe('Terminated on 1 January 2031');
  });

  it('keeps what the first sentence adds to the headline, with days in words', () => {
    const v = version([party(TUVALU)], {
      status: 'in-force',
      inForceSince: '2027-03-14',
      conditionMetOn: '2027-02-12',
      sentences: ["In force since 2027-03-14: the condition (3 parties) was met by Tuvalu's ratification of 2027-02-12; 30 days after", '3 of 3 parties signed.'],
    });
    expect(statusSentences(v)).toEqual(["The condition (3 parties) was met by Tuvalu's ratification of 12 February 2027; 30 days after.", '3 of 3 parties signed.']);
    // Before the condition is met, the sentences stay as they are (days in words).
    expect(statusSentences(version([party(TUVALU)], { sentences: ['Signed on 2027-01-05.'] }))).toEqual(['Signed on 5 January 2027.']);
    // The rule, which the tab states once on its own, is not repeated.
    const rule = 'in force on the day every negotiating party has consented to be bound';
    const open = version([party(TUVALU)], { sentences: ['0 of 1 party signed.', 'In force on the day every negotiating party has consented to be bound.'] });
    expect(statusSentences(open, rule)).toEqual(['0 of 1 party signed.']);
    expect(statusSentences(open)).toHaveLength(2);
  });

  it('says what the rule still needs against what the version has: "needs 55% of the weight, has 40%"', () => {
    const need = (change: Partial<NonNullable<TreatyVersionView['need']>>) => ({
      moreConsents: 0,
      moreWeight: 0,
      consentsRequired: 3,
      weightShare: null,
      description: '',
      ...change,
    });
    const parties = [party(TUVALU), party(KIRIBATI), party(NAURU)];
    const paris = { consentsRequired: 3, weightShare: { num: 55, den: 100 } };
    expect(needInWords(version(parties, { consents: 2, consentWeight: 40, need: need({ ...paris, moreConsents: 1, moreWeight: 15 }) }))).toBe(
      'Still needed for entry into force: 1 more consent (needs 3, has 2) and more weight (needs 55% of the weight, has 40%).',
    );
    // Enough parties, short of the weight (54.96% reads 54.9%, never 55%).
    expect(needInWords(version(parties, { consents: 3, consentWeight: 5496, totalWeight: 10_000, need: need({ ...paris, moreWeight: 4 }) }))).toBe(
      'Still needed for entry into force: more weight (needs 55% of the weight, has 54.9%).',
    );
    expect(needInWords(version(parties, { consents: 1, consentWeight: 80, need: need({ consentsRequired: 2, weightShare: { num: 2, den: 3 }, moreConsents: 1 }) }))).toBe(
      'Still needed for entry into force: 1 more consent (needs 2, has 1).',
    );
    expect(needInWords(version(parties, { need: need({ moreConsents: 3 }) }))).toBe('Still needed for entry into force: 3 more consents (needs 3, has 0).');
    expect(needInWords(version(parties, { consents: 3, need: null }))).toBeNull();
    expect(needInWords(version(parties, { need: need({}) }))).toBeNull();
  });

  it("fills each party's cells", () => {
    const cells = partyCells(
      party(TUVALU, {
        initialledOn: '2027-01-02',
        signature: { kind: 'ad-referendum', date: '2027-01-05', act: h(1), confirmedOn: '2027-01-20' },
        signed: true,
        consent: { instrument: 'ratification', date: '2027-02-12', act: h(2) },
        denunciation: { act: h(3), date: '2030-01-01', effectiveOn: '2031-01-01' },
        bound: { since: '2027-03-14', until: '2031-01-01' },
      }),
    );
    expect(cells).toEqual({
      initialled: '2 January 2027',
      signature: 'Ad referendum, 5 January 2027; confirmed 20 January 2027',
      consent: 'Ratification, 12 February 2027',
      denounced: '1 January 2030 (takes effect 1 January 2031)',
      bound: '14 March 2027 until 1 January 2031',
    });
    expect(partyCells(party(KIRIBATI)).signature).toBe('—');
    expect(partyCells(party(KIRIBATI, { signature: { kind: 'ad-referendum', date: '2027-01-05', act: h(1), confirmedOn: null } })).signature).toBe(
      'Ad referendum, 5 January 2027 (not yet confirmed)',
    );
  });

  it('words gaps, act forks and refusals as warnings, and leaves other evidence out', () => {
    const warnings = actWarnings({
      gaps: [{ party: KIRIBATI, missingSeq: 2, heldBeyond: 1, description: '' }],
      forks: [
        { kind: 'acts', culprit: NAURU, height: null, round: null, seq: 4, description: '', bytes: 'AA==' },
        { kind: 'votes', culprit: NAURU, height: 3, round: 1, seq: null, description: '', bytes: 'AA==' },
      ],
      refused: [{ party: TUVALU, seq: 1, act: h(9), reason: 'dated 2027-01-01, before the party\'s previous act (2027-02-01)' }],
    });
    expect(warnings).toEqual([
      'An act of Kiribati is missing: act 2 has not reached your node, and a later act is held without it. Withheld, or still on its way: until it arrives, those acts do not count.',
      'Nauru signed two different acts numbered #4: both are kept as evidence, and its acts from that number on do not count.',
      "Act 1 of Tuvalu does not count: dated 1 January 2027, before the party's previous act (1 February 2027).",
    ]);
  });
});

describe("this delegation's acts", () => {
  it('offers a party with no act yet initialling, signature and accession, nothing that needs an earlier act', () => {
    const v = version([party(TUVALU), party(KIRIBATI)]);
    expect(open(v)).toEqual(['initial', 'sign-ad-referendum', 'sign-definitively', 'deposit']);
    expect(instrumentsOpen(v.parties[0]!)).toEqual(['accession']);
    expect(reasonFor(v, 'confirm')).toMatch(/has not signed/);
    expect(reasonFor(v, 'reserve')).toMatch(/on signing or consenting/);
    expect(reasonFor(v, 'denounce')).toBe('Only a party that consented to be bound can denounce.');
  });

  it('after a signature ad referendum: confirm it, reserve or declare; no ratification and no definitive signature until confirmed', () => {
    const signed = party(TUVALU, { signature: { kind: 'ad-referendum', date: '2027-01-05', act: h(1), confirmedOn: null } });
    const v = version([signed, party(KIRIBATI)]);
    expect(open(v)).toEqual(['confirm', 'reserve', 'declare']);
    expect(reasonFor(v, 'sign-definitively')).toBe('Your delegation signed ad referendum on 5 January 2027: confirm that signature instead.');
    expect(reasonFor(v, 'deposit')).toMatch(/^Confirm your signature ad referendum/);
    expect(reasonFor(v, 'initial')).toMatch(/already signed or consented/);
    expect(instrumentsOpen(signed)).toEqual([]);
  });

  it('after a definitive signature: ratification, acceptance or approval; after consent: denunciation', () => {
    const signed = party(TUVALU, { signature: { kind: 'definitive', date: '2027-01-05', act: h(1), confirmedOn: null }, signed: true });
    expect(open(version([signed]))).toEqual(['deposit', 'reserve', 'declare']);
    expect(instrumentsOpen(signed)).toEqual(['ratification', 'acceptance', 'approval']);
    const bound = party(TUVALU, { ...signed, consent: { instrument: 'approval', date: '2027-02-01', act: h(2) } });
    const v = version([bound]);
    expect(open(v)).toEqual(['reserve', 'declare', 'denounce']);
    expect(reasonFor(v, 'deposit')).toBe('Your delegation consented to be bound (approval, 1 February 2027).');
  });

  it("offers objections to other parties' reservations not yet objected to, and withdrawal of its own", () => {
    const reservation = (act: string, text: string) => ({ act, date: '2027-01-06', text, attachedTo: h(1) });
    const kiribati = party(KIRIBATI, { reservations: [reservation(h(10), 'Article 3 does not apply'), reservation(h(11), 'Nor Article 4')] });
    const mine = party(TUVALU, {
      reservations: [reservation(h(20), 'Our own')],
      objections: [{ act: h(21), date: '2027-01-07', text: 'No', reservation: h(10), reservingParty: KIRIBATI, precludesEntryIntoForce: false }],
    });
    const v = version([mine, kiribati]);
    expect(objectable(v, TUVALU.id).map((r) => [r.act, r.party.name])).toEqual([[h(11), 'Kiribati']]);
    expect(withdrawable(mine).map((w) => [w.act, w.kind])).toEqual([
      [h(20), 'reservation'],
      [h(21), 'objection'],
    ]);
    expect(open(v)).toContain('object');
    expect(open(v)).toContain('withdraw');
    // Kiribati's own reservations are never its to object to.
    expect(objectable(v, KIRIBATI.id).map((r) => r.act)).toEqual([h(20)]);
  });

  it('offers nothing after denunciation, to a non-member, or to a party not on the version', () => {
    const denounced = party(TUVALU, { consent: { instrument: 'accession', date: '2027-01-01', act: h(1) }, denunciation: { act: h(2), date: '2028-01-01', effectiveOn: '2029-01-01' } });
    expect(open(version([denounced]))).toEqual([]);
    expect(reasonFor(version([denounced]), 'reserve')).toBe('Your delegation denounced this version on 1 January 2028: no act on it follows.');
    expect(open(version([party(TUVALU)]), TUVALU.id, false)).toEqual([]);
    const absent = actChoices(version([party(KIRIBATI)]), TUVALU.id, true);
    expect(absent.every((c) => c.reason === 'Your delegation was not a party when “First reading” was adopted.')).toBe(true);
  });
});

describe('an act drafted in the dialog', () => {
  const draft = (change: Partial<ActDraft>): ActDraft => ({ choice: 'sign-definitively', instrument: null, text: '', refersTo: null, precludes: false, date: '2027-03-01', ...change });

  it('knows the days of the calendar', () => {
    expect(['2027-03-01', '2028-02-29', '1970-01-01'].every(isCalendarDay)).toBe(true);
    expect(['2027-02-29', '2027-04-31', '2027-3-1', '1969-12-31', '', 'today'].some(isCalendarDay)).toBe(false);
  });

  it('names what to fix before anything is sent', () => {
    expect(draftProblem(draft({}), null)).toBeNull();
    expect(draftProblem(draft({ date: '2027-02-30' }), null)).toMatch(/day of the calendar/);
    expect(draftProblem(draft({ date: '2027-02-28' }), '2027-03-01')).toBe("Your delegation's last act is dated 1 March 2027: a new act cannot be dated earlier.");
    expect(draftProblem(draft({ date: '2027-03-01' }), '2027-03-01')).toBeNull();
    expect(draftProblem(draft({ choice: 'deposit' }), null)).toBe('Choose the instrument to deposit.');
    expect(draftProblem(draft({ choice: 'reserve', text: '  ' }), null)).toBe('Write the text of the reservation.');
    expect(draftProblem(draft({ choice: 'object', text: 'No.' }), null)).toBe('Choose the reservation objected to.');
    expect(draftProblem(draft({ choice: 'withdraw' }), null)).toBe('Choose what to withdraw.');
  });

  it('sends only what each act takes', () => {
    const N = 'ab'.repeat(32);
    expect(performArgs(N, BLOCK, draft({ text: 'ignored' }))).toEqual({ negotiation: N, block: BLOCK, date: '2027-03-01', kind: 'definitive-signature' });
    expect(performArgs(N, BLOCK, draft({ choice: 'deposit', instrument: 'acceptance' }))).toEqual({ negotiation: N, block: BLOCK, date: '2027-03-01', kind: 'consent', instrument: 'acceptance' });
    expect(performArgs(N, BLOCK, draft({ choice: 'declare', text: ' Interpreted so. ' }))).toMatchObject({ kind: 'declaration', text: 'Interpreted so.' });
    expect(performArgs(N, BLOCK, draft({ choice: 'object', text: 'No.', refersTo: h(5), precludes: true }))).toEqual({
      negotiation: N,
      block: BLOCK,
      date: '2027-03-01',
      kind: 'objection',
      text: 'No.',
      refersTo: h(5),
      precludesEntryIntoForce: true,
    });
    expect(performArgs(N, BLOCK, draft({ choice: 'withdraw', refersTo: h(6), text: 'x' }))).toEqual({ negotiation: N, block: BLOCK, date: '2027-03-01', kind: 'withdrawal', refersTo: h(6) });
  });

  it("dates the next act no earlier than the delegation's last act that counts", () => {
    expect(lastActDate([])).toBeNull();
    expect(
      lastActDate([
        { standing: 'counts', date: '2027-01-05' },
        { standing: 'counts', date: '2027-02-01' },
        { standing: 'refused', date: '2027-09-09' },
      ]),
    ).toBe('2027-02-01');
  });
});

describe('the dossier file', () => {
  it('is named after the title and height', () => {
    expect(dossierFileName('Pacific Albatross Agreement', 3)).toBe('pacific-albatross-agreement-3.plenary');
    expect(sizeInWords(12345)).toBe('12,345 bytes');
    expect(sizeInWords(2_500_000)).toBe('2.5 MB');
  });

  it('decodes the node base64 to the same bytes, and refuses what is not base64', () => {
    const rng = createRng(20270314);
    for (let i = 0; i < 50; i++) {
      const bytes = rng.bytes(rng.int(300));
      const decoded = bytesFromBase64(Buffer.from(bytes).toString('base64'));
      expect(decoded, `seed ${rng.seed}, case ${i}`).toEqual(bytes);
    }
    for (const bad of ['abc', 'ab$=', '====', 'YQ==YQ==', 'YWJj\n']) expect(bytesFromBase64(bad), bad).toBeNull();
  });
});

describe('the Treaty tab among the room tabs', () => {
  it('sits between Adoption and History, with Alt+3 and every shortcut listed in order', () => {
    expect(ROOM_TABS.map((t) => TAB_NAMES[t])).toEqual(['Draft', 'Adoption', 'Treaty', 'History', 'Ledger', 'Delegations']);
    expect(tabAfterKey('adoption', 'ArrowRight')).toBe('treaty');
    expect(tabAfterKey('treaty', 'ArrowRight')).toBe('history');
    const listed = SHORTCUTS.find((g) => g.area === 'In a negotiation')!.shortcuts.filter((s) => s.keys.startsWith('Alt+'));
    expect(listed).toEqual(ROOM_TABS.map((t, i) => ({ keys: `Alt+${i + 1}`, does: TAB_NAMES[t] })));
    const press = (digit: number) => altDigit({ altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, code: `Digit${digit}` }, ROOM_TABS.length);
    expect(ROOM_TABS[press(3)!]).toBe('treaty');
    expect(ROOM_TABS[press(6)!]).toBe('delegations');
    expect(press(7)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { PartyId } from '../../src/core/identity.js';
import { boundPeriod, entryIntoForceNeed, evaluateEntryIntoForce, formatDay, type ConsentEvent, type EntryIntoForceRule } from '../../src/core/acts/index.js';
import { membershipOf } from '../../src/core/rules.js';
import { createRng } from '../support/rng.js';
import { day } from './acts-fixtures.js';

const party = (i: number): PartyId => i.toString(16).padStart(32, '0') as PartyId;
const roster = (weights: readonly number[]) => membershipOf(weights.map((weight, i) => ({ id: party(i), weight })));
const consent = (i: number, date: number, denouncedOn?: number): ConsentEvent => ({
  party: party(i),
  act: Uint8Array.of(i & 0xff, i >> 8),
  date,
  ...(denouncedOn !== undefined && { denouncedOn }),
});
const D = day('2016-10-05');

describe('entry into force: the rule at its boundaries', () => {
  it('N - 1 consents are not enough; the N-th meets the rule on its date', () => {
    const rule: EntryIntoForceRule = { kind: 'consents', count: 4, delayDays: 0 };
    const r = roster([1, 1, 1, 1, 1, 1]);
    const three = [consent(0, D), consent(1, D + 1), consent(2, D + 2)];
    expect(evaluateEntryIntoForce(rule, r, three)).toBeUndefined();
    const met = evaluateEntryIntoForce(rule, r, [...three, consent(5, D + 9), consent(4, D + 20)]);
    expect(met).toEqual({ conditionMetOn: D + 9, conditionMetBy: { act: consent(5, 0).act, party: party(5) }, inForceSince: D + 9 });
  });

  it('Paris: 55 parties holding 55% — exactly at the share passes, one unit short does not', () => {
    const rule: EntryIntoForceRule = { kind: 'consents-and-weight', count: 55, weightShare: { num: 55, den: 100 }, delayDays: 30 };
    // 100 parties: party 0 weighs 1000, the others 10 each: total 1990; 55% is 1094.5, so 1095 is needed.
    const weights = [1000, ...Array.from({ length: 99 }, () => 10)];
    const r = roster(weights);
    const smalls = Array.from({ length: 54 }, (_, i) => consent(i + 1, D - 60 + i)); // 540
    // 54 parties and the heavy one: 55 parties, 1540: met the day the heavy one consents.
    const paris = evaluateEntryIntoForce(rule, r, [...smalls, consent(0, D)]);
    expect(paris?.conditionMetBy.party).toBe(party(0));
    expect(formatDay(paris!.inForceSince)).toBe('2016-11-04');
    // 55 small parties: count met, weight 550 of 1990: not met.
    expect(evaluateEntryIntoForce(rule, r, [...smalls, consent(55, D)])).toBeUndefined();
    // Weight exactly at the share: total 100, the consents hold 55.
    const exact = roster([45, ...Array.from({ length: 55 }, () => 1)]);
    const fiftyFive = Array.from({ length: 55 }, (_, i) => consent(i + 1, D + i));
    expect(evaluateEntryIntoForce(rule, exact, fiftyFive)?.conditionMetOn).toBe(D + 54);
    // One short: 54 of 100 with 55 parties needs a weight-2 party in place of two weight-1s.
    const short = roster([46, ...Array.from({ length: 54 }, () => 1)]);
    expect(evaluateEntryIntoForce(rule, short, Array.from({ length: 54 }, (_, i) => consent(i + 1, D + i)))).toBeUndefined();
    // The count can be short while the weight is there.
    expect(evaluateEntryIntoForce({ ...rule, count: 56 }, exact, fiftyFive)).toBeUndefined();
  });

  it('weights near the u32 limit compare exactly (products beyond 2^53)', () => {
    const rule: EntryIntoForceRule = { kind: 'consents-and-weight', count: 1, weightShare: { num: 999_000, den: 1_000_000 }, delayDays: 0 };
    const r = roster(Array.from({ length: 1000 }, () => 0xffffffff));
    const consents = Array.from({ length: 999 }, (_, i) => consent(i, D + i));
    // 999 of 1000 equal weights is exactly 999/1000: met on the 999th consent's day, not the 998th's.
    expect(evaluateEntryIntoForce(rule, r, consents)?.conditionMetOn).toBe(D + 998);
    expect(evaluateEntryIntoForce(rule, r, consents.slice(0, 998))).toBeUndefined();
  });

  it('all negotiating parties (VCLT 24(2), the default): every party on the roster, on the last one\'s day', () => {
    const rule: EntryIntoForceRule = { kind: 'all-negotiating-parties', delayDays: 0 };
    const r = roster([5, 1, 1]);
    expect(evaluateEntryIntoForce(rule, r, [consent(0, D), consent(1, D)])).toBeUndefined();
    expect(evaluateEntryIntoForce(rule, r, [consent(0, D), consent(1, D + 3), consent(2, D + 1)])?.conditionMetOn).toBe(D + 3);
    // A consent by someone not on the roster counts for nothing.
    expect(evaluateEntryIntoForce(rule, r, [consent(0, D), consent(1, D), consent(7, D)])).toBeUndefined();
  });

  it('a consent denounced before the condition holds does not count from its denunciation', () => {
    const rule: EntryIntoForceRule = { kind: 'consents', count: 2, delayDays: 0 };
    const r = roster([1, 1, 1]);
    expect(evaluateEntryIntoForce(rule, r, [consent(0, D, D + 5), consent(1, D + 5)])).toBeUndefined();
    expect(evaluateEntryIntoForce(rule, r, [consent(0, D, D + 6), consent(1, D + 5)])?.conditionMetOn).toBe(D + 5);
  });

  it('on a day several consents arrive, the one named is the first by party id that completes the rule, whatever the order given', () => {
    const rule: EntryIntoForceRule = { kind: 'consents', count: 3, delayDays: 0 };
    const r = roster([1, 1, 1, 1, 1]);
    const events = [consent(4, D), consent(3, D + 1), consent(1, D + 1), consent(2, D + 1)];
    const rng = createRng(2024);
    for (let i = 0; i < 20; i++) {
      const met = evaluateEntryIntoForce(rule, r, rng.shuffle([...events]));
      expect(met?.conditionMetBy.party, `seed ${rng.seed}`).toBe(party(2));
      expect(met?.conditionMetOn).toBe(D + 1);
    }
  });

  it('the delay: "on the thirtieth day after", across a year end and a leap day', () => {
    const rule = (delayDays: number): EntryIntoForceRule => ({ kind: 'consents', count: 1, delayDays });
    const r = roster([1]);
    const at = (iso: string, delay: number) => formatDay(evaluateEntryIntoForce(rule(delay), r, [consent(0, day(iso))])!.inForceSince);
    expect(at('2016-10-05', 30)).toBe('2016-11-04');
    expect(at('2019-12-20', 30)).toBe('2020-01-19');
    expect(at('2020-02-10', 30)).toBe('2020-03-11');
    expect(at('2021-02-10', 30)).toBe('2021-03-12');
    expect(at('2021-02-10', 0)).toBe('2021-02-10');
    expect(at('2023-03-01', 365)).toBe('2024-02-29');
  });

  it('bound: from entry into force, or a late consent + delay (VCLT 24(3)); until a denunciation + delay', () => {
    const rule: EntryIntoForceRule = { kind: 'consents', count: 2, delayDays: 30 };
    const inForce = D + 30;
    expect(boundPeriod(rule, inForce, D - 100)).toEqual({ since: inForce });
    expect(boundPeriod(rule, inForce, D)).toEqual({ since: inForce });
    expect(boundPeriod(rule, inForce, D + 10)).toEqual({ since: D + 40 }); // consented during the delay
    expect(boundPeriod(rule, inForce, D + 400)).toEqual({ since: D + 430 });
    expect(boundPeriod(rule, inForce, D, D + 1000)).toEqual({ since: inForce, until: D + 1030 });
    expect(boundPeriod(rule, inForce, D, D - 1)).toBeUndefined(); // left before it was ever bound
    expect(boundPeriod(rule, inForce, D, D)).toBeUndefined();
  });

  it('says what the rule still needs', () => {
    const paris: EntryIntoForceRule = { kind: 'consents-and-weight', count: 55, weightShare: { num: 55, den: 100 }, delayDays: 30 };
    const r = roster(Array.from({ length: 100 }, () => 1));
    expect(entryIntoForceNeed(paris, r, { count: 50, weight: 50 })).toEqual({ moreConsents: 5, moreWeight: 5, description: '5 more consents and 5 more weight (of 100)' });
    expect(entryIntoForceNeed(paris, roster([200, ...Array.from({ length: 99 }, () => 1)]), { count: 60, weight: 60 })).toMatchObject({ moreConsents: 0, moreWeight: 105 }) // 55% of 299 is 164.45: 165;
    expect(entryIntoForceNeed({ kind: 'all-negotiating-parties', delayDays: 0 }, roster([1, 1, 1]), { count: 2, weight: 2 }).description).toBe('1 more consent (every negotiating party must consent)');
  });
});

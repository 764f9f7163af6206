import { describe, expect, it } from 'vitest';
import { DecodeError, Reader, Writer, equalBytes, toHex } from '../../src/core/bytes.js';
import { decodeCharter, decodeGenesis, encodeCharter, encodeGenesis, negotiationIdOf, signGenesis, validateCharter, verifyGenesis, type Charter } from '../../src/core/charter.js';
import {
  ACT_KINDS,
  actHashOf,
  civilOf,
  dayOf,
  daysAfter,
  decodeAct,
  decodeActEquivocation,
  describeEntryIntoForceRule,
  encodeAct,
  encodeActEquivocation,
  formatDay,
  parseDay,
  readEntryIntoForceRule,
  validateEntryIntoForceRule,
  writeEntryIntoForceRule,
  type Act,
  type ActPayload,
  type EntryIntoForceRule,
} from '../../src/core/acts/index.js';
import { authenticTextsHash, isLanguageTag, normalizeLanguageTag, sortAuthenticTexts } from '../../src/core/ledger/authentic-texts.js';
import { adoptBody, bodyHashOf, decodeBody, encodeBody, type BlockBody } from '../../src/core/ledger/body.js';
import { decodeBlock, encodeBlock } from '../../src/core/ledger/block.js';
import { createRoomKey } from '../../src/core/room/room-key.js';
import { delegation, headerFor, negotiation, openLedger } from '../support/ledger-fixtures.js';
import { signVote } from '../../src/core/ledger/vote.js';
import { Actor, day, scheme, treaty } from './acts-fixtures.js';

const t = treaty({ n: 2, first: 500 });
const ref = new Uint8Array(32).fill(0xab);
const payloads: Record<Act['kind'], ActPayload> = {
  initialling: { kind: 'initialling' },
  'signature-ad-referendum': { kind: 'signature-ad-referendum' },
  confirmation: { kind: 'confirmation', ref },
  'definitive-signature': { kind: 'definitive-signature' },
  consent: { kind: 'consent', instrument: 'approval' },
  reservation: { kind: 'reservation', ref, text: 'Réserve : l’article 4 ne s’applique pas.' },
  declaration: { kind: 'declaration', ref, text: 'Declaration under article 12.' },
  objection: { kind: 'objection', ref, text: 'Objection.', precludesEntryIntoForceBetween: true },
  withdrawal: { kind: 'withdrawal', ref },
  denunciation: { kind: 'denunciation' },
};
const samples: Act[] = ACT_KINDS.map((kind, i) => new Actor(t.parties[0]!, t).draft(payloads[kind], day('2016-04-22') + i));

describe('acts: canonical encoding', () => {
  it.each(samples.map((s) => [s.kind, s] as const))('%s round-trips, and its hash names its signed content', (_kind, act) => {
    const bytes = encodeAct(act);
    const back = decodeAct(bytes);
    expect(back).toEqual(act);
    expect(encodeAct(back)).toEqual(bytes);
    expect(toHex(actHashOf(back))).toBe(toHex(actHashOf(act)));
    // The hash does not depend on the signature bytes (see act.ts).
    expect(toHex(actHashOf({ ...act, signature: new Uint8Array(64) } as Act))).toBe(toHex(actHashOf(act)));
  });

  it('every kind hashes differently', () => {
    expect(new Set(samples.map((s) => toHex(actHashOf(s)))).size).toBe(samples.length);
  });

  it('refuses unknown kinds, instruments and flags', () => {
    const bytes = encodeAct(samples[7]!); // objection
    const tagAt = bytes.indexOf(0, 0) + 1 + 32 + 16 + 4 + 32; // after the domain, negotiation, party, seq, previous
    expect(bytes[tagAt]).toBe(8);
    for (const [at, value] of [
      [tagAt, 0],
      [tagAt, 11],
      [tagAt + 1 + 32 + 4 + 32, 2], // the precludes flag
    ] as const) {
      const bad = bytes.slice();
      bad[at] = value;
      expect(() => decodeAct(bad)).toThrow(DecodeError);
    }
    const consent = encodeAct(samples[4]!);
    const bad = consent.slice();
    bad[bad.length - 65] = 9; // the instrument, before the signature
    expect(() => decodeAct(bad)).toThrow(/unknown consent instrument/);
  });

  it('act evidence round-trips', () => {
    const e = { first: samples[0]!, second: samples[1]! };
    expect(decodeActEquivocation(encodeActEquivocation(e))).toEqual(e);
  });
});

describe('days', () => {
  it('counts from 1970-01-01 and knows the calendar', () => {
    expect(dayOf({ year: 1970, month: 1, day: 1 })).toBe(0);
    expect(dayOf({ year: 2000, month: 3, day: 1 })).toBe(11017);
    expect(formatDay(day('2016-02-29'))).toBe('2016-02-29');
    expect(parseDay('2015-02-29')).toBeUndefined();
    expect(parseDay('1900-02-28')).toBeUndefined();
    expect(parseDay('2016-13-01')).toBeUndefined();
    expect(parseDay('2016-1-01')).toBeUndefined();
    for (let d = 0; d < 200 * 366; d += 17) {
      expect(dayOf(civilOf(d)), `day ${d}`).toBe(d);
      expect(parseDay(formatDay(d))).toBe(d);
    }
  });

  it('"on the thirtieth day after": across a month end, a year end, and a leap day', () => {
    expect(formatDay(daysAfter(day('2016-10-05'), 30))).toBe('2016-11-04'); // the Paris Agreement
    expect(formatDay(daysAfter(day('2016-12-15'), 30))).toBe('2017-01-14');
    expect(formatDay(daysAfter(day('2016-02-15'), 30))).toBe('2016-03-16'); // 2016 is a leap year
    expect(formatDay(daysAfter(day('2015-02-15'), 30))).toBe('2015-03-17');
    expect(formatDay(daysAfter(day('2000-02-28'), 1))).toBe('2000-02-29'); // 2000 is
    expect(formatDay(daysAfter(day('2100-02-28'), 1))).toBe('2100-03-01'); // 2100 is not
    expect(formatDay(daysAfter(day('2016-10-05'), 0))).toBe('2016-10-05');
  });
});

const rules: EntryIntoForceRule[] = [
  { kind: 'all-negotiating-parties', delayDays: 0 },
  { kind: 'consents', count: 3, delayDays: 90 },
  { kind: 'consents-and-weight', count: 55, weightShare: { num: 55, den: 100 }, delayDays: 30 },
];

describe('the entry-into-force rule in the charter', () => {
  it.each(rules.map((r) => [r.kind, r] as const))('%s encodes and decodes', (_kind, rule) => {
    const w = new Writer();
    writeEntryIntoForceRule(w, rule);
    const r = new Reader(w.finish());
    expect(readEntryIntoForceRule(r)).toEqual(rule);
    expect(r.remaining).toBe(0);
  });

  it('says what it means', () => {
    expect(describeEntryIntoForceRule(rules[2]!)).toBe('in force on the 30th day after the day 55 parties holding at least 55% of the total weight have consented to be bound');
    expect(describeEntryIntoForceRule(rules[0]!)).toBe('in force on the day every negotiating party has consented to be bound');
    expect(describeEntryIntoForceRule({ kind: 'consents', count: 1, delayDays: 1 })).toBe('in force on the 1st day after the day 1 party has consented to be bound');
  });

  it('refuses rules that make no sense', () => {
    const bad: unknown[] = [
      { kind: 'consents', count: 0, delayDays: 0 },
      { kind: 'consents', count: 1001, delayDays: 0 },
      { kind: 'consents', count: 2, delayDays: -1 },
      { kind: 'consents', count: 2, delayDays: 36_601 },
      { kind: 'consents', count: 2 },
      { kind: 'consents-and-weight', count: 2, weightShare: { num: 3, den: 2 }, delayDays: 0 },
      { kind: 'consents-and-weight', count: 2, weightShare: { num: 0, den: 2 }, delayDays: 0 },
      { kind: 'consents-and-weight', count: 2, delayDays: 0 },
      { kind: 'unanimity', delayDays: 0 },
      null,
    ];
    for (const rule of bad) expect(validateEntryIntoForceRule(rule, 1000).ok, JSON.stringify(rule)).toBe(false);
    for (const rule of rules) expect(validateEntryIntoForceRule(rule, 1000).ok).toBe(true);
  });

  it('a charter without a rule keeps its v1 bytes; with one it is a v2 charter in the same genesis layout', () => {
    const { charter, genesis } = negotiation({ n: 3 });
    const v1 = encodeCharter(charter);
    expect(new TextDecoder().decode(v1.subarray(0, 18))).toBe('plenary/charter/v1');
    expect(decodeCharter(v1)).not.toHaveProperty('entryIntoForce');
    expect(decodeGenesis(encodeGenesis(genesis))).toEqual(genesis);
    for (const rule of rules) {
      const withRule: Charter = { ...charter, entryIntoForce: rule };
      expect(validateCharter(withRule).ok).toBe(true);
      const v2 = encodeCharter(withRule);
      expect(new TextDecoder().decode(v2.subarray(0, 18))).toBe('plenary/charter/v2');
      expect(decodeCharter(v2)).toEqual(withRule);
      expect(negotiationIdOf(withRule)).not.toBe(negotiationIdOf(charter));
      const g = signGenesis(withRule, delegationZero(), createRoomKey());
      if (!g.ok) throw new Error(g.error);
      const bytes = encodeGenesis(g.value);
      expect(decodeGenesis(bytes)).toEqual(g.value);
      expect(verifyGenesis(decodeGenesis(bytes), scheme).ok).toBe(true);
    }
    expect(validateCharter({ ...charter, entryIntoForce: { kind: 'consents', count: 0, delayDays: 0 } }).ok).toBe(false);
  });
});

const delegationZero = () => delegation(0).signer;

describe('authentic texts in several languages', () => {
  it('validates BCP 47 tags and writes them in conventional case', () => {
    for (const tag of ['en', 'fr', 'zh-Hant', 'zh-Hant-TW', 'pt-BR', 'es-419', 'sr-Latn-RS', 'de-CH-1996', 'x-klingon', 'en-US-x-twain', 'zh-yue', 'ar']) {
      expect(isLanguageTag(tag), tag).toBe(true);
    }
    expect(normalizeLanguageTag('ZH-hant-tw')).toBe('zh-Hant-TW');
    expect(normalizeLanguageTag('EN-us')).toBe('en-US');
    for (const tag of ['', 'e', 'englishlanguage', 'en-US-u', 'en_US', 'en-', '-en', 'en--US', 'en-US-', '1en', 'a'.repeat(36), 'en-a', 'fr ', 'é']) {
      expect(normalizeLanguageTag(tag), JSON.stringify(tag)).toBeUndefined();
    }
    expect(isLanguageTag('en-us')).toBe(false); // well-formed, not in conventional case
  });

  it('hashes every (language, text) pair: one hash for the set', () => {
    const texts = sortAuthenticTexts([
      { language: 'fr', text: 'Article premier.' },
      { language: 'en', text: 'Article 1.' },
    ]);
    expect(texts.map((x) => x.language)).toEqual(['en', 'fr']);
    const h = toHex(authenticTextsHash(texts));
    expect(toHex(authenticTextsHash([texts[0]!, { ...texts[1]!, text: 'Article premier!' }]))).not.toBe(h);
    expect(toHex(authenticTextsHash([texts[0]!, { ...texts[1]!, language: 'fr-CA' }]))).not.toBe(h);
    expect(toHex(authenticTextsHash([texts[0]!]))).not.toBe(h);
  });

  const base = adoptBody({ title: 'Treaty', text: 'Article 1. The Parties shall cooperate.', yjsState: Uint8Array.of(1), label: 'Final text' });
  const multilingual = adoptBody({
    title: 'Treaty',
    text: 'Article 1. The Parties shall cooperate.',
    yjsState: Uint8Array.of(1),
    label: 'Final text',
    authenticTexts: [
      { language: 'es', text: 'Artículo 1. Las Partes cooperarán.' },
      { language: 'fr', text: 'Article premier. Les Parties coopèrent.' },
    ],
  });

  it('a body without them keeps its v2 bytes; with them it is a v3 body that round-trips', () => {
    const v2 = encodeBody(base);
    expect(new TextDecoder().decode(v2.subarray(0, 15))).toBe('plenary/body/v2');
    expect(decodeBody(v2)).toEqual(base);
    expect(decodeBody(v2)).not.toHaveProperty('authenticTexts');
    const v3 = encodeBody(multilingual);
    expect(new TextDecoder().decode(v3.subarray(0, 15))).toBe('plenary/body/v3');
    expect(decodeBody(v3)).toEqual(multilingual);
    expect(adoptBody({ title: 'T', text: 'x', yjsState: Uint8Array.of(), label: '', authenticTexts: [] })).not.toHaveProperty('authenticTexts');
  });

  it('the body hash covers every language', () => {
    const h = toHex(bodyHashOf(multilingual));
    expect(toHex(bodyHashOf(base))).not.toBe(h);
    if (multilingual.kind !== 'adopt') throw new Error('adopt');
    const [es, fr] = multilingual.authenticTexts!;
    const changed: BlockBody[] = [
      { ...multilingual, authenticTexts: [es!, { ...fr!, text: `${fr!.text} ` }] },
      { ...multilingual, authenticTexts: [{ ...es!, language: 'es-419' }, fr!] },
      { ...multilingual, authenticTexts: [es!] },
    ];
    for (const body of changed) expect(toHex(bodyHashOf(body))).not.toBe(h);
  });

  it('refuses v3 bodies out of canonical form', () => {
    if (multilingual.kind !== 'adopt') throw new Error('adopt');
    const unsorted = encodeBody({ ...multilingual, authenticTexts: [...multilingual.authenticTexts!].reverse() });
    expect(() => decodeBody(unsorted)).toThrow(/sorted/);
    const lowercase = encodeBody({ ...multilingual, authenticTexts: [{ language: 'pt-br', text: 'x' }] });
    expect(() => decodeBody(lowercase)).toThrow(/BCP 47/);
  });

  it('a multilingual version is adopted like any other: the votes sign all its texts', () => {
    const n = negotiation({ n: 3, first: 600 });
    const ledger = openLedger(n);
    const header = headerFor(ledger, multilingual);
    const proposed = ledger.propose(header, multilingual);
    expect(proposed.ok).toBe(true);
    if (!proposed.ok) return;
    for (const p of n.parties) ledger.receiveVote(signVote(p.signer, ledger.negotiation, 1, 0, proposed.value.headerHash));
    expect(ledger.height).toBe(1);
    const block = decodeBlock(encodeBlock(ledger.blocks()[0]!));
    expect(block.body).toEqual(multilingual);
    expect(equalBytes(header.bodyHash, bodyHashOf(multilingual))).toBe(true);
    // Another French text under the same header is another body hash: the votes no longer match.
    if (multilingual.kind !== 'adopt') return;
    const swapped = { ...multilingual, authenticTexts: [multilingual.authenticTexts![0]!, { language: 'fr', text: 'Autre texte.' }] };
    expect(equalBytes(header.bodyHash, bodyHashOf(swapped))).toBe(false);
  });
});

/** Decoders of the treaty's acts and of what carries them: random and mutated bytes fail only with a DecodeError. */
import { describe, expect, it } from 'vitest';
import { decodeCharter, encodeCharter } from '../../src/core/charter.js';
import { ACT_KINDS, decodeAct, decodeActEquivocation, encodeAct, encodeActEquivocation, type Act, type ActPayload } from '../../src/core/acts/index.js';
import { adoptBody, decodeBody, encodeBody } from '../../src/core/ledger/body.js';
import { fuzzDecoder } from '../support/fuzz.js';
import { negotiation } from '../support/ledger-fixtures.js';
import { Actor, day, treaty } from './acts-fixtures.js';

const t = treaty({ n: 2, first: 540 });
const ref = new Uint8Array(32).fill(0x5a);
const payloads: Record<Act['kind'], ActPayload> = {
  initialling: { kind: 'initialling' },
  'signature-ad-referendum': { kind: 'signature-ad-referendum' },
  confirmation: { kind: 'confirmation', ref },
  'definitive-signature': { kind: 'definitive-signature' },
  consent: { kind: 'consent', instrument: 'accession' },
  reservation: { kind: 'reservation', ref, text: 'Reservation.' },
  declaration: { kind: 'declaration', ref, text: 'Déclaration.' },
  objection: { kind: 'objection', ref, text: 'Objection.', precludesEntryIntoForceBetween: false },
  withdrawal: { kind: 'withdrawal', ref },
  denunciation: { kind: 'denunciation' },
};
const acts = ACT_KINDS.map((kind, i) => new Actor(t.parties[i % 2]!, t).draft(payloads[kind], day('2020-02-29') + i));

describe('acts: decoder fuzzing', () => {
  it('acts: decode or DecodeError; what decodes re-encodes to itself', () => {
    const seed = 5150;
    const { decoded, rejected } = fuzzDecoder(acts.map(encodeAct), decodeAct, {
      seed,
      check: (act, input) => expect(encodeAct(act), `seed ${seed}`).toEqual(input),
    });
    expect(rejected).toBeGreaterThan(0);
    expect(decoded).toBeGreaterThan(0);
  });

  it('act evidence', () => {
    const seed = 77;
    fuzzDecoder([encodeActEquivocation({ first: acts[0]!, second: acts[3]! })], decodeActEquivocation, {
      seed,
      check: (e, input) => expect(encodeActEquivocation(e), `seed ${seed}`).toEqual(input),
    });
  });

  it('charters with and without an entry-into-force rule', () => {
    const { charter } = negotiation({ n: 3 });
    const withRule = { ...charter, entryIntoForce: { kind: 'consents-and-weight' as const, count: 2, weightShare: { num: 55, den: 100 }, delayDays: 30 } };
    const seed = 31;
    fuzzDecoder([encodeCharter(charter), encodeCharter(withRule)], decodeCharter, {
      seed,
      check: (c, input) => expect(encodeCharter(c), `seed ${seed}`).toEqual(input),
    });
  });

  it('adopt bodies with and without authentic texts', () => {
    const fields = { title: 'Treaty', text: 'Article 1.', yjsState: Uint8Array.of(1, 2), label: 'Final' };
    const samples = [adoptBody(fields), adoptBody({ ...fields, authenticTexts: [{ language: 'ar', text: 'المادة 1.' }, { language: 'zh-Hans', text: '第一条。' }] })];
    const seed = 404;
    fuzzDecoder(samples.map(encodeBody), decodeBody, {
      seed,
      check: (b, input) => expect(encodeBody(b), `seed ${seed}`).toEqual(input),
    });
  });
});

/** The acts wire (gossip message, catch-up request and response): exact round trips, and untrusted bytes fail only with DecodeError. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/core/bytes.js';
import { encodeAct } from '../../src/core/acts/act.js';
import { ACTS_CATCH_UP_PROTOCOL, roomTopics } from '../../src/p2p/room/topics.js';
import {
  MAX_ACT_WIRE_BYTES,
  decodeActsMessage,
  decodeActsRequest,
  decodeActsResponse,
  encodeActsMessage,
  encodeActsRequest,
  encodeActsResponse,
} from '../../src/p2p/wire/acts.js';
import { actors, day, treaty } from '../core/acts-fixtures.js';

const t = treaty({ n: 2 });
const [a, b] = actors(t);
const act = encodeAct(a!.act({ kind: 'reservation', ref: new Uint8Array(32).fill(3), text: 'Réserve : l’article 3 ne s’applique pas.' }, day('2027-02-12')));
const negotiation = t.ledger.negotiation;

function decodeFails(decode: (bytes: Uint8Array) => unknown, bytes: Uint8Array): DecodeError {
  try {
    decode(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    return error as DecodeError;
  }
  throw new Error('expected a DecodeError');
}

describe('acts wire', () => {
  it('names the acts topic and protocol', () => {
    expect(roomTopics(negotiation).acts).toBe(`/plenary/${negotiation}/acts/1`);
    expect(ACTS_CATCH_UP_PROTOCOL).toBe('/plenary/acts-catch-up/1.0.0');
  });

  it('round-trips a message, a request and a response exactly', () => {
    expect(decodeActsMessage(encodeActsMessage({ kind: 'act', act }))).toEqual({ kind: 'act', act });
    const request = { negotiation, holds: new Map([[a!.party, 3], [b!.party, 1]]), forks: [{ party: a!.party, seq: 1 }] };
    expect(decodeActsRequest(encodeActsRequest(request))).toEqual(request);
    // A party held from 0 is the same as a party not named.
    expect(decodeActsRequest(encodeActsRequest({ negotiation, holds: new Map([[a!.party, 0]]), forks: [] })).holds.size).toBe(0);
    for (const response of [
      { kind: 'page', more: true, acts: [act, act.slice(0, 10)] },
      { kind: 'page', more: false, acts: [] },
      { kind: 'refused', reason: 'not-a-party' },
      { kind: 'refused', reason: 'unknown-negotiation' },
    ] as const) {
      expect(decodeActsResponse(encodeActsResponse(response))).toEqual(response);
    }
  });

  it('refuses unknown kinds (as a newer version), oversized acts, a party named twice, and trailing bytes', () => {
    const message = encodeActsMessage({ kind: 'act', act });
    const newer = message.slice();
    newer[newer.length - act.length - 5] = 9;
    expect(decodeFails(decodeActsMessage, newer).code).toBe('bad-tag');
    expect(decodeFails(decodeActsMessage, encodeActsMessage({ kind: 'act', act: new Uint8Array(MAX_ACT_WIRE_BYTES + 1) })).code).toBe('oversized');
    expect(decodeFails(decodeActsMessage, Uint8Array.of(...message, 0)).code).toBe('trailing-bytes');
    const twice = encodeActsRequest({ negotiation, holds: new Map([[a!.party, 3], [b!.party, 1]]), forks: [] });
    // ... | a (16) | 3 (4) | b (16) | 1 (4) | 0 forks (4): b's id overwritten with a's
    twice.set(twice.slice(twice.length - 44, twice.length - 28), twice.length - 24);
    expect(decodeFails(decodeActsRequest, twice).code).toBe('malformed');
    expect(() => encodeActsRequest({ negotiation, holds: new Map([[a!.party, 1.5]]), forks: [] })).toThrow(RangeError);
  });

  it('fails only with DecodeError on any bytes', () => {
    const samples = [encodeActsMessage({ kind: 'act', act }), encodeActsRequest({ negotiation, holds: new Map([[a!.party, 2]]), forks: [{ party: b!.party, seq: 0 }] }), encodeActsResponse({ kind: 'page', more: true, acts: [act] })];
    const decoders = [decodeActsMessage, decodeActsRequest, decodeActsResponse];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), (which, at, value, truncate) => {
        const bytes = samples[which]!.slice();
        const i = at % bytes.length;
        const mutated = truncate ? bytes.subarray(0, i) : (bytes.set([value], i), bytes);
        try {
          decoders[which]!(mutated);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
      { seed: 0x5eed, numRuns: 2000 },
    );
  });
});

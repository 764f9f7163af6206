/**
 * Every room wire decoder, fed mutations of valid messages and noise: it decodes or throws a
 * DecodeError, nothing else; what decodes re-encodes to the same bytes. FUZZ_RUNS scales it.
 */
import { describe, expect, it } from 'vitest';
import { encodeBlock } from '../../src/core/ledger/block.js';
import { decodeDraftMessage, encodeDraftMessage } from '../../src/p2p/wire/draft-message.js';
import { decodeLedgerMessage, encodeLedgerMessage } from '../../src/p2p/wire/ledger-message.js';
import { decodePresence, encodePresence } from '../../src/p2p/wire/presence.js';
import { decodeCatchUpRequest, decodeCatchUpResponse, encodeCatchUpRequest, encodeCatchUpResponse } from '../../src/p2p/wire/catch-up.js';
import { FUZZ_RUNS, fuzzDecoder } from '../support/fuzz.js';
import { wireSamples } from './room-wire-fixtures.js';

const samples = wireSamples();
const runs = Math.max(200, Math.floor(FUZZ_RUNS / 3));
const [a] = samples.negotiation.parties;

describe('room wire decoders under fuzzing', () => {
  it('draft messages', () => {
    const valid = [encodeDraftMessage({ kind: 'envelope', envelope: samples.envelope })];
    const r = fuzzDecoder(valid, decodeDraftMessage, { seed: 0xd1, runs, check: (m, input) => expect(encodeDraftMessage(m)).toEqual(input) });
    expect(r.decoded + r.rejected).toBe(runs);
  });

  it('ledger messages', () => {
    const valid = [encodeLedgerMessage(samples.proposal), encodeLedgerMessage({ kind: 'vote', vote: samples.vote }), encodeLedgerMessage({ kind: 'block', block: samples.block })];
    const r = fuzzDecoder(valid, decodeLedgerMessage, { seed: 0x1e, runs });
    expect(r.decoded + r.rejected).toBe(runs);
  });

  it('presences', () => {
    const valid = samples.presences.map(encodePresence);
    const r = fuzzDecoder(valid, decodePresence, { seed: 0x9e, runs, check: (p, input) => expect(encodePresence(p)).toEqual(input) });
    expect(r.decoded + r.rejected).toBe(runs);
  });

  it('catch-up requests and responses', () => {
    const request = encodeCatchUpRequest({
      negotiation: samples.block.header.negotiation,
      height: 1,
      frontier: new Map([[a!.spec.id, 4]]),
      wanted: [{ author: a!.spec.id, fromSeq: 5, toSeq: 9 }],
    });
    const requests = fuzzDecoder([request], decodeCatchUpRequest, { seed: 0xc1, runs });
    expect(requests.decoded + requests.rejected).toBe(runs);
    const response = encodeCatchUpResponse({
      kind: 'page',
      more: false,
      envelopes: [samples.envelope, samples.envelope],
      blocks: [encodeBlock(samples.block)],
      pending: [encodeLedgerMessage({ kind: 'vote', vote: samples.vote })],
    });
    const responses = fuzzDecoder([response, encodeCatchUpResponse({ kind: 'refused', reason: 'unknown-negotiation' })], decodeCatchUpResponse, {
      seed: 0xc2,
      runs,
      check: (decoded, input) => expect(encodeCatchUpResponse(decoded)).toEqual(input),
    });
    expect(responses.decoded + responses.rejected).toBe(runs);
  });
});

/** Wire messages of the room: paired encode/decode, versioned tags, caps, signed presence. */
import { describe, expect, it } from 'vitest';
import { DecodeError, Writer, domain } from '../../src/core/bytes.js';
import { encodeBlock } from '../../src/core/ledger/block.js';
import { encodeVote } from '../../src/core/ledger/vote.js';
import { MAX_ENVELOPE_BYTES } from '../../src/core/draft/envelope.js';
import { decodeDraftMessage, encodeDraftMessage } from '../../src/p2p/wire/draft-message.js';
import { decodeLedgerMessage, encodeLedgerMessage } from '../../src/p2p/wire/ledger-message.js';
import { decodePresence, encodePresence, signPresence, verifyPresence } from '../../src/p2p/wire/presence.js';
import { decodeCatchUpRequest, decodeCatchUpResponse, encodeCatchUpRequest, encodeCatchUpResponse } from '../../src/p2p/wire/catch-up.js';
import { roomTopics, CATCH_UP_PROTOCOL } from '../../src/p2p/room/topics.js';
import { scheme } from './room-fixtures.js';
import { wireSamples } from './room-wire-fixtures.js';

const samples = wireSamples();
const [a, b] = samples.negotiation.parties;

function decodeError(run: () => unknown): DecodeError {
  try {
    run();
  } catch (error) {
    if (error instanceof DecodeError) return error;
    throw error;
  }
  throw new Error('expected a DecodeError');
}

describe('room wire messages', () => {
  it('names the topics and the catch-up protocol per negotiation', () => {
    const topics = roomTopics(samples.block.header.negotiation);
    expect(topics.draft).toBe(`/plenary/${samples.block.header.negotiation}/draft/1`);
    expect(topics.ledger).toMatch(/\/ledger\/1$/);
    expect(topics.presence).toMatch(/\/presence\/1$/);
    expect(CATCH_UP_PROTOCOL).toBe('/plenary/catch-up/1.0.0');
  });

  it('a draft message carries the envelope bytes exactly; unknown kinds and oversized lengths are decode errors', () => {
    const bytes = encodeDraftMessage({ kind: 'envelope', envelope: samples.envelope });
    expect(decodeDraftMessage(bytes)).toEqual({ kind: 'envelope', envelope: samples.envelope });
    const unknownKind = bytes.slice();
    unknownKind[domain('plenary/wire/draft/v1').length] = 9;
    expect(decodeError(() => decodeDraftMessage(unknownKind)).code).toBe('bad-tag');
    const huge = new Writer().raw(domain('plenary/wire/draft/v1')).u8(1).u32(MAX_ENVELOPE_BYTES + 1).finish();
    expect(decodeError(() => decodeDraftMessage(huge)).code).toBe('oversized');
    expect(decodeError(() => decodeDraftMessage(new Uint8Array([...bytes, 0]))).code).toBe('trailing-bytes');
  });

  it('ledger messages round-trip: proposal, vote, block', () => {
    for (const message of [samples.proposal, { kind: 'vote', vote: samples.vote } as const, { kind: 'block', block: samples.block } as const]) {
      const bytes = encodeLedgerMessage(message);
      const decoded = decodeLedgerMessage(bytes);
      expect(decoded).toEqual(message);
      expect(encodeLedgerMessage(decoded)).toEqual(bytes);
    }
    const vote = encodeLedgerMessage({ kind: 'vote', vote: samples.vote });
    expect(vote.subarray(vote.length - encodeVote(samples.vote).length)).toEqual(encodeVote(samples.vote));
    const block = encodeLedgerMessage({ kind: 'block', block: samples.block });
    expect(block.subarray(block.length - encodeBlock(samples.block).length)).toEqual(encodeBlock(samples.block));
  });

  it('a presence is signed by its party over everything it says, and bound to its negotiation', () => {
    for (const presence of samples.presences) {
      const decoded = decodePresence(encodePresence(presence));
      expect(decoded).toEqual(presence);
      expect(verifyPresence(decoded, b!.spec.publicKey, scheme)).toBe(true);
      expect(verifyPresence(decoded, a!.spec.publicKey, scheme)).toBe(false);
      expect(verifyPresence({ ...decoded, at: decoded.at + 1 }, b!.spec.publicKey, scheme)).toBe(false);
      expect(verifyPresence({ ...decoded, status: 'leaving' }, b!.spec.publicKey, scheme)).toBe(false);
      expect(verifyPresence({ ...decoded, negotiation: 'ab'.repeat(32) as typeof decoded.negotiation }, b!.spec.publicKey, scheme)).toBe(false);
    }
    const withCursor = samples.presences[1]!;
    expect(verifyPresence({ ...withCursor, cursor: { ...withCursor.cursor!, index: 13 } }, b!.spec.publicKey, scheme)).toBe(false);
    expect(() => signPresence(a!.signer, { ...withCursor, party: a!.spec.id, cursor: { paragraphId: 'bad id!', index: 0, length: 0 } })).toThrow(RangeError);
    expect(() => signPresence(a!.signer, { ...withCursor })).toThrow(/signer/);
    const bytes = encodePresence(withCursor);
    const badId = bytes.slice();
    const at = bytes.length - 64 - 8 - 2; // inside the paragraph id 'p1'
    badId[at] = 0x20;
    expect(decodeError(() => decodePresence(badId)).code).toBe('malformed');
  });

  it('catch-up requests and responses round-trip; nonsense ranges and unknown kinds are decode errors', () => {
    const request = {
      negotiation: samples.block.header.negotiation,
      height: 3,
      frontier: new Map([
        [a!.spec.id, 10],
        [b!.spec.id, 2],
      ]),
      wanted: [{ author: b!.spec.id, fromSeq: 3, toSeq: 7 }],
    };
    expect(decodeCatchUpRequest(encodeCatchUpRequest(request))).toEqual(request);
    expect(() => encodeCatchUpRequest({ ...request, wanted: [{ author: b!.spec.id, fromSeq: 5, toSeq: 4 }] })).toThrow(RangeError);
    const page = {
      kind: 'page',
      more: true,
      envelopes: [samples.envelope],
      blocks: [encodeBlock(samples.block)],
      pending: [encodeLedgerMessage(samples.proposal)],
    } as const;
    expect(decodeCatchUpResponse(encodeCatchUpResponse(page))).toEqual(page);
    const refused = { kind: 'refused', reason: 'not-a-party' } as const;
    expect(decodeCatchUpResponse(encodeCatchUpResponse(refused))).toEqual(refused);
    const unknown = encodeCatchUpResponse(refused);
    unknown[unknown.length - 1] = 77;
    expect(decodeError(() => decodeCatchUpResponse(unknown)).code).toBe('bad-tag');
    const duplicated = new Writer()
      .raw(domain('plenary/wire/catch-up-request/v1'))
      .raw(new Uint8Array(32))
      .u64(0)
      .u32(2)
      .raw(new Uint8Array(16))
      .u64(1)
      .raw(new Uint8Array(16))
      .u64(2)
      .u32(0)
      .finish();
    expect(decodeError(() => decodeCatchUpRequest(duplicated)).code).toBe('malformed');
  });
});

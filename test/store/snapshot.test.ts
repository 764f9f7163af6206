import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, Writer, domain, equalBytes, toHex } from '../../src/core/bytes.js';
import { partyIdToBytes, type PartyId } from '../../src/core/identity.js';
import { decodeSnapshot, encodeSnapshot, type DocumentSnapshot } from '../../src/store/snapshot.js';
import { fuzzDecoder } from '../support/fuzz.js';
import { party } from './fixtures.js';

const A = party('a');
const B = party('b');
const C = party('c');

const sample: DocumentSnapshot = {
  yjsState: Uint8Array.of(1, 2, 3, 0, 255),
  frontier: new Map([
    [B, 3],
    [A, 17],
    [C, Number.MAX_SAFE_INTEGER],
  ]),
  bindings: new Map([
    [2 ** 40 + 5, A],
    [7, B],
    [0, C],
  ]),
};

const decodeCode = (bytes: Uint8Array): string => {
  try {
    decodeSnapshot(bytes);
    return 'decoded';
  } catch (e) {
    return e instanceof DecodeError ? e.code : `not a DecodeError: ${String(e)}`;
  }
};

/** Hand-built encodings, to test what the encoder would never produce. */
const handmade = (frontier: Array<[PartyId, number]>, bindings: Array<[number, PartyId]>): Uint8Array => {
  const w = new Writer().raw(domain('plenary/snapshot/v1')).bytes(Uint8Array.of(9)).u32(frontier.length);
  for (const [author, seq] of frontier) w.fixed(partyIdToBytes(author), 16).u64(seq);
  w.u32(bindings.length);
  for (const [client, author] of bindings) w.u64(client).fixed(partyIdToBytes(author), 16);
  return w.finish();
};

describe('document snapshot encoding', () => {
  it('round-trips, with entries in canonical order whatever the insertion order', () => {
    const bytes = encodeSnapshot(sample);
    const decoded = decodeSnapshot(bytes);
    expect(decoded.yjsState).toEqual(sample.yjsState);
    expect(decoded.frontier).toEqual(sample.frontier);
    expect(decoded.bindings).toEqual(sample.bindings);
    expect([...decoded.frontier.keys()]).toEqual([A, B, C].sort());
    expect([...decoded.bindings.keys()]).toEqual([0, 7, 2 ** 40 + 5]);
    const reordered: DocumentSnapshot = {
      yjsState: sample.yjsState,
      frontier: new Map([...sample.frontier].reverse()),
      bindings: new Map([...sample.bindings].reverse()),
    };
    expect(toHex(encodeSnapshot(reordered))).toBe(toHex(bytes));
  });

  it('round-trips empty maps and an empty state', () => {
    const empty = decodeSnapshot(encodeSnapshot({ yjsState: new Uint8Array(0), frontier: new Map(), bindings: new Map() }));
    expect(empty.yjsState.length).toBe(0);
    expect(empty.frontier.size).toBe(0);
    expect(empty.bindings.size).toBe(0);
  });

  it('round-trips arbitrary snapshots (property)', () => {
    const partyArb = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => toHex(b) as PartyId);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.tuple(partyArb, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }))),
        fc.array(fc.tuple(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), partyArb)),
        (yjsState, frontier, bindings) => {
          const snapshot = { yjsState, frontier: new Map(frontier), bindings: new Map(bindings) };
          const bytes = encodeSnapshot(snapshot);
          const back = decodeSnapshot(bytes);
          expect(back.yjsState).toEqual(yjsState);
          expect(back.frontier).toEqual(snapshot.frontier);
          expect(back.bindings).toEqual(snapshot.bindings);
          expect(equalBytes(encodeSnapshot(back), bytes)).toBe(true);
        },
      ),
      { seed: 4242, numRuns: 300 },
    );
  });

  it('refuses to encode what it could not decode', () => {
    expect(() => encodeSnapshot({ ...sample, frontier: new Map([[A, 0]]) })).toThrow(RangeError);
    expect(() => encodeSnapshot({ ...sample, frontier: new Map([[A, 1.5]]) })).toThrow(RangeError);
    expect(() => encodeSnapshot({ ...sample, frontier: new Map([['A' as PartyId, 1]]) })).toThrow(RangeError);
    expect(() => encodeSnapshot({ ...sample, bindings: new Map([[-1, A]]) })).toThrow(RangeError);
    expect(() => encodeSnapshot({ ...sample, bindings: new Map([[3, 'nobody' as PartyId]]) })).toThrow(RangeError);
  });

  it('rejects non-canonical encodings: unsorted or duplicate entries, seq 0, trailing bytes, another domain', () => {
    const [lo, hi] = [A, B].sort() as [PartyId, PartyId];
    expect(decodeCode(handmade([[lo, 1], [hi, 2]], [[1, A], [2, B]]))).toBe('decoded');
    expect(decodeCode(handmade([[hi, 1], [lo, 2]], []))).toBe('malformed');
    expect(decodeCode(handmade([[lo, 1], [lo, 2]], []))).toBe('malformed');
    expect(decodeCode(handmade([[lo, 0]], []))).toBe('malformed');
    expect(decodeCode(handmade([], [[2, A], [1, B]]))).toBe('malformed');
    expect(decodeCode(handmade([], [[2, A], [2, B]]))).toBe('malformed');
    expect(decodeCode(Uint8Array.from([...encodeSnapshot(sample), 0]))).toBe('trailing-bytes');
    const other = encodeSnapshot(sample);
    other[10] = other[10]! ^ 1;
    expect(decodeCode(other)).toBe('bad-tag');
    expect(decodeCode(new Writer().raw(domain('plenary/snapshot/v1')).u32(0xffffffff).finish())).toBe('oversized');
  });

  it('never fails with anything but a DecodeError on mutated input (fuzz)', () => {
    const samples = [
      encodeSnapshot(sample),
      encodeSnapshot({ yjsState: new Uint8Array(0), frontier: new Map(), bindings: new Map() }),
      encodeSnapshot({ yjsState: new Uint8Array(64).fill(7), frontier: new Map([[A, 1]]), bindings: new Map([[1, A]]) }),
    ];
    const { decoded, rejected } = fuzzDecoder(samples, decodeSnapshot, {
      seed: 20260601,
      check: (snapshot, input) => expect(toHex(encodeSnapshot(snapshot)), 'a decoded snapshot re-encodes to its input').toBe(toHex(input)),
    });
    expect(rejected).toBeGreaterThan(0);
    expect(decoded + rejected).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { DecodeError, Reader, Writer, decodeWith, domain, fromHex, toHex } from '../../src/core/bytes.js';

describe('canonical bytes', () => {
  it('round-trips every field type in a fixed big-endian layout', () => {
    const bytes = new Writer(1)
      .raw(domain('t/v1'))
      .u8(7)
      .u32(0x01020304)
      .u64(2 ** 53 - 1)
      .fixed(new Uint8Array([9, 9]), 2)
      .bytes(new Uint8Array([1, 2, 3]))
      .text('Traité — ü')
      .finish();
    expect(toHex(bytes.subarray(0, 10))).toBe('742f76310007' + '01020304');
    const value = decodeWith(bytes, 'sample', (r) => {
      r.expectDomain(domain('t/v1'), 'sample');
      return [r.u8(), r.u32(), r.u64(), r.fixed(2), r.bytes(10), r.text(100)];
    });
    expect(value).toEqual([7, 0x01020304, 2 ** 53 - 1, new Uint8Array([9, 9]), new Uint8Array([1, 2, 3]), 'Traité — ü']);
  });

  it('refuses truncation, oversize, trailing bytes, a wrong tag and invalid UTF-8 with typed errors', () => {
    const sample = new Writer().raw(domain('t/v1')).bytes(new Uint8Array(20)).finish();
    const read = (b: Uint8Array, max = 100) =>
      decodeWith(b, 'sample', (r) => {
        r.expectDomain(domain('t/v1'), 'sample');
        return r.bytes(max);
      });
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
        return (e as DecodeError).code;
      }
      return 'decoded';
    };
    expect(code(() => read(sample))).toBe('decoded');
    expect(code(() => read(sample.subarray(0, sample.length - 1)))).toBe('truncated');
    expect(code(() => read(sample, 10))).toBe('oversized');
    expect(code(() => read(Uint8Array.from([...sample, 0])))).toBe('trailing-bytes');
    expect(code(() => read(new Writer().raw(domain('t/v2')).bytes(new Uint8Array(1)).finish()))).toBe('bad-tag');
    const badText = new Writer().bytes(new Uint8Array([0xff, 0xfe])).finish();
    expect(code(() => decodeWith(badText, 'text', (r) => r.text(10)))).toBe('malformed');
    expect(code(() => new Reader(new Uint8Array(8).fill(0xff)).u64())).toBe('malformed');
  });

  it('refuses counts the remaining input cannot hold, before allocating', () => {
    const bytes = new Writer().u32(1_000_000).finish();
    expect(() => new Reader(bytes).count(10_000_000, 8, 'votes')).toThrow(/cannot fit/);
    expect(() => new Reader(bytes).count(10, 8, 'votes')).toThrow(/exceeds/);
  });

  it('hex round-trips and refuses non-hex', () => {
    expect(toHex(fromHex('00ff10'))).toBe('00ff10');
    expect(() => fromHex('0g')).toThrow(DecodeError);
    expect(() => fromHex('abc')).toThrow(DecodeError);
  });
});

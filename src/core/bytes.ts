/**
 * Canonical, fixed-layout binary encoding for everything we sign or hash.
 *
 * Integers are big-endian and fixed width; byte strings and text are length-prefixed (u32) and
 * capped. Every signed structure starts with a domain-separation tag (see `domain`), so a
 * signature over one kind of message can never be replayed as another. The Reader never reads
 * past its input and reports every problem as a DecodeError with a machine-readable code.
 */

export type DecodeErrorCode =
  | 'truncated'
  | 'oversized'
  | 'unknown-version'
  | 'bad-tag'
  | 'trailing-bytes'
  | 'malformed';

export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

const utf8Encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF: stripping it would make two encodings decode to one value.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export const utf8 = (text: string): Uint8Array => utf8Encoder.encode(text);

/** A domain-separation prefix: the tag's UTF-8 bytes followed by a zero byte. */
export function domain(tag: string): Uint8Array {
  const bytes = utf8(tag);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

export class Writer {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initialSize = 256) {
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(n: number): this {
    if (!Number.isInteger(n) || n < 0 || n > 0xff) throw new RangeError(`u8 out of range: ${n}`);
    this.reserve(1);
    this.buf[this.pos++] = n;
    return this;
  }

  u32(n: number): this {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`u32 out of range: ${n}`);
    this.reserve(4);
    this.view.setUint32(this.pos, n);
    this.pos += 4;
    return this;
  }

  /** Unsigned integer up to 2^53 - 1, written as 8 bytes. */
  u64(n: number): this {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`u64 out of range: ${n}`);
    this.reserve(8);
    this.view.setUint32(this.pos, Math.floor(n / 0x100000000));
    this.view.setUint32(this.pos + 4, n >>> 0);
    this.pos += 8;
    return this;
  }

  /** Bytes of a length both sides know (keys, hashes, signatures): no prefix. */
  fixed(bytes: Uint8Array, length: number): this {
    if (bytes.length !== length) throw new RangeError(`expected ${length} bytes, got ${bytes.length}`);
    this.reserve(length);
    this.buf.set(bytes, this.pos);
    this.pos += length;
    return this;
  }

  /** Length-prefixed bytes. */
  bytes(bytes: Uint8Array): this {
    this.u32(bytes.length);
    this.reserve(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  /** Length-prefixed UTF-8 text. */
  text(text: string): this {
    return this.bytes(utf8(text));
  }

  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

export class Reader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.buf.length) {
      throw new DecodeError('truncated', `${what}: needs ${n} bytes, ${this.remaining} left`);
    }
  }

  u8(what = 'u8'): number {
    this.need(1, what);
    return this.buf[this.pos++]!;
  }

  u32(what = 'u32'): number {
    this.need(4, what);
    const n = this.view.getUint32(this.pos);
    this.pos += 4;
    return n;
  }

  u64(what = 'u64'): number {
    this.need(8, what);
    const hi = this.view.getUint32(this.pos);
    const lo = this.view.getUint32(this.pos + 4);
    this.pos += 8;
    if (hi > 0x1fffff) throw new DecodeError('malformed', `${what}: integer above 2^53`);
    return hi * 0x100000000 + lo;
  }

  fixed(length: number, what = 'bytes'): Uint8Array {
    this.need(length, what);
    const out = this.buf.slice(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  bytes(maxLength: number, what = 'bytes'): Uint8Array {
    const length = this.u32(`${what} length`);
    if (length > maxLength) throw new DecodeError('oversized', `${what}: ${length} bytes exceeds ${maxLength}`);
    return this.fixed(length, what);
  }

  text(maxBytes: number, what = 'text'): string {
    const bytes = this.bytes(maxBytes, what);
    try {
      return utf8Decoder.decode(bytes);
    } catch {
      throw new DecodeError('malformed', `${what}: invalid UTF-8`);
    }
  }

  /** Expects the exact domain tag; anything else is a message of another kind or version. */
  expectDomain(tag: Uint8Array, what: string): void {
    this.need(tag.length, what);
    for (let i = 0; i < tag.length; i++) {
      if (this.buf[this.pos + i] !== tag[i]) throw new DecodeError('bad-tag', `${what}: not a ${what} (or unknown version)`);
    }
    this.pos += tag.length;
  }

  /** A count of items to follow, each at least `minItemBytes` long: refuses counts the input cannot hold. */
  count(max: number, minItemBytes: number, what: string): number {
    const n = this.u32(`${what} count`);
    if (n > max) throw new DecodeError('oversized', `${what}: ${n} items exceeds ${max}`);
    if (n * minItemBytes > this.remaining) throw new DecodeError('truncated', `${what}: ${n} items cannot fit in ${this.remaining} bytes`);
    return n;
  }

  end(what: string): void {
    if (this.remaining !== 0) throw new DecodeError('trailing-bytes', `${what}: ${this.remaining} unexpected bytes at the end`);
  }
}

/** Runs a decoder over untrusted bytes: every failure becomes a DecodeError, nothing else escapes. */
export function decodeWith<T>(bytes: Uint8Array, what: string, read: (r: Reader) => T): T {
  if (!(bytes instanceof Uint8Array)) throw new DecodeError('malformed', `${what}: not bytes`);
  const reader = new Reader(bytes);
  try {
    const value = read(reader);
    reader.end(what);
    return value;
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    throw new DecodeError('malformed', `${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** For shape checks of values built in memory: exactly `length` bytes. */
export function isBytes(value: unknown, length: number): value is Uint8Array {
  return value instanceof Uint8Array && value.length === length;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
  return s;
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) throw new DecodeError('malformed', 'not lowercase hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Bytes in the API: base64 for blobs inside JSON, lowercase hex for ids, keys and hashes, and the
 * binary WebSocket frame that carries Yjs updates. Pure and dependency-free (the renderer and any
 * browser client use it too); no Buffer, no atob.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** Standard base64 with padding (RFC 4648 §4). */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + '=';
  }
  return out;
}

/**
 * Strict standard base64: padded, no whitespace, no stray bits, so every byte string has exactly
 * one accepted encoding. Returns undefined for anything else.
 */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const values = [0, 0, 0, 0];
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j);
      if (last && j >= 4 - padding) {
        if (code !== 61 /* = */) return undefined;
        continue;
      }
      const v = code < 128 ? LOOKUP[code]! : -1;
      if (v < 0) return undefined;
      values[j] = v;
    }
    const n = (values[0]! << 18) | (values[1]! << 12) | (values[2]! << 6) | values[3]!;
    if (last && padding === 2 && (n & 0xffff) !== 0) return undefined;
    if (last && padding === 1 && (n & 0xff) !== 0) return undefined;
    out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}

export function toHexString(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Lowercase hex of an even length; undefined otherwise. */
export function fromHexString(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-f]*$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * A Yjs update on the WebSocket, as one binary frame:
 *   u8 version (1) | u8 kind | u32 session (big-endian) | the Yjs v1 update
 * kind 1: node -> client, an update of the node's document for this sync session;
 * kind 2: client -> node, the client's local update (what `sync.push` takes as base64).
 */
export const SYNC_FRAME_VERSION = 1;
export const SYNC_FRAME_HEADER_BYTES = 6;
export type SyncFrameKind = 'node-update' | 'client-update';
const KIND_CODES: Record<SyncFrameKind, number> = { 'node-update': 1, 'client-update': 2 };

export interface SyncFrame {
  readonly kind: SyncFrameKind;
  readonly session: number;
  readonly update: Uint8Array;
}

export function encodeSyncFrame(frame: SyncFrame): Uint8Array {
  const out = new Uint8Array(SYNC_FRAME_HEADER_BYTES + frame.update.length);
  out[0] = SYNC_FRAME_VERSION;
  out[1] = KIND_CODES[frame.kind];
  new DataView(out.buffer).setUint32(2, frame.session >>> 0);
  out.set(frame.update, SYNC_FRAME_HEADER_BYTES);
  return out;
}

/** The frame, or a sentence saying why it is not one. */
export function decodeSyncFrame(bytes: Uint8Array): { ok: true; value: SyncFrame } | { ok: false; message: string } {
  if (bytes.length < SYNC_FRAME_HEADER_BYTES) return { ok: false, message: `a sync frame has at least ${SYNC_FRAME_HEADER_BYTES} bytes` };
  if (bytes[0] !== SYNC_FRAME_VERSION) return { ok: false, message: `unknown sync frame version ${bytes[0]}` };
  const kind = bytes[1] === 1 ? 'node-update' : bytes[1] === 2 ? 'client-update' : undefined;
  if (kind === undefined) return { ok: false, message: `unknown sync frame kind ${bytes[1]}` };
  const session = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(2);
  return { ok: true, value: { kind, session, update: bytes.subarray(SYNC_FRAME_HEADER_BYTES) } };
}

/**
 * A CRC-32 over key and value, appended to every stored value.
 *
 * Why, when LevelDB checksums its log and tables: classic-level opens LevelDB with its defaults,
 * `paranoid_checks = false` and reads with `verify_checksums = false`, and does not let us change
 * them. So a damaged table block can be returned as wrong bytes without any error. Our own check,
 * verified on every read, turns that into StoreError('corrupt'). Covering the key as well catches a
 * record that ended up under the wrong key.
 */
import { crc32 } from 'node:zlib';
import { StoreError } from './errors.js';

const CRC_BYTES = 4;

export function sealValue(key: Uint8Array, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(value.length + CRC_BYTES);
  out.set(value);
  new DataView(out.buffer).setUint32(value.length, crcOf(key, value));
  return out;
}

/** The value stored under `key`, or StoreError('corrupt') if it fails its checksum. */
export function openValue(key: Uint8Array, stored: Uint8Array, path: string): Uint8Array {
  if (stored.length < CRC_BYTES) throw corrupt(key, path, 'value shorter than its checksum');
  const value = stored.subarray(0, stored.length - CRC_BYTES);
  const expected = new DataView(stored.buffer, stored.byteOffset, stored.byteLength).getUint32(value.length);
  if (crcOf(key, value) !== expected) throw corrupt(key, path, 'checksum mismatch');
  return new Uint8Array(value); // a plain copy: LevelDB hands out Buffers
}

function crcOf(key: Uint8Array, value: Uint8Array): number {
  return crc32(value, crc32(key));
}

function corrupt(key: Uint8Array, path: string, why: string): StoreError {
  return new StoreError('corrupt', `record ${Buffer.from(key).toString('hex')}: ${why}`, { path });
}

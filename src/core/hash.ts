import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { domain, utf8 } from './bytes.js';

export const HASH_BYTES = 32;

/** SHA-256 of the concatenation of the parts. Pure JS, so the core runs anywhere. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = nobleSha256.create();
  for (const part of parts) h.update(part);
  return h.digest();
}

/** Hash of `bytes` under a domain tag, so hashes of different kinds of object never collide by construction. */
export function taggedHash(tag: string, ...parts: Uint8Array[]): Uint8Array {
  return sha256(domain(tag), ...parts);
}

/** The hash that fixes an adopted text: the draft's canonical rendering, as UTF-8. */
export function textHash(text: string): Uint8Array {
  return taggedHash('plenary/text/v1', utf8(text));
}

/**
 * ed25519 through node:crypto (OpenSSL): about 10x faster than @noble/ed25519 for both signing
 * and verifying. Key objects are cached because importing a raw key costs more than a signature.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { SignatureScheme } from '../core/identity.js';
import { toHex } from '../core/bytes.js';

// DER prefixes that wrap a raw 32-byte ed25519 key as PKCS#8 (private) and SPKI (public).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const CACHE_LIMIT = 4096;

function cached<K>(cache: Map<string, K>, key: string, make: () => K): K {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    value = make();
    cache.set(key, value);
  }
  return value;
}

export function createNativeEd25519(): SignatureScheme {
  const privateKeys = new Map<string, KeyObject>();
  const publicKeys = new Map<string, KeyObject | null>();

  const privateKey = (secretKey: Uint8Array): KeyObject =>
    cached(privateKeys, toHex(secretKey), () =>
      createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, secretKey]), format: 'der', type: 'pkcs8' }),
    );

  const publicKey = (raw: Uint8Array): KeyObject | null =>
    cached(publicKeys, toHex(raw), () => {
      if (raw.length !== 32) return null;
      try {
        return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
      } catch {
        return null;
      }
    });

  return {
    name: 'node:crypto',
    publicKeyOf(secretKey) {
      const jwk = createPublicKey(privateKey(secretKey)).export({ format: 'jwk' });
      return new Uint8Array(Buffer.from(jwk.x!, 'base64url'));
    },
    sign(message, secretKey) {
      return new Uint8Array(sign(null, message, privateKey(secretKey)));
    },
    verify(signature, message, raw) {
      const key = publicKey(raw);
      if (key === null || signature.length !== 64) return false;
      try {
        return verify(null, message, key, signature);
      } catch {
        return false;
      }
    },
  };
}

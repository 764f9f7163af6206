import { describe, expect, it } from 'vitest';
import {
  createSigner,
  fingerprintOf,
  generateKeyPair,
  isPartyId,
  keyPairFromSeed,
  nobleEd25519,
  partyIdFromBytes,
  partyIdOf,
  partyIdToBytes,
} from '../../src/core/identity.js';
import { createNativeEd25519 } from '../../src/node/native-ed25519.js';
import { utf8 } from '../../src/core/bytes.js';
import { createRng } from '../support/rng.js';

const native = createNativeEd25519();

describe('ed25519: node:crypto and @noble/ed25519 are interchangeable', () => {
  it('derive the same public key, produce identical signatures and verify each other', () => {
    const rng = createRng(7);
    for (let i = 0; i < 50; i++) {
      const seed = rng.bytes(32);
      const message = rng.bytes(rng.int(300));
      const pkNoble = nobleEd25519.publicKeyOf(seed);
      expect(native.publicKeyOf(seed)).toEqual(pkNoble);
      const sigNoble = nobleEd25519.sign(message, seed);
      const sigNative = native.sign(message, seed);
      expect(sigNative).toEqual(sigNoble);
      expect(native.verify(sigNoble, message, pkNoble)).toBe(true);
      expect(nobleEd25519.verify(sigNative, message, pkNoble)).toBe(true);
    }
  });

  it('both reject a flipped bit in the message, the signature or the key', () => {
    const keys = keyPairFromSeed(new Uint8Array(32).fill(3));
    const message = utf8('The Parties agree as follows.');
    const signature = native.sign(message, keys.secretKey);
    const flip = (b: Uint8Array, i: number) => {
      const c = b.slice();
      c[i] = c[i]! ^ 1;
      return c;
    };
    for (const scheme of [native, nobleEd25519]) {
      expect(scheme.verify(signature, message, keys.publicKey)).toBe(true);
      expect(scheme.verify(signature, flip(message, 3), keys.publicKey)).toBe(false);
      expect(scheme.verify(flip(signature, 10), message, keys.publicKey)).toBe(false);
      expect(scheme.verify(signature, message, flip(keys.publicKey, 0))).toBe(false);
      expect(scheme.verify(signature.subarray(0, 63), message, keys.publicKey)).toBe(false);
      expect(scheme.verify(signature, message, new Uint8Array(5))).toBe(false);
    }
  });
});

describe('party ids and fingerprints', () => {
  it('a party id is derived from the public key, round-trips through bytes, and differs per key', () => {
    const a = generateKeyPair();
    const b = generateKeyPair();
    const id = partyIdOf(a.publicKey);
    expect(isPartyId(id)).toBe(true);
    expect(partyIdFromBytes(partyIdToBytes(id))).toBe(id);
    expect(partyIdOf(b.publicKey)).not.toBe(id);
    expect(createSigner(a).party).toBe(id);
  });

  it('a fingerprint is 16 unambiguous characters in four groups, stable for a key', () => {
    const keys = keyPairFromSeed(new Uint8Array(32).fill(9));
    const fp = fingerprintOf(keys.publicKey);
    expect(fp).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(fingerprintOf(keys.publicKey)).toBe(fp);
    expect(fingerprintOf(generateKeyPair().publicKey)).not.toBe(fp);
  });

  it('a signer signs as its party without exposing the secret key', () => {
    const keys = generateKeyPair();
    const signer = createSigner(keys, native);
    expect(Object.values(signer)).not.toContainEqual(keys.secretKey);
    const message = utf8('Article 1');
    expect(nobleEd25519.verify(signer.sign(message), message, signer.publicKey)).toBe(true);
  });
});

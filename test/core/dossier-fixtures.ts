/** For dossier tests that verify thousands of tampered copies of one file. */
import { toHex } from '../../src/core/bytes.js';
import type { SignatureScheme } from '../../src/core/identity.js';

/**
 * The scheme with its verifications remembered by (signature, key, message): a tampered copy
 * still has every changed signature, key or message checked for real, and the thousands of
 * untouched ones are not checked again. Verification is a pure function, so nothing else changes.
 */
export function memoizedScheme(scheme: SignatureScheme): SignatureScheme & { readonly misses: () => number } {
  const known = new Map<string, boolean>();
  return {
    name: `${scheme.name} (memoized)`,
    publicKeyOf: (secretKey) => scheme.publicKeyOf(secretKey),
    sign: (message, secretKey) => scheme.sign(message, secretKey),
    verify(signature, message, publicKey) {
      const key = `${toHex(signature)}/${toHex(publicKey)}/${toHex(message)}`;
      let valid = known.get(key);
      if (valid === undefined) known.set(key, (valid = scheme.verify(signature, message, publicKey)));
      return valid;
    },
    misses: () => known.size,
  };
}

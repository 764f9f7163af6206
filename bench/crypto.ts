/** Signatures per second: the scheme we use on the hot path (node:crypto) beside @noble/ed25519. */
import { nobleEd25519, keyPairFromSeed } from '../src/core/identity.js';
import { createNativeEd25519 } from '../src/node/native-ed25519.js';
import { fmt, opsPerSecond, type Row } from './harness.js';

export function benchCrypto(): Row[] {
  const native = createNativeEd25519();
  const keys = keyPairFromSeed(new Uint8Array(32).fill(1));
  const message = new Uint8Array(120).fill(7); // about an envelope header plus a keystroke
  const sig = native.sign(message, keys.secretKey);

  const nativeSign = opsPerSecond(() => native.sign(message, keys.secretKey));
  const nobleSign = opsPerSecond(() => nobleEd25519.sign(message, keys.secretKey));
  const nativeVerify = opsPerSecond(() => native.verify(sig, message, keys.publicKey));
  const nobleVerify = opsPerSecond(() => nobleEd25519.verify(sig, message, keys.publicKey));
  return [
    {
      bench: 'ed25519 sign (node:crypto, used on the hot path) vs @noble/ed25519',
      ours: fmt.rate(nativeSign, 'signs'),
      baseline: fmt.rate(nobleSign, 'signs'),
      ratio: fmt.ratio(nativeSign, nobleSign),
    },
    {
      bench: 'ed25519 verify (node:crypto) vs @noble/ed25519',
      ours: fmt.rate(nativeVerify, 'verifies'),
      baseline: fmt.rate(nobleVerify, 'verifies'),
      ratio: fmt.ratio(nativeVerify, nobleVerify),
    },
  ];
}

/**
 * Decoder fuzzing: random and mutated inputs fed to a decoder that must either decode or throw a
 * DecodeError, never anything else, and never hang. `FUZZ_RUNS` sets the count (npm run fuzz: many more).
 */
import { expect } from 'vitest';
import { DecodeError } from '../../src/core/bytes.js';
import { createRng, type Rng } from './rng.js';

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 3000);

/** One mutation of a valid encoding: truncation, bit flip, byte change, insertion, deletion, splice, huge length. */
export function mutate(valid: Uint8Array, rng: Rng): Uint8Array {
  const b = valid.slice();
  switch (rng.int(8)) {
    case 0:
      return b.slice(0, rng.int(b.length)); // truncated
    case 1: {
      if (b.length === 0) return b;
      const i = rng.int(b.length);
      b[i] = b[i]! ^ (1 << rng.int(8)); // one bit flipped
      return b;
    }
    case 2: {
      if (b.length === 0) return b;
      b[rng.int(b.length)] = rng.int(256);
      return b;
    }
    case 3: {
      const i = rng.int(b.length + 1);
      return Uint8Array.from([...b.subarray(0, i), ...rng.bytes(1 + rng.int(8)), ...b.subarray(i)]);
    }
    case 4: {
      const i = rng.int(b.length + 1);
      return Uint8Array.from([...b.subarray(0, i), ...b.subarray(i + 1 + rng.int(8))]);
    }
    case 5: {
      if (b.length < 4) return b;
      const i = rng.int(b.length - 3); // a plausible length field made huge
      b.set([0xff, 0xff, 0xff, rng.int(256)], i);
      return b;
    }
    case 6:
      return Uint8Array.from([...b, ...rng.bytes(1 + rng.int(16))]); // trailing bytes
    default:
      return rng.bytes(rng.int(b.length * 2 + 8)); // noise
  }
}

/**
 * Runs `decode` on `runs` inputs derived from `samples`. Every input must decode or throw a
 * DecodeError; for inputs that do decode, `check` may assert more (e.g. re-encoding round-trips).
 */
export function fuzzDecoder<T>(
  samples: Uint8Array[],
  decode: (bytes: Uint8Array) => T,
  options: { seed: number; runs?: number; check?: (value: T, input: Uint8Array) => void },
): { decoded: number; rejected: number } {
  const rng = createRng(options.seed);
  const runs = options.runs ?? FUZZ_RUNS;
  let decoded = 0;
  let rejected = 0;
  for (let i = 0; i < runs; i++) {
    const input = mutate(rng.pick(samples), rng);
    let value: T;
    try {
      value = decode(input);
    } catch (e) {
      if (!(e instanceof DecodeError)) {
        expect.fail(`seed ${options.seed} run ${i}: decoder threw ${String(e)} instead of a DecodeError`);
      }
      rejected++;
      continue;
    }
    decoded++;
    options.check?.(value, input);
  }
  return { decoded, rejected };
}

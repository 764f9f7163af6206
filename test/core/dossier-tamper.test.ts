/**
 * A tampered dossier always fails: every single-byte flip of the committed sample (each position,
 * one xor), truncations and appended bytes. Signature checks are memoized across copies
 * (dossier-fixtures.ts), so each copy costs only what its flip changed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyDossier } from '../../src/core/dossier/index.js';
import { createNativeEd25519 } from '../../src/node/native-ed25519.js';
import { createRng } from '../support/rng.js';
import { SAMPLE_DOSSIER_PATH } from '../../scripts/make-sample-dossier.js';
import { rememberingScheme } from '../../src/core/identity.js';

const sample = new Uint8Array(readFileSync(SAMPLE_DOSSIER_PATH));
const scheme = rememberingScheme(createNativeEd25519());

describe('a tampered sample dossier', () => {
  it('verifies untouched', () => {
    expect(verifyDossier(sample, scheme).ok).toBe(true);
  });

  it('fails at every single-byte flip', () => {
    const rng = createRng(0xd05);
    const where = new Map<string, number>();
    for (let i = 0; i < sample.length; i++) {
      const copy = sample.slice();
      const mask = 1 << rng.int(8); // one bit per position; a seeded choice of which
      copy[i]! ^= mask;
      const result = verifyDossier(copy, scheme);
      if (result.ok) expect.fail(`flipping bit mask ${mask} at byte ${i} of ${sample.length} still verifies (seed ${rng.seed})`);
      const area = result.failure.where.replace(/ .*/, '');
      where.set(area, (where.get(area) ?? 0) + 1);
    }
    // Every part of the file was reached: layout, genesis, both blocks, acts.
    expect([...where.keys()].sort()).toEqual(['act', 'block', 'dossier', 'genesis']);
  });

  it('fails truncated at any length, and with anything appended', () => {
    const rng = createRng(0x7a1);
    const lengths = new Set([0, 1, 18, 19, sample.length - 1, ...Array.from({ length: 64 }, (_, i) => sample.length - 2 - i)]);
    while (lengths.size < 400) lengths.add(rng.int(sample.length));
    for (const n of lengths) {
      const result = verifyDossier(sample.subarray(0, n), scheme);
      expect(result.ok ? 'verified' : result.failure.where, `truncated to ${n} bytes (seed ${rng.seed})`).toBe('dossier');
    }
    for (const tail of [Uint8Array.of(0), Uint8Array.of(0xff), rng.bytes(32), sample]) {
      const result = verifyDossier(Uint8Array.of(...sample, ...tail), scheme);
      expect(result.ok ? 'verified' : result.failure.what).toMatch(/trailing-bytes/);
    }
  });

  it('fails, never throws, under random multi-byte damage and splices', () => {
    const rng = createRng(0xf022);
    for (let round = 0; round < 300; round++) {
      const copy = sample.slice();
      const kind = rng.int(3);
      let damaged: Uint8Array = copy;
      if (kind === 0) for (let n = 1 + rng.int(8); n > 0; n--) copy[rng.int(copy.length)]! ^= 1 + rng.int(255);
      else if (kind === 1) {
        // A stretch moved elsewhere: lengths and counts no longer line up.
        const from = rng.int(copy.length);
        const length = 1 + rng.int(64);
        const at = rng.int(copy.length);
        damaged = Uint8Array.of(...copy.subarray(0, at), ...copy.subarray(from, from + length), ...copy.subarray(at));
      } else {
        const at = rng.int(copy.length);
        damaged = Uint8Array.of(...copy.subarray(0, at), ...copy.subarray(at + 1 + rng.int(64)));
      }
      const result = verifyDossier(damaged, scheme);
      expect(result.ok, `round ${round}, damage of kind ${kind} (seed ${rng.seed})`).toBe(false);
    }
  });
});

/** A small seeded PRNG (mulberry32) so every randomized test can be replayed from its seed. */
import { seededRandom } from '../../src/p2p/memory-scheduler.js';

export interface Rng {
  readonly seed: number;
  next(): number; // [0, 1)
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  bytes(n: number): Uint8Array;
  shuffle<T>(items: T[]): T[];
  chance(p: number): boolean;
}

export function createRng(seed: number): Rng {
  const next = seededRandom(seed);
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return {
    seed,
    next,
    int,
    pick: (items) => items[int(items.length)]!,
    bytes: (n) => Uint8Array.from({ length: n }, () => int(256)),
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      return items;
    },
    chance: (p) => next() < p,
  };
}

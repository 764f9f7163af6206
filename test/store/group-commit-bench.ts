/**
 * Does group commit pay? Durable envelope appends per second, with `writers` concurrent appenders
 * each appending one envelope at a time, group commit on and off, next to the bare baseline: raw
 * classic-level `batch(..., { sync: true })` calls with the same concurrency and no checks.
 *   npx tsx test/store/group-commit-bench.ts [appends=3000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { openLevelStore } from '../../src/store/level.js';
import { createRng } from '../support/rng.js';
import { negotiation, party } from './fixtures.js';

const APPENDS = Number(process.argv[2] ?? 3000);
const NEG = negotiation('bench');
const AUTHORS = Array.from({ length: 8 }, (_, i) => party(`bench ${i}`));
const payloads = Array.from({ length: 64 }, (_, i) => createRng(i).bytes(400 + i * 10));

async function inDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'plenary-bench-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `writers` loops that share `APPENDS` calls of `append(i)`; returns appends per second. */
async function drive(writers: number, append: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < APPENDS) await append(next++);
    }),
  );
  return APPENDS / ((performance.now() - start) / 1000);
}

async function store(writers: number, groupCommit: boolean): Promise<{ rate: number; batches: number }> {
  return inDir(async (dir) => {
    const s = await openLevelStore(dir, { groupCommit });
    const rate = await drive(writers, (i) => {
      const author = AUTHORS[i % AUTHORS.length]!;
      return s.appendEnvelopes(NEG, [{ author, seq: Math.floor(i / AUTHORS.length) + 1, bytes: payloads[i % payloads.length]! }]);
    });
    const { batches } = s.stats();
    await s.close();
    return { rate, batches };
  });
}

async function bare(writers: number): Promise<number> {
  return inDir(async (dir) => {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    await db.open();
    const rate = await drive(writers, (i) =>
      db.batch([{ type: 'put', key: Uint8Array.of(i >> 24, i >> 16, i >> 8, i), value: payloads[i % payloads.length]! }], { sync: true }),
    );
    await db.close();
    return rate;
  });
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(8);
console.log(`${APPENDS} durable single-envelope appends (400-1030 bytes), appends/s`);
console.log('writers   bare LevelDB   store, grouped (batches)   store, ungrouped');
for (const writers of [1, 8, 64]) {
  const baseline = await bare(writers);
  const grouped = await store(writers, true);
  const single = await store(writers, false);
  console.log(`${String(writers).padStart(7)}   ${fmt(baseline)}       ${fmt(grouped.rate)} (${String(grouped.batches).padStart(5)})       ${fmt(single.rate)}`);
}

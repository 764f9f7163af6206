/**
 * The LevelDB store facing damaged files: it must refuse clearly (StoreError 'corrupt', with the
 * path) rather than open with data silently missing or return damaged bytes, and repair must
 * leave a consistent store. Also: a crash's torn last record is not damage, and group commit.
 */
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { sealValue } from '../../src/store/checksum.js';
import { blockKey, formatKey } from '../../src/store/keys.js';
import { openLevelStore } from '../../src/store/level.js';
import { repairLevelStore } from '../../src/store/level-recovery.js';
import { createRng } from '../support/rng.js';
import { blockBytes, expectStoreError, negotiation, party } from './fixtures.js';

const NEG = negotiation('damage');
const ALICE = party('alice');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plenary-damage-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Flips one bit in the middle of the first occurrence of `needle` in a file of the store ending in `ext`. */
async function flipInside(needle: Uint8Array, ext: string): Promise<string> {
  for (const name of await readdir(dir)) {
    if (!name.endsWith(ext)) continue;
    const bytes = await readFile(join(dir, name));
    const at = bytes.indexOf(needle);
    if (at < 0) continue;
    bytes[at + (needle.length >> 1)]! ^= 0x10;
    await writeFile(join(dir, name), bytes);
    return name;
  }
  throw new Error(`no ${ext} file of ${dir} contains the needle`);
}

async function writeLedger(blocks: number): Promise<void> {
  const store = await openLevelStore(dir);
  for (let h = 0; h < blocks; h++) await store.appendBlock(NEG, h, blockBytes(h));
  await store.close();
}

describe('LevelDB store: damage and recovery', () => {
  it('refuses to open when LevelDB recovery skipped a damaged log record, and keeps refusing until repaired', async () => {
    await writeLedger(10);
    await flipInside(blockBytes(5), '.log');

    const first = await expectStoreError(openLevelStore(dir), 'corrupt');
    expect(first.path).toBe(dir);
    expect(first.message).toMatch(/dropping \d+ bytes/);
    // LevelDB's LOG is rotated at each open; the damage note we wrote keeps the refusal.
    await expectStoreError(openLevelStore(dir), 'corrupt');

    const report = await repairLevelStore(dir);
    expect(report.actions).toContain('cleared the damage note');
    const store = await openLevelStore(dir, { verify: true });
    const tip = (await store.tip(NEG))!;
    expect(tip).toBeLessThan(5); // block 5 (and what followed it in the damaged log block) is gone...
    expect((await store.blocks(NEG)).map((b) => b.bytes)).toEqual(Array.from({ length: tip + 1 }, (_, h) => blockBytes(h)));
    await store.appendBlock(NEG, tip + 1, blockBytes(tip + 1)); // ...and can be fetched again from peers
    await store.close();
  });

  it('treats a torn last record (a crash in the middle of an unacknowledged write) as not written, not as damage', async () => {
    await writeLedger(10);
    const log = (await readdir(dir)).find((name) => name.endsWith('.log'))!;
    const size = (await readFile(join(dir, log))).length;
    await truncate(join(dir, log), size - 5); // cut into the last record: block 9
    const store = await openLevelStore(dir, { verify: true });
    expect(await store.tip(NEG)).toBe(8);
    await store.appendBlock(NEG, 9, blockBytes(9));
    await store.close();
  });

  it('reports a damaged value in a table as corrupt instead of returning it', async () => {
    const rng = createRng(31);
    const payloads = Array.from({ length: 20 }, () => rng.bytes(300)); // incompressible: stored verbatim
    let store = await openLevelStore(dir);
    await store.appendEnvelopes(NEG, payloads.map((bytes, i) => ({ author: ALICE, seq: i + 1, bytes })));
    await store.close();
    await (await openLevelStore(dir)).close(); // recovery moves the log into a table file
    await flipInside(payloads[7]!, '.ldb');

    const refused = await expectStoreError(openLevelStore(dir, { verify: true }), 'corrupt');
    expect(refused.path).toBe(dir);
    store = await openLevelStore(dir); // without the scan it opens, but never hands out the bad bytes
    await expectStoreError(store.envelopes(NEG, ALICE), 'corrupt');
    await expectStoreError(store.envelopes(NEG, ALICE, 8, 1), 'corrupt');
    expect((await store.envelopes(NEG, ALICE, 9)).length).toBe(12);
    await store.close();

    const report = await repairLevelStore(dir);
    expect(report.actions.some((a) => a.includes('checksum mismatch'))).toBe(true);
    store = await openLevelStore(dir, { verify: true });
    expect(await store.frontier(NEG)).toEqual(new Map([[ALICE, 7]]));
    expect(await store.countEnvelopes(NEG)).toBe(19);
    await store.close();
  });

  it('refuses a ledger with a hole, and repair cuts the ledger back to below the hole', async () => {
    await writeLedger(6);
    const raw = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    await raw.del(blockKey(NEG, 3), { sync: true });
    await raw.close();

    await expectStoreError(openLevelStore(dir, { verify: true }), 'corrupt');
    const store = await openLevelStore(dir);
    await expectStoreError(store.tip(NEG), 'corrupt');
    await expectStoreError(store.appendBlock(NEG, 6, blockBytes(6)), 'corrupt');
    await store.close();

    const report = await repairLevelStore(dir);
    expect(report.actions.filter((a) => a.includes('above missing height 3'))).toHaveLength(2);
    const repaired = await openLevelStore(dir, { verify: true });
    expect(await repaired.tip(NEG)).toBe(2);
    await repaired.close();
  });

  it('refuses a store whose CURRENT file is damaged', async () => {
    await writeLedger(2);
    await writeFile(join(dir, 'CURRENT'), 'garbage');
    const error = await expectStoreError(openLevelStore(dir), 'corrupt');
    expect(error.path).toBe(dir);
  });

  it('refuses a LevelDB database that is not a Plenary store, and a store from a newer version', async () => {
    const raw = new ClassicLevel<string, string>(dir);
    await raw.put('hello', 'world');
    await raw.close();
    await expectStoreError(openLevelStore(dir), 'corrupt');

    const other = await mkdtemp(join(tmpdir(), 'plenary-future-'));
    try {
      const future = new ClassicLevel<Uint8Array, Uint8Array>(other, { keyEncoding: 'view', valueEncoding: 'view' });
      await future.put(formatKey(), sealValue(formatKey(), Uint8Array.of(0, 0, 0, 2)));
      await future.close();
      await expectStoreError(openLevelStore(other), 'unsupported-version');
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('fails with io when the location cannot be a database', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a directory');
    const error = await expectStoreError(openLevelStore(join(file, 'store')), 'io');
    expect(error.path).toBe(join(file, 'store'));
  });
});

describe('LevelDB store: group commit', () => {
  const appendConcurrently = async (groupCommit: boolean): Promise<{ jobs: number; batches: number }> => {
    const store = await openLevelStore(dir, { groupCommit });
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.appendEnvelopes(NEG, [{ author: ALICE, seq: i + 1, bytes: utf8(`e${i}`) }])));
    const stats = store.stats();
    expect(await store.frontier(NEG)).toEqual(new Map([[ALICE, 200]]));
    await store.close();
    return stats;
  };

  it('merges appends made while a batch is being synced into one batch', async () => {
    const stats = await appendConcurrently(true);
    expect(stats.jobs).toBe(200);
    expect(stats.batches).toBeLessThan(20);
  });

  it('writes one batch per append when grouping is off', async () => {
    expect(await appendConcurrently(false)).toEqual({ jobs: 200, batches: 200 });
  });
});

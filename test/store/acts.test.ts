/** The acts keyspace on both stores (acts-contract.ts), and LevelDB's integrity scan and repair over act keys. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { taggedHash } from '../../src/core/hash.js';
import type { PlenaryStore } from '../../src/store/contract.js';
import { openLevelStore } from '../../src/store/level.js';
import { repairLevelStore } from '../../src/store/level-recovery.js';
import { createMemoryStore, MemoryVolume } from '../../src/store/memory.js';
import { actStoreContract } from './acts-contract.js';
import { negotiation, party } from './fixtures.js';

actStoreContract({
  name: 'memory',
  async create() {
    const volume = new MemoryVolume();
    const opened: PlenaryStore[] = [];
    return {
      open: async () => {
        const store = createMemoryStore(volume);
        opened.push(store);
        return store;
      },
      dispose: async () => {
        await Promise.all(opened.map((s) => s.close()));
      },
    };
  },
});

const dirs: string[] = [];
async function tempStoreDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'plenary-acts-'));
  dirs.push(dir);
  return dir;
}

actStoreContract({
  name: 'LevelDB',
  async create() {
    const dir = await tempStoreDir();
    const opened: PlenaryStore[] = [];
    return {
      open: async () => {
        const store = await openLevelStore(dir);
        opened.push(store);
        return store;
      },
      dispose: async () => {
        await Promise.all(opened.map((s) => s.close()));
      },
    };
  },
});

describe('LevelDB store with acts', () => {
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('passes its integrity scan with acts stored, and repair keeps them', async () => {
    const dir = await tempStoreDir();
    const neg = negotiation('integrity');
    const bytes = utf8('an act');
    const record = { party: party('p'), seq: 0, hash: taggedHash('test/act', bytes), bytes };
    const store = await openLevelStore(dir);
    await store.appendActs(neg, [record]);
    expect((await store.verify()).records).toBeGreaterThanOrEqual(3); // format, registry, act
    await store.close();
    const verified = await openLevelStore(dir, { verify: true });
    await verified.close();
    expect((await repairLevelStore(dir)).actions).toEqual([]);
    const reopened = await openLevelStore(dir, { verify: true });
    expect(await reopened.acts(neg)).toEqual([record]);
    await reopened.close();
  });
});

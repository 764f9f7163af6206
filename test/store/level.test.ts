import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlenaryStore } from '../../src/store/contract.js';
import { openLevelStore } from '../../src/store/level.js';
import { storeContract } from './contract.js';

storeContract({
  name: 'LevelDB',
  async create() {
    const dir = await mkdtemp(join(tmpdir(), 'plenary-store-'));
    const opened: PlenaryStore[] = [];
    return {
      open: async () => {
        const store = await openLevelStore(dir);
        opened.push(store);
        return store;
      },
      dispose: async () => {
        await Promise.all(opened.map((s) => s.close()));
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
});

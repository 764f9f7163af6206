import { describe, expect, it } from 'vitest';
import type { PlenaryStore } from '../../src/store/contract.js';
import { createMemoryStore, MemoryVolume } from '../../src/store/memory.js';
import { storeContract } from './contract.js';
import { expectStoreError, negotiation, party } from './fixtures.js';

storeContract({
  name: 'memory',
  async create() {
    const volume = new MemoryVolume();
    const opened: PlenaryStore[] = [];
    return {
      // async, so that a locked volume rejects like a locked directory does
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

describe('memory store', () => {
  it('keeps its data in the volume, so a new store on the same volume sees it', async () => {
    const volume = new MemoryVolume();
    const first = createMemoryStore(volume);
    await first.appendEnvelopes(negotiation('v'), [{ author: party('p'), seq: 1, bytes: Uint8Array.of(1) }]);
    await first.close();
    const second = createMemoryStore(volume);
    expect(await second.countEnvelopes(negotiation('v'))).toBe(1);
    await expectStoreError(Promise.resolve().then(() => createMemoryStore(volume)), 'locked');
    await second.close();
  });
});

/** Acts through three delegation nodes on the in-memory network (MemoryHub). */
import { MemoryHub } from '../../src/p2p/memory-network.js';
import { runNodeActs } from './acts-suite.js';

runNodeActs(() => {
  const hub = new MemoryHub({ seed: 31 });
  return { name: 'MemoryHub', delegations: 3, timeoutMs: 10_000, network: async (seed) => hub.createNetwork({ seed }) };
});

/** The node acceptance suite on the in-memory network (MemoryHub). */
import { MemoryHub } from '../../src/p2p/memory-network.js';
import { runNodeAcceptance } from './network-acceptance.js';

runNodeAcceptance(() => {
  const hub = new MemoryHub({ seed: 7 });
  return { name: 'MemoryHub', delegations: 4, timeoutMs: 10_000, network: async (seed) => hub.createNetwork({ seed }) };
});

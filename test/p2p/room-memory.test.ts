/** The room acceptance suite over the in-memory network. */
import { MemoryHub } from '../../src/p2p/memory-network.js';
import { runRoomAcceptance } from './room-acceptance.js';

runRoomAcceptance(() => {
  let hub = new MemoryHub({ seed: 7 });
  return {
    name: 'the in-memory network',
    timeoutMs: 10_000,
    network: async (seed) => hub.createNetwork({ seed }),
    connect: async (a, b) => {
      const dialed = await a.dial(b.addresses()[0]!);
      if (!dialed.ok) throw new Error(`dial: ${dialed.error.message}`);
    },
  };
});

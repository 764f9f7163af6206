/** Acts in the room over the in-memory network. */
import { MemoryHub } from '../../src/p2p/memory-network.js';
import type { PeerNetwork } from '../../src/p2p/network.js';
import { runRoomActs } from './room-acts-suite.js';

runRoomActs(() => {
  const hub = new MemoryHub({ seed: 23 });
  return {
    name: 'the in-memory network (seed 23)',
    timeoutMs: 10_000,
    network: async (key) => hub.createNetwork({ seed: key }),
    connect: async (a: PeerNetwork, b: PeerNetwork) => {
      const dialed = await a.dial(b.addresses()[0]!);
      if (!dialed.ok) throw new Error(`dial: ${dialed.error.message}`);
    },
  };
});

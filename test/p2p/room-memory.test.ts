/** The room acceptance and hostile suites over the in-memory network. */
import { MemoryHub } from '../../src/p2p/memory-network.js';
import type { PeerNetwork } from '../../src/p2p/network.js';
import { runRoomAcceptance } from './room-acceptance.js';
import { runRoomHostile, type HostileAdapter } from './room-hostile.js';

function memoryAdapter(seed: number): HostileAdapter {
  const hub = new MemoryHub({ seed });
  return {
    name: `the in-memory network (seed ${seed})`,
    timeoutMs: 10_000,
    network: async (key) => hub.createNetwork({ seed: key }),
    connect: async (a: PeerNetwork, b: PeerNetwork) => {
      const dialed = await a.dial(b.addresses()[0]!);
      if (!dialed.ok) throw new Error(`dial: ${dialed.error.message}`);
    },
    sendRaw: (from, to, protocol, bytes) => hub.injectRaw(from, to, protocol, bytes),
  };
}

runRoomAcceptance(() => memoryAdapter(7));
runRoomHostile(() => memoryAdapter(11));

/** The room acceptance suite over libp2p (TCP on 127.0.0.1, gossipsub with scoring). */
import { createLibp2pNetwork } from '../../src/p2p/libp2p-host.js';
import { runRoomAcceptance } from './room-acceptance.js';

runRoomAcceptance(() => ({
  name: 'libp2p on loopback',
  timeoutMs: 15_000,
  network: (seed) => createLibp2pNetwork({ seed, heartbeatMs: 100, listen: ['/ip4/127.0.0.1/tcp/0'] }),
  connect: async (a, b) => {
    const dialed = await a.dial(b.addresses()[0]!);
    if (!dialed.ok) throw new Error(`dial: ${dialed.error.message}`);
  },
  tuning: { antiEntropyMs: 500, behindDelayMs: 100 },
}));

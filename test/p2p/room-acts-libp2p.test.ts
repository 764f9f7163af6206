/** Acts in the room over libp2p (TCP on 127.0.0.1, gossipsub with scoring: a forger's score falls below zero). */
import { createLibp2pNetwork, type Libp2pNetwork } from '../../src/p2p/libp2p-host.js';
import type { PeerNetwork } from '../../src/p2p/network.js';
import { runRoomActs } from './room-acts-suite.js';

runRoomActs(() => ({
  name: 'libp2p on loopback',
  timeoutMs: 15_000,
  network: (seed) => createLibp2pNetwork({ seed, heartbeatMs: 100, listen: ['/ip4/127.0.0.1/tcp/0'] }),
  connect: async (a: PeerNetwork, b: PeerNetwork) => {
    const dialed = await a.dial(b.addresses()[0]!);
    if (!dialed.ok) throw new Error(`dial: ${dialed.error.message}`);
  },
  tuning: { antiEntropyMs: 500, behindDelayMs: 100 },
  scoreOf: (network, peer) => (network as Libp2pNetwork).scoreOf(peer),
}));

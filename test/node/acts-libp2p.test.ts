/** Acts through a pair of delegation nodes over libp2p (TCP on 127.0.0.1). */
import { createLibp2pNetwork } from '../../src/p2p/libp2p-host.js';
import { runNodeActs } from './acts-suite.js';

runNodeActs(() => ({
  name: 'libp2p on 127.0.0.1',
  delegations: 2,
  timeoutMs: 20_000,
  network: (seed) => createLibp2pNetwork({ seed, heartbeatMs: 100, listen: ['/ip4/127.0.0.1/tcp/0'] }),
}));

/** The node acceptance suite over libp2p: TCP on 127.0.0.1, gossipsub with scoring, no mDNS. */
import { createLibp2pNetwork } from '../../src/p2p/libp2p-host.js';
import { runNodeAcceptance } from './network-acceptance.js';

runNodeAcceptance(() => ({
  name: 'libp2p on 127.0.0.1',
  delegations: 3,
  timeoutMs: 20_000,
  network: (seed) => createLibp2pNetwork({ seed, heartbeatMs: 100, listen: ['/ip4/127.0.0.1/tcp/0'] }),
}));

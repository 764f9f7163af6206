/**
 * Entry of the Electron utility process that runs the delegation node, away from main (which
 * stays responsive for windows and menus) and from the renderer (which never sees a key).
 * Opens the node as `plenary serve` does, with libp2p on every interface and mDNS on (a
 * conference-hall LAN), and serves main over the parent port (node-host.ts).
 */
import '../node/polyfills.js';
import type { ParentPort } from 'electron';
import { DelegationNode } from '../node/delegation-node.js';
import { createLibp2pNetwork } from '../p2p/libp2p-host.js';
import { isStoreError } from '../store/index.js';
import { hostNode } from './node-host.js';
import { encodeFromNode } from './node-protocol.js';

/** Any free port on every interface: reachable by the delegations in the room. */
const LAN_LISTEN = ['/ip4/0.0.0.0/tcp/0', '/ip4/0.0.0.0/tcp/0/ws'];

const port = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
if (port === undefined) {
  console.error('plenary: node-process.js runs inside the desktop app (an Electron utility process)');
  process.exit(2);
}

const host = hostNode({
  post: (message) => port.postMessage(encodeFromNode(message)),
  open: (dataDir, vault) =>
    DelegationNode.open({
      dataDir,
      keyVault: vault,
      network: (seed) => createLibp2pNetwork({ seed, listen: LAN_LISTEN, mdns: true }),
    }),
  isLocked: (error) => isStoreError(error, 'locked'),
  exit: () => {
    // Let the 'closed' message leave before the process does.
    setImmediate(() => process.exit(0));
  },
});
port.on('message', (event) => host.receive(event.data));

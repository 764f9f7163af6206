/**
 * Starts the delegation node in an Electron utility process (node-process.ts) and joins it to
 * main through a NodeLink. Messages posted before the process has spawned wait for it.
 */
import { utilityProcess } from 'electron';
import type { KeyVault } from '../node/node-identity.js';
import { NodeLink, type NodeLinkHandlers } from './node-link.js';
import { encodeToNode, type ToNode } from './node-protocol.js';

export interface NodeLaunch {
  /** The built node-process.js. */
  readonly entry: string;
  readonly dataDir: string;
  /** Main's vault when the key is kept in the OS keychain; undefined: a plain 0600 key file. */
  readonly vault: KeyVault | undefined;
  readonly handlers: Omit<NodeLinkHandlers, 'vault'>;
}

export function launchNode(launch: NodeLaunch): NodeLink {
  const child = utilityProcess.fork(launch.entry, [], { serviceName: 'Plenary delegation node', stdio: 'inherit' });
  let waiting: ToNode[] | undefined = [];
  const post = (message: ToNode): void => {
    if (waiting !== undefined) waiting.push(message);
    else child.postMessage(encodeToNode(message));
  };
  child.once('spawn', () => {
    const queued = waiting ?? [];
    waiting = undefined;
    for (const message of queued) child.postMessage(encodeToNode(message));
  });
  const link = new NodeLink(post, { ...launch.handlers, vault: launch.vault });
  child.on('message', (raw: unknown) => link.receive(raw));
  child.once('exit', (code) => link.exited(`the delegation node's process exited (code ${code})`));
  link.start(launch.dataDir, launch.vault !== undefined);
  return link;
}

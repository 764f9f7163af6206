/**
 * The utility process's side of its port to main, without Electron: parses what main sends, opens
 * the node on 'start' (with a vault that asks main to seal and open the seed, when main keeps the
 * key in the OS keychain), relays calls and sync pushes (node-relay.ts), and closes the node on
 * 'shutdown'. Calls that arrive while the node opens wait for it.
 */
import { API_VERSION, apiError } from '../node/api.js';
import type { KeyVault } from '../node/node-identity.js';
import { parseToNode, type FromNode, type ToNode, type VaultOperation, type VaultOutcome } from './node-protocol.js';
import { NodeRelay, type RelayedNode } from './node-relay.js';

export interface NodeHostOptions {
  /** Posts to main (the caller encodes). */
  readonly post: (message: FromNode) => void;
  /** Opens the node in `dataDir`, with the vault when main keeps the key sealed. */
  readonly open: (dataDir: string, vault: KeyVault | undefined) => Promise<RelayedNode>;
  /** Whether an open failure means another process holds the data directory. */
  readonly isLocked?: (error: unknown) => boolean;
  /** After 'shutdown' has closed the node and answered 'closed'. */
  readonly exit: () => void;
  /** Where dropped messages are reported. Default console.error. */
  readonly log?: (line: string) => void;
}

export interface NodeHost {
  /** One message from main, as it arrived (unknown until parsed). */
  receive(raw: unknown): void;
}

type Opening = { readonly ok: true; readonly relay: NodeRelay } | { readonly ok: false; readonly message: string };

export function hostNode(options: NodeHostOptions): NodeHost {
  const log = options.log ?? ((line: string) => console.error(line));
  let opening: Promise<Opening> | undefined;
  let shuttingDown = false;
  const vaultRequests = new Map<number, (outcome: VaultOutcome) => void>();
  let nextVaultRequest = 1;

  const askVault = (op: VaultOperation, bytes: Uint8Array): Promise<Uint8Array> =>
    new Promise<VaultOutcome>((resolve) => {
      const id = nextVaultRequest++;
      vaultRequests.set(id, resolve);
      options.post({ v: 1, type: 'vault', id, op, bytes });
    }).then((outcome) => {
      if (!outcome.ok) throw new Error(outcome.message);
      return outcome.bytes;
    });
  const vault: KeyVault = { seal: (seed) => askVault('seal', seed), open: (sealed) => askVault('open', sealed) };

  const start = (dataDir: string, sealKeys: boolean): Promise<Opening> =>
    options.open(dataDir, sealKeys ? vault : undefined).then(
      (node) => {
        options.post({ v: 1, type: 'ready', apiVersion: API_VERSION, identity: node.identityView() });
        return { ok: true, relay: new NodeRelay(node, options.post) };
      },
      (error: unknown) => {
        const message = `the node did not open in ${dataDir}: ${error instanceof Error ? error.message : String(error)}`;
        options.post({ v: 1, type: 'failed', message, locked: options.isLocked?.(error) === true });
        return { ok: false, message };
      },
    );

  /** The relay once the node is open; undefined (after answering) when it is not. */
  const relayFor = async (id: number | undefined): Promise<NodeRelay | undefined> => {
    const opened = opening === undefined ? ({ ok: false, message: 'the node has not been started' } as const) : await opening;
    if (opened.ok && !shuttingDown) return opened.relay;
    const why = opened.ok ? 'the node is closing' : opened.message;
    if (id !== undefined) options.post({ v: 1, type: 'result', id, result: apiError('unavailable', why) });
    return undefined;
  };

  const handle = async (message: ToNode): Promise<void> => {
    switch (message.type) {
      case 'start':
        if (opening !== undefined) return log('plenary node: a second start message was ignored');
        opening = start(message.dataDir, message.sealKeys);
        return;
      case 'call':
        return (await relayFor(message.id))?.call(message.id, message.window, message.command, message.args);
      case 'sync-push': {
        const relay = await relayFor(undefined);
        if (relay !== undefined) relay.push(message.window, message.session, message.update);
        else options.post({ v: 1, type: 'sync-error', window: message.window, session: message.session, error: { code: 'unavailable', message: 'the node is not open' } });
        return;
      }
      case 'window-closed':
        return (await relayFor(undefined))?.closeWindow(message.window);
      case 'vault-result': {
        const resolve = vaultRequests.get(message.id);
        vaultRequests.delete(message.id);
        return resolve === undefined ? log(`plenary node: no vault request ${message.id}`) : resolve(message.outcome);
      }
      case 'shutdown': {
        if (shuttingDown) return;
        shuttingDown = true;
        const opened = opening === undefined ? undefined : await opening;
        try {
          if (opened?.ok === true) await opened.relay.close();
        } finally {
          options.post({ v: 1, type: 'closed' });
          options.exit();
        }
        return;
      }
      default: {
        const unknown: never = message;
        return log(`plenary node: unknown message ${JSON.stringify(unknown)}`);
      }
    }
  };

  return {
    receive(raw) {
      const parsed = parseToNode(raw);
      if (!parsed.ok) return log(`plenary node: dropped a message from main: ${parsed.message}`);
      handle(parsed.value).catch((error: unknown) => log(`plenary node: ${parsed.value.type} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    },
  };
}

/**
 * The NodeClient, given to every screen through React context, and the hooks screens use:
 * useNode() for the client, useNodeEvent() to follow the node's events, useConnection() for the
 * connection state (online, reconnecting) shown in the shell.
 */
import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import type { NodeEvent } from '../../node/api.js';
import type { ConnectionState, NodeClient } from '../client/node-client.js';

const NodeContext = createContext<NodeClient | null>(null);

export const NodeProvider = NodeContext.Provider;

export function useNode(): NodeClient {
  const client = useContext(NodeContext);
  if (client === null) throw new Error('useNode outside <NodeProvider>');
  return client;
}

/** Calls `listener` for each node event of the given types (all when omitted). */
export function useNodeEvent(listener: (event: NodeEvent) => void, types?: readonly NodeEvent['type'][]): void {
  const client = useNode();
  const latest = useRef(listener);
  latest.current = listener;
  const key = types?.join(',') ?? '*';
  useEffect(
    () =>
      client.onEvent((event) => {
        if (types === undefined || types.includes(event.type)) latest.current(event);
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `types`
    [client, key],
  );
}

export function useConnection(): ConnectionState {
  const client = useNode();
  return useSyncExternalStore(
    (notify) => client.onState(notify),
    () => client.state,
  );
}

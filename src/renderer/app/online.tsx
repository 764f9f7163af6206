/**
 * The online roster for the whole app: the shell counts the delegations online, the room's rail
 * marks each party. Seeded with presence.list for each negotiation, then kept by events.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useConnection, useNode, useNodeEvent } from './node-context.js';
import { OnlineRoster } from './online-roster.js';

const RosterContext = createContext<OnlineRoster>(OnlineRoster.empty());

export function OnlineProvider({ negotiations, children }: { readonly negotiations: readonly string[]; readonly children: ReactNode }) {
  const client = useNode();
  const connection = useConnection();
  const [roster, setRoster] = useState(OnlineRoster.empty);
  useNodeEvent((event) => setRoster((r) => r.apply(event)), ['peer', 'presence']);

  const key = negotiations.join(',');
  useEffect(() => {
    if (connection.kind !== 'open') return;
    let live = true;
    for (const negotiation of negotiations) {
      void client.call('presence.list', { negotiation }).then((result) => {
        if (live && result.ok) setRoster((r) => r.seed(negotiation, result.value));
      });
    }
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `negotiations`
  }, [client, connection.kind, key]);

  return <RosterContext.Provider value={roster}>{children}</RosterContext.Provider>;
}

export const useOnlineRoster = (): OnlineRoster => useContext(RosterContext);

/**
 * The online roster for the whole app: the shell counts the delegations online, the room's rail
 * marks each party. Seeded with presence.list for each negotiation, then kept by events.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useConnection, useNode, useNodeEvent } from './node-context.js';
import { OnlineRoster } from './online-roster.js';

const RosterContext = createContext<OnlineRoster>(OnlineRoster.empty());

export function OnlineProvider({ negotiations, children }: { readonly negotiations: readonly string[]; readonly children: ReactNode }) {
  const client = useNode();
  const connection = useConnection();
  const [roster, setRoster] = useState(OnlineRoster.empty);
  const seed = useCallback(
    (negotiation: string) =>
      void client.call('presence.list', { negotiation }).then((result) => {
        if (result.ok) setRoster((r) => r.seed(negotiation, result.value));
      }),
    [client],
  );
  useNodeEvent((event) => {
    setRoster((r) => r.apply(event));
    // A newcomer's peer connected before it was a party (so it came unnamed): ask who is there now.
    if (event.type === 'block-final' && event.block.body.kind !== 'adopt') seed(event.negotiation);
  }, ['peer', 'presence', 'block-final']);

  const key = negotiations.join(',');
  useEffect(() => {
    if (connection.kind !== 'open') return;
    for (const negotiation of negotiations) seed(negotiation);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `negotiations`
  }, [seed, connection.kind, key]);

  return <RosterContext.Provider value={roster}>{children}</RosterContext.Provider>;
}

export const useOnlineRoster = (): OnlineRoster => useContext(RosterContext);

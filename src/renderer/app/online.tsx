/**
 * The online roster for the whole app (online-roster.ts): the shell counts the delegations online
 * across negotiations (useOnlineAcross); in a room, the rail, the header and the draft's status
 * line all read useOnlineParties, so they say the same. Seeded with presence.list for each negotiation, then kept by events and by the
 * room's negotiations.get.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useConnection, useNode, useNodeEvent } from './node-context.js';
import { OnlineRoster, type NodeCount } from './online-roster.js';

interface OnlineContextValue {
  readonly roster: OnlineRoster;
  /** Asks presence.list again for one negotiation. */
  readonly seed: (negotiation: string) => void;
  readonly noteNode: (negotiation: string, count: NodeCount) => void;
}

const OnlineContext = createContext<OnlineContextValue>({ roster: OnlineRoster.empty(), seed: () => {}, noteNode: () => {} });

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
  const noteNode = useCallback((negotiation: string, count: NodeCount) => setRoster((r) => r.noteNode(negotiation, count)), []);
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

  const value = useMemo(() => ({ roster, seed, noteNode }), [roster, seed, noteNode]);
  return <OnlineContext.Provider value={value}>{children}</OnlineContext.Provider>;
}

/**
 * The other parties online in a negotiation. `count` is negotiations.get's (its `online` and the
 * parties but `self`), when the caller holds it: it names peers that came unnamed, and when the
 * node counts more than can be named, presence is asked again.
 */
export function useOnlineParties(negotiation: string, self: string | null, count?: NodeCount): ReadonlySet<string> {
  const { roster, seed, noteNode } = useContext(OnlineContext);
  const online = count?.online;
  const others = count?.others.join(',');
  useEffect(() => {
    if (online !== undefined && others !== undefined) noteNode(negotiation, { online, others: others === '' ? [] : others.split(',') });
  }, [negotiation, online, others, noteNode]);
  const lacksNames = roster.lacksNames(negotiation, self);
  useEffect(() => {
    if (lacksNames) seed(negotiation);
  }, [lacksNames, negotiation, seed]);
  return roster.onlineIn(negotiation, self);
}

/**
 * The delegations online across several negotiations, each counted once: the shell's count, from
 * the same roster as the rooms. Where a negotiation's node count (negotiations.list's `online`) is
 * more than the roster can name, presence is asked again rather than the count taken on trust.
 */
export function useOnlineAcross(counts: readonly { readonly id: string; readonly online: number }[], self: string | null): number {
  const { roster, seed } = useContext(OnlineContext);
  const lacking = counts
    .filter((n) => n.online > roster.onlineIn(n.id, self).size)
    .map((n) => n.id)
    .join(',');
  useEffect(() => {
    if (lacking !== '') for (const negotiation of lacking.split(',')) seed(negotiation);
  }, [lacking, seed]);
  return roster.online(null, self).size;
}

/**
 * What every part of the draft view shares, given once through context: the node, the stores
 * (stable for one document), the parties' names and colours, and the draft's actions. Nothing
 * here changes while someone types, so consumers do not re-render with the text.
 */
import { createContext, useContext } from 'react';
import type { ApiResult } from '../../node/api-types.js';
import type { ArgsOf, CommandName, ResultOf } from '../../node/api.js';
import type { PartyColour } from '../app/party-colour.js';
import type { ActiveTarget } from './active-target.js';
import type { Inbox } from './node-inbox.js';
import type { PresenceReporter, PresenceStore } from './presence-store.js';
import type { TreatyStore } from './treaty-store.js';

export interface DraftContextValue {
  readonly negotiation: string;
  /** Calls a command of this negotiation's node (the negotiation id is added). */
  call<N extends CommandName>(command: N, args: Omit<ArgsOf<N>, 'negotiation'>): Promise<ApiResult<ResultOf<N>>>;
  readonly store: TreatyStore;
  readonly presence: PresenceStore;
  readonly reporter: PresenceReporter;
  readonly active: ActiveTarget;
  /** Where the node's news waits to be drawn between this delegation's keystrokes (node-inbox.ts). */
  readonly inbox: Inbox;
  /** Ordered paragraph ids, for moving between paragraphs. */
  neighbour(paragraphId: string, step: -1 | 1): string | null;
  partyName(party: string): string;
  partyColour(party: string): PartyColour;
}

export const DraftContext = createContext<DraftContextValue | null>(null);

export function useDraft(): DraftContextValue {
  const value = useContext(DraftContext);
  if (value === null) throw new Error('useDraft outside <DraftView>');
  return value;
}

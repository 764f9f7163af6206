/** React bindings of the draft's stores: each hook subscribes to exactly what it reads. */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import type { PresenceView } from '../../node/api-types.js';
import { useConnection, useNode, useNodeEvent } from '../app/node-context.js';
import { ArrivalAnnouncer } from './arrivals.js';
import { catchUpAfter, type CatchingUp } from './catch-up.js';
import { targetKey, type DraftTarget } from './active-target.js';
import { useDraft } from './draft-context.js';
import { DraftSync, type DraftSyncState } from './draft-sync.js';
import type { Inbox } from './node-inbox.js';
import { paragraphLabel, type TreatyOutline, type PlacedParagraph } from './treaty-doc.js';
import { sameButWords, type ParagraphSnapshot } from './treaty-store.js';
import type { CommentEntry } from './treaty-doc.js';

const NOT_STARTED: DraftSyncState = { doc: null, generation: 0, phase: 'waiting', problem: null };
const noSubscription = () => () => {};

export interface DraftSyncView extends DraftSyncState {
  /** After 'stopped': the draft afresh from the node. */
  readonly reload: () => void;
}

/** The negotiation's replica, synced with the node while mounted (sync.close on unmount); the node's updates go through `inbox`. */
export function useDraftSync(negotiation: string, inbox: Inbox): DraftSyncView {
  const client = useNode();
  const [sync, setSync] = useState<DraftSync | null>(null);
  useEffect(() => {
    const started = new DraftSync(client, negotiation, inbox);
    started.start();
    setSync(started);
    return () => {
      started.close();
      setSync(null);
    };
  }, [client, negotiation, inbox]);
  const state = useSyncExternalStore(sync?.subscribe ?? noSubscription, sync?.getState ?? (() => NOT_STARTED));
  const reload = useCallback(() => sync?.reload(), [sync]);
  return useMemo(() => ({ ...state, reload }), [state, reload]);
}

/** What the node is catching up, from whom, while it runs (its 'catch-up' events). */
export function useCatchingUp(negotiation: string): CatchingUp | null {
  const connection = useConnection();
  const [catchingUp, setCatchingUp] = useState<CatchingUp | null>(null);
  useNodeEvent(
    (event) => {
      if (event.type === 'catch-up' && event.negotiation === negotiation) setCatchingUp((current) => catchUpAfter(current, event));
    },
    ['catch-up'],
  );
  useEffect(() => {
    if (connection.kind !== 'open') setCatchingUp(null); // its end would not reach us
  }, [connection.kind]);
  return catchingUp;
}

/** Polite announcements of other delegations arriving in paragraphs (arrivals.ts): the text to put in a live region. */
export function useArrivalAnnouncements(): string {
  const { presence, store } = useDraft();
  const [said, setSaid] = useState('');
  useEffect(() => {
    const describe = (paragraphId: string) => {
      const placed = store.getOutline().order.find((p) => p.id === paragraphId);
      return placed === undefined ? null : paragraphLabel(placed.place);
    };
    const announcer = new ArrivalAnnouncer(setSaid, describe);
    const off = presence.onArrival((arrival) => announcer.arrive(arrival));
    return () => {
      off();
      announcer.dispose();
    };
  }, [presence, store]);
  return said;
}

export function useOutline(): TreatyOutline {
  const { store } = useDraft();
  return useSyncExternalStore(store.subscribeOutline, store.getOutline);
}

/**
 * A paragraph's snapshot. While `wordsMatter` says no (the paragraph being edited, whose words its
 * editor shows), a snapshot that differs from the last one in its words alone is not taken: typing
 * then re-renders nothing but the editor's own line.
 */
export function useParagraph(node: PlacedParagraph, wordsMatter: (snapshot: ParagraphSnapshot) => boolean = () => true): ParagraphSnapshot {
  const { store } = useDraft();
  const subscribe = useCallback((listener: () => void) => store.subscribeParagraph(node, listener), [store, node]);
  const last = useRef<ParagraphSnapshot | null>(null);
  return useSyncExternalStore(subscribe, () => {
    const now = store.getParagraph(node);
    const before = last.current;
    if (before !== null && before !== now && !wordsMatter(now) && sameButWords(before, now)) return before;
    return (last.current = now);
  });
}

export function useComments(): readonly CommentEntry[] {
  const { store } = useDraft();
  return useSyncExternalStore(store.subscribeComments, store.getComments);
}

export function useCursors(paragraphId: string): readonly PresenceView[] {
  const { presence } = useDraft();
  const subscribe = useCallback((listener: () => void) => presence.subscribeParagraph(paragraphId, listener), [presence, paragraphId]);
  return useSyncExternalStore(subscribe, () => presence.cursorsOf(paragraphId));
}

/** The words of a title or heading, following its Y.Text. */
export function useTextOf(text: Y.Text | null): string {
  const subscribe = useCallback(
    (listener: () => void) => {
      if (text === null) return () => {};
      text.observe(listener);
      return () => text.unobserve(listener);
    },
    [text],
  );
  return useSyncExternalStore(subscribe, () => text?.toString() ?? '');
}

/** Whether `target` is the text being edited. */
export function useIsActive(target: DraftTarget): boolean {
  const { active } = useDraft();
  const key = targetKey(target);
  return useSyncExternalStore(active.subscribe, () => active.keyNow() === key);
}

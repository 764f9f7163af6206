/**
 * The Draft tab of the negotiation room: the treaty, edited live with the other delegations.
 * Typing edits the local replica (draft-sync.ts keeps it in step with the node); structural edits
 * (articles, paragraphs, statuses, brackets, options, comments) are the node's commands, whose
 * effect comes back through the sync channel. Cursors come from the node's presence.
 */
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import type { ArgsOf, CommandName } from '../../node/api.js';
import type { PartyView } from '../../node/api-types.js';
import { useConnection, useNode, useNodeEvent } from '../app/node-context.js';
import { afterPaint } from '../client/sync-outbox.js';
import { useOnlineParties } from '../app/online.js';
import { partyColour } from '../app/party-colour.js';
import { ActiveTarget } from './active-target.js';
import { CommentsColumn } from './CommentsColumn.js';
import { DraftContext, type DraftContextValue } from './draft-context.js';
import { draftStatusText } from './draft-status.js';
import { NodeInbox, type Inbox } from './node-inbox.js';
import { PresenceReporter, PresenceStore } from './presence-store.js';
import { TreatyStore } from './treaty-store.js';
import { TreatyText } from './TreatyText.js';
import { useArrivalAnnouncements, useCatchingUp, useDraftSync } from './use-draft.js';
import './draft.css';

export function DraftView({ negotiation }: { readonly negotiation: string }) {
  const client = useNode();
  const connection = useConnection();
  // Others' words and cursors are drawn between this delegation's keystrokes (node-inbox.ts).
  const [inbox] = useState(() => new NodeInbox());
  useEffect(() => {
    inbox.start();
    return () => inbox.stop();
  }, [inbox]);
  const sync = useDraftSync(negotiation, inbox);
  const self = useLastIdentity(connection);
  const presence = useMemo(() => new PresenceStore(null), [negotiation]);
  const active = useMemo(() => new ActiveTarget(), [negotiation]);
  // Our cursor goes after the frame that shows it: not in the keystroke's frame.
  const reporter = useMemo(() => new PresenceReporter((cursor) => void afterPaint(() => void client.call('presence.set', { negotiation, cursor }))), [client, negotiation]);
  const parties = useParties(negotiation);

  useEffect(() => presence.setSelf(self), [presence, self]);
  useEffect(
    () => () => {
      reporter.report('none'); // leaving the draft: our cursor goes with us
      reporter.dispose();
    },
    [reporter],
  );

  // Who is here: a fresh list on each connection, then events.
  useEffect(() => {
    if (connection.kind !== 'open') return;
    let current = true;
    void client.call('presence.list', { negotiation }).then((result) => {
      if (current && result.ok) inbox.add(() => presence.reset(result.value)); // in order with the events
    });
    return () => {
      current = false;
    };
  }, [client, connection.kind, negotiation, presence, inbox]);
  useNodeEvent(
    (event) => {
      if ('negotiation' in event && event.negotiation === negotiation) inbox.add(() => presence.apply(event));
    },
    ['presence'],
  );
  const online = useOnlineParties(negotiation, self).size; // as the room's rail and header say
  const catchingUp = useCatchingUp(negotiation);

  return (
    <div className="draft">
      <p role="status" className={`draft-status phase-${sync.phase}${sync.phase === 'open' && online > 0 ? ' is-live' : ''}`}>
        {draftStatusText(sync.phase, online, sync.problem, catchingUp)}
      </p>
      {sync.phase === 'open' && sync.problem !== null && (
        <p role="alert" className="error-note">
          {sync.problem}
        </p>
      )}
      {sync.phase === 'stopped' && (
        <div role="alert" className="error-note draft-stopped">
          <p>
            Your edits are no longer sent: {sync.problem}. Reload the draft to go on from the text your node holds (the words it refused are
            dropped; copy any you want to keep first).
          </p>
          <button type="button" onClick={sync.reload}>
            Reload the draft
          </button>
        </div>
      )}
      {sync.doc !== null && (
        <DraftDocument
          key={sync.generation}
          doc={sync.doc}
          negotiation={negotiation}
          presence={presence}
          reporter={reporter}
          active={active}
          parties={parties}
          inbox={inbox}
        />
      )}
    </div>
  );
}

interface DraftDocumentProps {
  readonly doc: Y.Doc;
  readonly negotiation: string;
  readonly presence: PresenceStore;
  readonly reporter: PresenceReporter;
  readonly active: ActiveTarget;
  readonly parties: readonly PartyView[];
  readonly inbox: Inbox;
}

/** Memoized: the view above re-renders when who is online or the sync's state changes, which changes nothing here. */
const DraftDocument = memo(function DraftDocument({ doc, negotiation, presence, reporter, active, parties, inbox }: DraftDocumentProps) {
  const client = useNode();
  const [store, setStore] = useState<TreatyStore | null>(null);
  useEffect(() => {
    const created = new TreatyStore(doc);
    setStore(created);
    return () => created.destroy();
  }, [doc]);

  const call = useCallback(
    <N extends CommandName>(command: N, args: Omit<ArgsOf<N>, 'negotiation'>) => client.call(command, { ...args, negotiation } as unknown as ArgsOf<N>),
    [client, negotiation],
  );
  const value = useMemo<DraftContextValue | null>(() => {
    if (store === null) return null;
    const names = new Map(parties.map((p) => [p.id, p.name]));
    const order = parties.map((p) => p.id);
    return {
      negotiation,
      call,
      store,
      presence,
      reporter,
      active,
      inbox,
      neighbour: (paragraphId, step) => {
        const list = store.getOutline().order;
        const at = list.findIndex((p) => p.id === paragraphId);
        return at < 0 ? null : (list[at + step]?.id ?? null);
      },
      partyName: (party) => names.get(party) ?? `Party ${party.slice(0, 8)}`,
      partyColour: (party) => partyColour(party, order),
    };
  }, [store, parties, negotiation, call, presence, reporter, active, inbox]);

  if (value === null) return null;
  return (
    <DraftContext.Provider value={value}>
      <div className="draft-columns">
        <TreatyText />
        <CommentsColumn />
      </div>
      <Arrivals />
    </DraftContext.Provider>
  );
});

/** This delegation's party id, kept while the connection is down. */
function useLastIdentity(connection: ReturnType<typeof useConnection>): string | null {
  const [self, setSelf] = useState<string | null>(connection.kind === 'open' ? connection.identity.party : null);
  useEffect(() => {
    if (connection.kind === 'open') setSelf(connection.identity.party);
  }, [connection]);
  return self;
}

/** The negotiation's parties in charter order (names, and the order colours follow). */
function useParties(negotiation: string): readonly PartyView[] {
  const client = useNode();
  const connection = useConnection();
  const [parties, setParties] = useState<readonly PartyView[]>([]);
  const [version, setVersion] = useState(0);
  useNodeEvent(
    (event) => {
      if ('negotiation' in event && event.negotiation === negotiation) setVersion((v) => v + 1);
    },
    ['block-final', 'negotiation-opened'],
  );
  useEffect(() => {
    if (connection.kind !== 'open') return;
    let current = true;
    void client.call('negotiations.get', { negotiation }).then((result) => {
      if (current && result.ok) setParties(result.value.parties);
    });
    return () => {
      current = false;
    };
  }, [client, connection.kind, negotiation, version]);
  return parties;
}

/** Other delegations arriving in paragraphs, said politely to screen readers (not on every keystroke). */
function Arrivals() {
  const said = useArrivalAnnouncements();
  return (
    <p className="visually-hidden" aria-live="polite">
      {said}
    </p>
  );
}

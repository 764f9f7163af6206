/**
 * The negotiation room: the parties on the left, the tabs (Draft, Adoption, Treaty, History,
 * Ledger, Delegations) on the right, the title and height on top. Tabs once opened stay mounted (hidden),
 * so the editor keeps its session and the others their place.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { IdentityView } from '../../../node/api.js';
import { DraftView } from '../../draft/DraftView.js';
import { useConnection, useNode } from '../../app/node-context.js';
import { useOnlineParties } from '../../app/online.js';
import { altDigit } from '../../app/shortcuts.js';
import { inNegotiation, ShownContext, useQuery } from '../../app/use-query.js';
import { ErrorText } from '../common/ErrorText.js';
import { plural } from '../common/format.js';
import { PartyOrderProvider } from '../common/PartyName.js';
import { AdoptionTab } from './adoption/AdoptionTab.js';
import { DelegationsTab } from './delegations/DelegationsTab.js';
import { HistoryTab } from './history/HistoryTab.js';
import { LedgerTab } from './ledger/LedgerTab.js';
import { PartyRail } from './PartyRail.js';
import { TreatyTab } from './treaty/TreatyTab.js';
import { OPEN_TAB_EVENT, ROOM_TABS, TAB_NAMES, tabAfterKey, type RoomTab } from './tabs.js';

export function Room({ negotiation, identity, onLeave }: { readonly negotiation: string; readonly identity: IdentityView; readonly onLeave: () => void }) {
  const client = useNode();
  const connection = useConnection();
  const detail = useQuery(() => client.call('negotiations.get', { negotiation }), [negotiation], {
    events: ['block-final', 'block-proposed', 'negotiation-opened', 'peer'],
    when: inNegotiation(negotiation),
  });
  const [tab, setTab] = useState<RoomTab>('draft');
  const [visited, setVisited] = useState<ReadonlySet<RoomTab>>(() => new Set(['draft']));
  const tabRefs = useRef(new Map<RoomTab, HTMLButtonElement>());
  // Who is online: one answer for the rail, the header and the draft (the node's count helps name them).
  const nodeCount = useMemo(
    () => (detail.value === undefined ? undefined : { online: detail.value.online, others: detail.value.parties.filter((p) => !p.isSelf).map((p) => p.id) }),
    [detail.value],
  );
  const online = useOnlineParties(negotiation, identity.party, nodeCount);
  // The same array while the parties are the same: a new one would have React look through every
  // component of the room (a thousand paragraphs) for readers of the order, on each refresh.
  const partyIds = detail.value?.parties.map((p) => p.id).join(',');
  const partyOrder = useMemo(() => (partyIds === undefined || partyIds === '' ? [] : partyIds.split(',')), [partyIds]);

  const select = (next: RoomTab, focus: boolean) => {
    setTab(next);
    setVisited((v) => (v.has(next) ? v : new Set([...v, next])));
    if (focus) tabRefs.current.get(next)?.focus();
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const index = altDigit(e, ROOM_TABS.length);
      const next = index === null ? undefined : ROOM_TABS[index];
      if (next === undefined) return;
      e.preventDefault();
      select(next, true);
    };
    // The desktop menu's "Export…" opens the Ledger tab, where the export is (App relays it).
    const onOpenTab = (e: Event) => {
      const next = (e as CustomEvent<unknown>).detail;
      if (ROOM_TABS.includes(next as RoomTab)) select(next as RoomTab, true);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener(OPEN_TAB_EVENT, onOpenTab);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener(OPEN_TAB_EVENT, onOpenTab);
    };
  }, []);

  const onTabKey = (e: ReactKeyboardEvent) => {
    const next = tabAfterKey(tab, e.key);
    if (next === null) return;
    e.preventDefault();
    select(next, true);
  };

  const d = detail.value;
  if (d === undefined) {
    return (
      <div className="page">
        {detail.error !== undefined ? (
          <>
            <ErrorText error={detail.error} prefix="This negotiation could not be opened:" />
            <button type="button" className="secondary" onClick={onLeave}>
              Back to your negotiations
            </button>
          </>
        ) : (
          <p className="muted" role="status">
            Opening the negotiation…
          </p>
        )}
      </div>
    );
  }

  return (
    <PartyOrderProvider value={partyOrder}>
    <div className="room">
      <PartyRail parties={d.parties} online={online} connected={connection.kind === 'open'} />
      <div className="room-main">
        <header className="room-head">
          <div>
            <h1 className="room-title">{d.title}</h1>
            <p className="room-meta">
              <span>Height {d.height}</span>
              <span>{d.lastAdopted === null ? 'No version adopted yet' : `Last adopted: “${d.lastAdopted.label || 'untitled'}”`}</span>
              {d.pendingProposals > 0 && <span>{plural(d.pendingProposals, 'proposal', 'proposals')} awaiting signatures</span>}
              <span>{d.partyCount === 1 ? 'No other party yet' : `${online.size} of ${plural(d.partyCount - 1, 'other party', 'other parties')} online`}</span>
            </p>
          </div>
        </header>
        {!d.member && (
          <p className="banner banner-warning" role="status">
            {d.status === 'joining'
              ? 'Your delegation is waiting for the parties to admit it: until then the record is read-only.'
              : 'Your delegation is no longer a party to this negotiation: its record stays here, read-only.'}
          </p>
        )}
        {d.warnings.length > 0 && (
          <div className="banner banner-warning" role="alert">
            <p>Your node could not do everything for this negotiation:</p>
            <ul>
              {d.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="tabs" role="tablist" aria-label="Negotiation views" onKeyDown={onTabKey}>
          {ROOM_TABS.map((t, i) => (
            <button
              key={t}
              ref={(el) => {
                if (el !== null) tabRefs.current.set(t, el);
              }}
              type="button"
              role="tab"
              id={`tab-${t}`}
              aria-controls={`panel-${t}`}
              aria-selected={tab === t}
              aria-keyshortcuts={`Alt+${i + 1}`}
              tabIndex={tab === t ? 0 : -1}
              className="tab"
              onClick={() => select(t, false)}
            >
              {TAB_NAMES[t]}
              <kbd className="tab-key" aria-hidden="true">
                Alt+{i + 1}
              </kbd>
            </button>
          ))}
        </div>
        {ROOM_TABS.map((t) => (
          <section key={t} role="tabpanel" id={`panel-${t}`} aria-labelledby={`tab-${t}`} hidden={tab !== t} className={`panel panel-${t}`} tabIndex={t === 'draft' ? undefined : 0}>
            <ShownContext.Provider value={tab === t}>{visited.has(t) && panel(t)}</ShownContext.Provider>
          </section>
        ))}
      </div>
    </div>
    </PartyOrderProvider>
  );

  function panel(t: RoomTab) {
    switch (t) {
      case 'draft':
        return <DraftView negotiation={negotiation} />;
      case 'adoption':
        return <AdoptionTab negotiation={negotiation} detail={d!} identity={identity} />;
      case 'treaty':
        return <TreatyTab negotiation={negotiation} detail={d!} identity={identity} />;
      case 'history':
        return <HistoryTab negotiation={negotiation} />;
      case 'ledger':
        return <LedgerTab negotiation={negotiation} detail={d!} />;
      case 'delegations':
        return <DelegationsTab negotiation={negotiation} detail={d!} identity={identity} />;
    }
  }
}

/**
 * The app: the shell (header, notices, shortcuts) around one screen at a time — naming the
 * delegation on first run, then home, convene, join, or a negotiation room.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { IdentityView, NegotiationSummary } from '../../node/api.js';
import { Convene } from '../screens/convene/Convene.js';
import { NameDelegation, Welcome } from '../screens/FirstRun.js';
import { Home } from '../screens/Home.js';
import { AdmissionWait } from '../screens/join/AdmissionWait.js';
import { Join } from '../screens/join/Join.js';
import { Room } from '../screens/room/Room.js';
import { OPEN_TAB_EVENT } from '../screens/room/tabs.js';
import '../styles/app.css';
import { useConnection, useNode, useNodeEvent } from './node-context.js';
import { Notices } from './Notices.js';
import { OnlineProvider, useOnlineAcross } from './online.js';
import { savedRoute, saveRoute, type Route } from './route.js';
import { Shell } from './Shell.js';
import { ShortcutsDialog } from './ShortcutsDialog.js';
import { isTypingTarget } from './shortcuts.js';
import { useTheme } from './theme.js';
import { useQuery } from './use-query.js';

export function App() {
  const client = useNode();
  const connection = useConnection();
  const { theme, toggle } = useTheme();
  const [identity, setIdentity] = useState<IdentityView | null>(connection.kind === 'open' ? connection.identity : null);
  const [everOpen, setEverOpen] = useState(connection.kind === 'open');
  const [route, setRouteState] = useState<Route>(savedRoute);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);

  useEffect(() => {
    if (connection.kind !== 'open') return;
    setIdentity(connection.identity);
    setEverOpen(true);
  }, [connection]);
  useNodeEvent((event) => event.type === 'identity-changed' && setIdentity(event.identity), ['identity-changed']);

  const setRoute = useCallback((next: Route) => {
    setRouteState(next);
    saveRoute(next);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTypingTarget(e.target)) {
        e.preventDefault();
        setShortcutsOpen(true);
      } else if (e.code === 'KeyL' && e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        toggle();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle]);

  // The desktop app's native menus (absent in browser mode, where the same actions are buttons).
  useEffect(
    () =>
      window.plenary?.onMenu?.((command) => {
        switch (command) {
          case 'new-negotiation':
            return setRoute({ screen: 'convene' });
          case 'join-with-code':
            return setRoute({ screen: 'join' });
          case 'export':
            return void window.dispatchEvent(new CustomEvent(OPEN_TAB_EVENT, { detail: 'ledger' }));
          case 'toggle-theme':
            return toggle();
          case 'keyboard-shortcuts':
            return setShortcutsOpen(true);
          default:
            return void (command satisfies never); // a newer main's command: nothing to do
        }
      }),
    [setRoute, toggle],
  );

  const negotiations = useQuery(() => client.call('negotiations.list', {}), [], {
    events: ['negotiation-opened', 'block-final', 'block-proposed', 'peer', 'identity-changed'],
  });
  const titles = useMemo(() => new Map((negotiations.value ?? []).map((n) => [n.id, n.title])), [negotiations.value]);
  const titleOf = useCallback((id: string) => titles.get(id), [titles]);
  const ids = useMemo(() => [...titles.keys()], [titles]);

  const open = (n: NegotiationSummary) => setRoute(n.status === 'joining' ? { screen: 'joining', negotiation: n.id } : { screen: 'room', negotiation: n.id });

  return (
    <OnlineProvider negotiations={ids}>
      <div className="app">
        <ShellWithRoster
          negotiations={negotiations.value}
          identity={identity}
          connection={connection}
          everOpen={everOpen}
          route={route}
          theme={theme}
          onToggleTheme={toggle}
          onShortcuts={() => setShortcutsOpen(true)}
          onHome={() => setRoute({ screen: 'home' })}
        />
        {connection.kind === 'failed' && <ConnectionFailed reason={connection.reason} />}
        <Notices titleOf={titleOf} />
        <main className="app-main" id="main">
          {identity === null ? (
            connection.kind !== 'failed' && (
              <p className="page muted" role="status">
                Connecting to your node…
              </p>
            )
          ) : identity.name === null ? (
            <NameDelegation
              onNamed={(named) => {
                setIdentity(named);
                setRoute({ screen: 'welcome' });
              }}
            />
          ) : (
            screen()
          )}
        </main>
        <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
      </div>
    </OnlineProvider>
  );

  function screen() {
    const self = identity!;
    const home = () => setRoute({ screen: 'home' });
    switch (route.screen) {
      case 'welcome':
        return <Welcome identity={self} onContinue={home} />;
      case 'home':
        return (
          <Home
            identity={self}
            negotiations={negotiations}
            onOpen={open}
            onConvene={() => setRoute({ screen: 'convene' })}
            onJoin={() => setRoute({ screen: 'join' })}
          />
        );
      case 'convene':
        return <Convene identity={self} onConvened={(d) => setRoute({ screen: 'room', negotiation: d.id })} onCancel={home} />;
      case 'join':
        return <Join onAdmitted={(negotiation) => setRoute({ screen: 'room', negotiation })} onCancel={home} />;
      case 'joining':
        return (
          <div className="page narrow">
            <h1>Joining “{titles.get(route.negotiation) ?? 'a negotiation'}”</h1>
            <AdmissionWait negotiation={route.negotiation} onAdmitted={() => setRoute({ screen: 'room', negotiation: route.negotiation })} />
          </div>
        );
      case 'room':
        return <Room key={route.negotiation} negotiation={route.negotiation} identity={self} onLeave={home} />;
    }
  }
}

const NO_NEGOTIATIONS: readonly NegotiationSummary[] = [];

/** The header, with the count of delegations online across this node's negotiations (each counted once). */
function ShellWithRoster({
  negotiations,
  ...props
}: {
  readonly negotiations: readonly NegotiationSummary[] | undefined;
  readonly identity: IdentityView | null;
  readonly connection: ReturnType<typeof useConnection>;
  readonly everOpen: boolean;
  readonly route: Route;
  readonly theme: ReturnType<typeof useTheme>['theme'];
  readonly onToggleTheme: () => void;
  readonly onShortcuts: () => void;
  readonly onHome: () => void;
}) {
  // The same answer the rooms give (useOnlineParties), each party counted once across the
  // negotiations; no floor from the node's own counts, so the header never says someone is online
  // while the room's rail says no one is.
  const online = useOnlineAcross(negotiations ?? NO_NEGOTIATIONS, props.identity?.party ?? null);
  const atHome = props.route.screen === 'home' || props.route.screen === 'welcome';
  return <Shell {...props} online={online} atHome={atHome} />;
}

function ConnectionFailed({ reason }: { readonly reason: string }) {
  // In browser mode the likely cause is a page opened without its token; say where to find it
  // (unless the client's reason says so already).
  const browser = window.plenary === undefined && !/ui:/.test(reason);
  return (
    <div className="banner banner-danger connection-failed" role="alert">
      <p>
        <strong>This window is not connected to your node:</strong> {reason}
      </p>
      {browser && (
        <p>
          Open the address on the <code>ui:</code> line that <code>plenary serve</code> printed when it started: it carries the node's secret token,
          which this page needs. (Each start of the node makes a new token.)
        </p>
      )}
    </div>
  );
}

/**
 * The shell's header: who this delegation is (name and fingerprint), the connection to its node,
 * how many delegations are online, the theme switch and the shortcuts list.
 */
import type { IdentityView } from '../../node/api.js';
import type { ConnectionState } from '../client/node-client.js';
import { plural } from '../screens/common/format.js';
import type { Theme } from './theme.js';

export function connectionInWords(state: ConnectionState, everOpen: boolean): string {
  switch (state.kind) {
    case 'open':
      return 'Connected to your node';
    case 'connecting':
      return everOpen || state.attempt > 0 ? 'Reconnecting…' : 'Connecting to your node…';
    case 'failed':
      return 'Not connected'; // the banner below the header says why
  }
}

export function Shell({
  identity,
  connection,
  everOpen,
  online,
  theme,
  onToggleTheme,
  onShortcuts,
  onHome,
  atHome,
}: {
  readonly identity: IdentityView | null;
  readonly connection: ConnectionState;
  readonly everOpen: boolean;
  readonly online: number;
  readonly theme: Theme;
  readonly onToggleTheme: () => void;
  readonly onShortcuts: () => void;
  readonly onHome: () => void;
  readonly atHome: boolean;
}) {
  const status = connectionInWords(connection, everOpen);
  return (
    <header className="shell-head">
      <div className="shell-left">
        <span className="brand">Plenary</span>
        {!atHome && identity?.name != null && (
          <button type="button" className="quiet back" onClick={onHome}>
            ← Your negotiations
          </button>
        )}
      </div>
      {identity?.name != null && (
        <div className="who" aria-label="Your delegation">
          <span className="who-name">{identity.name}</span>
          <span className="fingerprint" title="Your fingerprint: read it to the other delegations to confirm your key">
            {identity.fingerprint}
          </span>
        </div>
      )}
      <div className="shell-right">
        <span className={`conn conn-${connection.kind}`} role="status" title={connection.kind === 'open' ? undefined : (connection.reason ?? undefined)}>
          <span className="conn-dot" aria-hidden="true" />
          {status}
        </span>
        {connection.kind === 'open' && <span className="net">{plural(online, 'delegation', 'delegations')} online</span>}
        <button type="button" className="quiet icon" onClick={onToggleTheme} aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'} title="Alt+Shift+L">
          {theme === 'dark' ? '☀' : '☾'}
        </button>
        <button type="button" className="quiet icon" onClick={onShortcuts} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ?
        </button>
      </div>
    </header>
  );
}

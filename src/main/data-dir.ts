/**
 * Where the desktop app keeps its data, computed the same way by the app (main) and by
 * `npm start`'s browser mode, so both open the same delegation. Electron's userData, spelled out:
 *   Linux   $XDG_CONFIG_HOME/Plenary, or ~/.config/Plenary
 *   macOS   ~/Library/Application Support/Plenary
 *   Windows %APPDATA%\Plenary
 * PLENARY_DATA replaces that directory (a second delegation on one machine, a test run). The
 * delegation's node (identity key, store) lives in `<userData>/delegation`.
 */
import { posix, win32 } from 'node:path';

export const APP_DIR_NAME = 'Plenary';
export const DELEGATION_DIR_NAME = 'delegation';

export interface Host {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
}

export interface AppPaths {
  /** Electron's userData: window state, Chromium's own files, the delegation. */
  readonly userData: string;
  /** The delegation node's data directory (what `plenary serve --data` takes). */
  readonly delegation: string;
}

const set = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

export function appPaths(host: Host): AppPaths {
  const path = host.platform === 'win32' ? win32 : posix;
  let userData: string;
  if (set(host.env.PLENARY_DATA)) userData = path.resolve(host.env.PLENARY_DATA);
  else if (host.platform === 'win32') userData = path.join(set(host.env.APPDATA) ? host.env.APPDATA : path.join(host.home, 'AppData', 'Roaming'), APP_DIR_NAME);
  else if (host.platform === 'darwin') userData = path.join(host.home, 'Library', 'Application Support', APP_DIR_NAME);
  else {
    // The XDG spec ignores a relative XDG_CONFIG_HOME.
    const config = set(host.env.XDG_CONFIG_HOME) && path.isAbsolute(host.env.XDG_CONFIG_HOME) ? host.env.XDG_CONFIG_HOME : path.join(host.home, '.config');
    userData = path.join(config, APP_DIR_NAME);
  }
  return { userData, delegation: path.join(userData, DELEGATION_DIR_NAME) };
}

/**
 * The app window and what it may do: isolated, sandboxed, no Node, our files only (plenary://app,
 * app-protocol.ts), no navigation away, no new windows (https links open in the OS browser), no
 * webviews, no permissions beyond writing the clipboard. Bounds kept across runs (window-state.ts).
 */
import { readFile } from 'node:fs/promises';
import { BrowserWindow, protocol, screen, session, shell, type WebContents } from 'electron';
import { APP_ENTRY, APP_SCHEME, assetPath, contentTypeOf, navigationVerdict } from './app-protocol.js';
import { loadWindowState, MIN_SIZE, saveWindowState } from './window-state.js';

/** Before app 'ready': our scheme is a secure, standard origin the page's CSP 'self' covers. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** After 'ready': serves files under `root` (the built renderer) and nothing else. */
export function serveAppFiles(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = assetPath(root, request.url);
    if (file === undefined || request.method !== 'GET') return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(file), { headers: { 'content-type': contentTypeOf(file), 'x-content-type-options': 'nosniff' } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

/** No camera, microphone, notifications, geolocation...: the app needs none of them. */
export function denyPermissions(): void {
  const allowed = new Set(['clipboard-sanitized-write', 'fullscreen']);
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(allowed.has(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => allowed.has(permission));
}

export interface MainWindowOptions {
  readonly preload: string;
  readonly statePath: string;
  readonly development: boolean;
}

export async function openMainWindow(options: MainWindowOptions): Promise<BrowserWindow> {
  const state = await loadWindowState(options.statePath, screen.getAllDisplays().map((d) => d.workArea));
  const window = new BrowserWindow({
    ...state,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Plenary',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      devTools: options.development,
    },
  });
  guardNavigation(window.webContents);
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    void saveWindowState(options.statePath, { ...bounds, maximized: window.isMaximized() }).catch((e: unknown) => console.error(`plenary: window state not saved: ${String(e)}`));
  });
  await window.loadURL(APP_ENTRY);
  return window;
}

function guardNavigation(contents: WebContents): void {
  const leave = (url: string): void => {
    if (navigationVerdict(url) === 'browser') void shell.openExternal(url);
  };
  contents.on('will-navigate', (event, url) => {
    if (navigationVerdict(url) === 'stay') return;
    event.preventDefault();
    leave(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (navigationVerdict(url) !== 'stay') event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    leave(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

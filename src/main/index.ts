/**
 * The desktop app's main process: wiring only. The node runs in a utility process
 * (node-launcher.ts, node-process.ts); windows reach it through the preload and IPC (ipc.ts);
 * the key stays sealed by the OS keychain (safe-storage-vault.ts, key-protection.ts).
 */
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, Menu } from 'electron';
import { appPaths } from './data-dir.js';
import { AppWindows, deliverToWindows, serveIpc } from './ipc.js';
import { keyProtection } from './key-protection.js';
import { menuTemplate } from './menu.js';
import { launchNode } from './node-launcher.js';
import type { NodeLink } from './node-link.js';
import { keychainStatus, safeStorageVault } from './safe-storage-vault.js';
import { denyPermissions, openMainWindow, registerAppScheme, serveAppFiles } from './window.js';

/** How long quitting waits for the node to flush and close its storage. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

const here = dirname(fileURLToPath(import.meta.url));
const paths = appPaths({ platform: process.platform, env: process.env, home: homedir() });
const development = !app.isPackaged;
const windows = new AppWindows();
let link: NodeLink | undefined;

app.setName('Plenary');
app.setPath('userData', paths.userData);
registerAppScheme();

const openWindow = async (): Promise<void> => {
  const window = await openMainWindow({ preload: join(here, '../preload/index.cjs'), statePath: join(paths.userData, 'window-state.json'), development });
  windows.add(window, () => link);
};

const fail = (title: string, message: string): void => {
  dialog.showErrorBox(title, message);
  app.exit(1);
};

async function start(): Promise<void> {
  const protection = keyProtection(await keychainStatus(process.env));
  if (protection.kind === 'refuse') return fail(protection.title, protection.message);
  if (protection.kind === 'plain-file') console.warn(`plenary: ${protection.warning}`);

  serveAppFiles(join(app.getAppPath(), 'dist', 'renderer'));
  denyPermissions();
  link = launchNode({
    entry: join(here, 'node-process.js'),
    dataDir: paths.delegation,
    vault: protection.kind === 'keychain' ? safeStorageVault() : undefined,
    handlers: {
      ...deliverToWindows(windows),
      failed: (message, locked) =>
        fail('Plenary cannot open this delegation', locked ? `Another Plenary (perhaps browser mode) is using ${paths.delegation}. Stop it and start the app again.` : message),
    },
  });
  serveIpc(link, windows);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        platform: process.platform,
        appName: 'Plenary',
        development,
        send: (command) => windows.sendMenu(command),
        showAbout: () =>
          void dialog.showMessageBox({
            type: 'info',
            title: 'About Plenary',
            message: `Plenary ${app.getVersion()}`,
            detail: `Peer-to-peer drafting of treaties.\nElectron ${process.versions.electron}, Node ${process.versions.node}.\nData: ${paths.delegation}`,
          }),
      }),
    ),
  );
  await openWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another instance runs: it focuses its window (second-instance below); this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    const window = windows.first();
    if (window === undefined) return void openWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (windows.first() === undefined && link !== undefined) void openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Ctrl+C in the terminal of `npm start`: quit the same clean way as the menu does.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());

  // Quit only once the node has flushed and closed its storage (bounded: a hung node cannot keep the app).
  let closing = false;
  app.on('before-quit', (event) => {
    if (link === undefined || closing) return;
    event.preventDefault();
    closing = true;
    void link.shutdown(SHUTDOWN_TIMEOUT_MS).then((closed) => {
      if (!closed) console.error(`plenary: the node did not close within ${SHUTDOWN_TIMEOUT_MS} ms; quitting anyway`);
      link = undefined;
      app.quit();
    });
  });

  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => fail('Plenary could not start', e instanceof Error ? e.message : String(e)));
}

/**
 * The native menus. Items that act in the UI send a MenuCommand to the focused window (the
 * preload's onMenu); editing, zoom and quitting are Electron's own roles. Devtools only in
 * development. A template, so it is checked without Electron (Menu.buildFromTemplate in index.ts).
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../node/api-desktop.js';

export interface MenuOptions {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  /** Not packaged: reload and devtools are offered. */
  readonly development: boolean;
  /** Sends a command to the focused window's UI. */
  readonly send: (command: MenuCommand) => void;
  readonly showAbout: () => void;
}

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const ui = (label: string, command: MenuCommand, accelerator?: string, pageHandlesKey = false): MenuItemConstructorOptions => ({
    label,
    click: () => options.send(command),
    ...(accelerator === undefined ? {} : { accelerator }),
    // The page answers this key itself (shortcuts.ts): show it, but let the page have it, once.
    ...(pageHandlesKey ? { registerAccelerator: false } : {}),
  });
  const about: MenuItemConstructorOptions = { label: `About ${options.appName}`, click: options.showAbout };
  const separator: MenuItemConstructorOptions = { type: 'separator' };

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: options.appName,
      submenu: [about, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
    });
  }
  template.push(
    {
      label: '&File',
      submenu: [
        ui('New negotiation…', 'new-negotiation', 'CmdOrCtrl+N'),
        ui('Join with code…', 'join-with-code', 'CmdOrCtrl+J'),
        separator,
        ui('Export…', 'export', 'CmdOrCtrl+Shift+E'),
        separator,
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'pasteAndMatchStyle' }, { role: 'delete' }, separator, { role: 'selectAll' }],
    },
    {
      label: '&View',
      submenu: [
        ui('Toggle theme', 'toggle-theme', 'Alt+Shift+L', true),
        separator,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        separator,
        { role: 'togglefullscreen' },
        ...(options.development ? [separator, { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
      ],
    },
  );
  if (mac) template.push({ role: 'windowMenu' });
  template.push({
    label: '&Help',
    role: 'help',
    submenu: [ui('Keyboard shortcuts', 'keyboard-shortcuts', '?', true), ...(mac ? [] : [separator, about])],
  });
  return template;
}

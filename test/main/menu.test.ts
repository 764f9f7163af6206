/** The native menus: the items the issue lists, UI commands sent on click, devtools in development only. */
import { describe, expect, it } from 'vitest';
import { menuTemplate, type MenuOptions } from '../../src/main/menu.js';
import type { MenuCommand } from '../../src/node/api-desktop.js';

// Electron's item type, without importing electron outside src/main (the boundary this repo keeps).
type MenuItemConstructorOptions = ReturnType<typeof menuTemplate>[number];

function build(overrides: Partial<MenuOptions> = {}) {
  const sent: MenuCommand[] = [];
  let abouts = 0;
  const template = menuTemplate({ platform: 'linux', appName: 'Plenary', development: false, send: (c) => sent.push(c), showAbout: () => abouts++, ...overrides });
  return { template, sent, about: () => abouts };
}

const items = (menu: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  menu.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
const labelled = (menu: MenuItemConstructorOptions[], label: string) => items(menu).find((i) => i.label === label);
const click = (item: MenuItemConstructorOptions | undefined) => (item!.click as () => void)();

describe('the native menus', () => {
  it('have File, Edit, View and Help, with the UI commands sent to the window', () => {
    const { template, sent, about } = build();
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    for (const [label, command] of [
      ['New negotiation…', 'new-negotiation'],
      ['Join with code…', 'join-with-code'],
      ['Export…', 'export'],
      ['Toggle theme', 'toggle-theme'],
      ['Keyboard shortcuts', 'keyboard-shortcuts'],
    ] as const) {
      click(labelled(template, label));
      expect(sent.at(-1), label).toBe(command);
    }
    click(labelled(template, 'About Plenary'));
    expect(about()).toBe(1);
    const roles = items(template).map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom']));
  });

  it('offer reload and devtools in development only', () => {
    expect(items(build().template).map((i) => i.role)).not.toContain('toggleDevTools');
    expect(items(build({ development: true }).template).map((i) => i.role)).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
  });

  it('leave keys the page answers itself to the page (no double toggle)', () => {
    const theme = labelled(build().template, 'Toggle theme')!;
    expect(theme).toMatchObject({ accelerator: 'Alt+Shift+L', registerAccelerator: false });
    expect(labelled(build().template, 'New negotiation…')).not.toHaveProperty('registerAccelerator');
  });

  it('follow macOS conventions there: the app menu first, with About and Quit, and a Window menu', () => {
    const { template } = build({ platform: 'darwin' });
    expect(template[0]!.label).toBe('Plenary');
    expect(items([template[0]!]).map((i) => i.role ?? i.label)).toEqual(expect.arrayContaining(['About Plenary', 'quit', 'hide']));
    expect(template.map((m) => m.role)).toContain('windowMenu');
  });
});

/**
 * The Electron glue, run: the desktop build (vite.desktop.config.ts) of main, the node's
 * process and the preload, under a stand-in for the electron module (support/fake-electron.mjs),
 * driven through the preload's window.plenary as a page would (support/drive-desktop.mjs). Proves the wiring that typechecking alone cannot:
 * index.ts starts the node in its process with the key sealed by "safeStorage", IPC is heard
 * from our frame only and checked, node events and sync frames reach the window, menus and the
 * app protocol work, and quitting closes the node before the app goes.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
// Inside the repository (out/ is ignored): the build's packages resolve from its node_modules,
// except 'electron', which resolves to the stand-in next to the build.
mkdirSync(join(root, 'out'), { recursive: true });
const appDir = mkdtempSync(join(root, 'out', 'desktop-smoke-'));
afterAll(() => rmSync(appDir, { recursive: true, force: true }));

beforeAll(async () => {
  for (const [mode, out] of [['production', 'main'], ['preload', 'preload']] as const) {
    await build({ configFile: join(root, 'vite.desktop.config.ts'), mode, logLevel: 'silent', build: { outDir: join(appDir, 'out', out) } });
  }
  const electron = join(appDir, 'node_modules', 'electron');
  mkdirSync(electron, { recursive: true });
  writeFileSync(join(electron, 'package.json'), JSON.stringify({ name: 'electron', type: 'module', main: 'index.js' }));
  copyFileSync(join(root, 'test/main/support/fake-electron.mjs'), join(electron, 'index.js'));
  copyFileSync(join(root, 'test/main/support/fake-parent-port.mjs'), join(electron, 'fake-parent-port.mjs'));
  mkdirSync(join(appDir, 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(appDir, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Plenary</title>');
}, 60_000);

async function drive(env: Record<string, string>): Promise<Record<string, unknown>> {
  const data = mkdtempSync(join(appDir, 'data-'));
  const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'test/main/support/drive-desktop.mjs'), appDir], {
    env: { ...process.env, PLENARY_DATA: data, FAKE_APP_PATH: appDir, ...env },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe('the desktop app, built, under a stand-in Electron', () => {
  it('builds main, the node process and the preload', () => {
    for (const file of ['out/main/index.js', 'out/main/node-process.js', 'out/preload/index.cjs']) expect(existsSync(join(appDir, file)), file).toBe(true);
  });

  it('runs: node in its process, key sealed, IPC checked, events and sync to the window, clean quit', async () => {
    const report = await drive({});
    expect(report.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: join(appDir, 'out/preload/index.cjs') });
    expect(report.url).toBe('plenary://app/index.html');
    expect(report.exposed).toEqual(['apiVersion', 'call', 'onEvent', 'onMenu', 'onSyncError', 'onSyncUpdate', 'pushSyncUpdate']);
    expect(report.identity).toMatchObject({ ok: true, value: { name: null } });
    expect(report.foreignFrame).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(report.otherPage).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(report.badArgs).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(report.syncOpened).toBe(true);
    expect(report.eventTypes).toEqual(expect.arrayContaining(['identity-changed', 'negotiation-opened', 'text-changed']));
    expect(report.pushToUnknownSession).toMatchObject({ code: 'unknown-session' });
    expect(report.menuSent).toEqual(['new-negotiation']);
    // ...and what the page got through the preload.
    expect(report.preloadHeard).toEqual({
      events: expect.arrayContaining(['identity-changed', 'negotiation-opened', 'text-changed']),
      updates: true,
      errors: [{ session: expect.any(Number), code: 'unknown-session' }],
      menu: ['new-negotiation'],
    });
    expect([report.indexStatus, report.escapeStatus]).toEqual([200, 404]);
    expect(report.navigationPrevented).toBe(true);
    expect(report.windowOpen).toEqual({ action: 'deny' });
    expect(report.quit).toBe(true);
    expect(report.files).toEqual({ sealed: true, plain: false });
    expect(report.utilityExited).toEqual({ code: 0 });
  });

  it('refuses to start without a keychain, and starts with a plain key file when allowed', async () => {
    const refused = await drive({ FAKE_KEYCHAIN: 'none' });
    expect(refused.exitCode).toBe(1);
    expect(refused.errors).toEqual([expect.objectContaining({ title: "Plenary cannot protect the delegation's key", message: expect.stringContaining('PLENARY_ALLOW_PLAIN_KEY=1') })]);
    const plain = await drive({ FAKE_KEYCHAIN: 'none', PLENARY_ALLOW_PLAIN_KEY: '1' });
    expect(plain.files).toEqual({ sealed: false, plain: true });
  });
});

// Drives the built main process (APP_DIR/out/main/index.js) under the fake electron, as a window
// and a user would, and prints what happened as one JSON line. Run by desktop-smoke.test.ts.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const appDir = process.argv[2];
const report = {};
const until = async (what, condition, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

// Whatever fails, the node's process goes too, and the reason is printed.
process.on('uncaughtException', (error) => fail(error));
process.on('unhandledRejection', (error) => fail(error));
function fail(error) {
  console.error(`drive-desktop: ${error?.stack ?? error}`);
  globalThis.fakeElectron?.utility?.kill();
  process.exit(1);
}

await import(pathToFileURL(join(appDir, 'out/main/index.js')).href);
const fake = globalThis.fakeElectron;
const { app } = await import(pathToFileURL(join(appDir, 'node_modules/electron/index.js')).href);
const quitting = () => until('the app to quit', () => fake.quit || fake.exitCode !== undefined);

if (process.env.FAKE_KEYCHAIN === 'none' && process.env.PLENARY_ALLOW_PLAIN_KEY !== '1') {
  await quitting();
  report.errors = fake.errors;
  report.exitCode = fake.exitCode;
  console.log(JSON.stringify(report));
  process.exit(0);
}

const window = await until('the window', () => fake.windows[0]);
const contents = window.webContents;
report.webPreferences = window.options.webPreferences;
report.url = window.url;
report.schemes = fake.schemes;
const call = fake.handlers.get('plenary:call');
// The window's side: the built preload, on the stand-in's contextBridge and ipcRenderer.
createRequire(import.meta.url)(join(appDir, 'out/preload/index.cjs'));
const plenary = fake.exposed.plenary;
report.exposed = Object.keys(plenary).sort();
const ours = { sender: contents, senderFrame: contents.mainFrame };
const foreign = { sender: contents, senderFrame: { processId: 1, routingId: 99, url: 'plenary://app/index.html' } };
const elsewhere = { sender: contents, senderFrame: { ...contents.mainFrame, url: 'https://example.org/' } };

report.identity = await plenary.call('identity.get', {});
const heard = { events: [], updates: [], errors: [], menu: [] };
plenary.onEvent((event) => heard.events.push(event.type));
plenary.onSyncUpdate((session, update) => heard.updates.push({ session, bytes: update instanceof Uint8Array }));
plenary.onSyncError((session, error) => heard.errors.push({ session, code: error.code }));
plenary.onMenu((command) => heard.menu.push(command));
report.foreignFrame = await call(foreign, 'identity.get', {});
report.otherPage = await call(elsewhere, 'identity.get', {});
report.badArgs = await call(ours, 'identity.create', { nom: 'x' });
await plenary.call('identity.create', { name: 'Smoke Republic' });
const negotiation = (await plenary.call('negotiations.create', { title: 'Smoke Accord', parties: [] })).value.id;
const opened = await plenary.call('sync.open', { negotiation });
report.syncOpened = opened.ok;
await plenary.call('draft.addArticle', { negotiation, heading: 'Scope' });
await until('a sync update for the window', () => contents.sent.some(([c, s, u]) => c === 'plenary:sync-update' && s === opened.value.session && u instanceof Uint8Array));
await until('the text-changed event', () => contents.sent.some(([c, e]) => c === 'plenary:event' && e.type === 'text-changed'));
report.eventTypes = [...new Set(contents.sent.filter(([c]) => c === 'plenary:event').map(([, e]) => e.type))].sort();
plenary.pushSyncUpdate(opened.value.session + 1000, new Uint8Array([1]));
report.pushToUnknownSession = (await until('a sync error', () => contents.sent.find(([c]) => c === 'plenary:sync-error')))[2];

const file = fake.menu.find((m) => m.label === '&File').submenu.find((i) => i.label === 'New negotiation…');
file.click();
report.menuSent = contents.sent.filter(([c]) => c === 'plenary:menu').map(([, command]) => command);
report.preloadHeard = { events: [...new Set(heard.events)].sort(), updates: heard.updates.length > 0 && heard.updates.every((u) => u.session === opened.value.session && u.bytes), errors: heard.errors, menu: heard.menu };

report.indexStatus = (await fake.protocol({ url: 'plenary://app/index.html', method: 'GET' })).status;
report.escapeStatus = (await fake.protocol({ url: 'plenary://app/..%2f..%2fpackage.json', method: 'GET' })).status;
const navigation = { prevented: false, preventDefault() { this.prevented = true; } };
contents.emit('will-navigate', navigation, 'file:///etc/passwd');
report.navigationPrevented = navigation.prevented;
report.windowOpen = contents.openHandler({ url: 'https://example.org/' });

window.emit('close');
window.emit('closed');
app.quit();
await quitting();
const delegation = join(process.env.PLENARY_DATA, 'delegation');
report.quit = fake.quit;
report.files = { sealed: existsSync(join(delegation, 'identity.sealed')), plain: existsSync(join(delegation, 'identity.key')) };
await until('the window state', () => existsSync(join(process.env.PLENARY_DATA, 'window-state.json')));
report.utilityExited = await until('the node process to exit', () => fake.utility.exitCode !== null && { code: fake.utility.exitCode });
console.log(JSON.stringify(report));
process.exit(0);

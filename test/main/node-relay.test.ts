/**
 * The desktop relay without Electron: main's NodeLink and the utility's node host joined by a
 * fake port that structured-clones every message (as Electron's does), around a real delegation
 * node in a temporary directory. Calls, events, sync sessions owned by a window, the vault over
 * the port, a node that cannot open, a process that dies, and a clean shutdown.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { fromBase64, type ApiError, type NodeEvent } from '../../src/node/api.js';
import type { DelegationNode } from '../../src/node/delegation-node.js';
import { IDENTITY_FILE, SEALED_IDENTITY_FILE, type KeyVault } from '../../src/node/node-identity.js';
import { hostNode } from '../../src/main/node-host.js';
import { NodeLink } from '../../src/main/node-link.js';
import { encodeFromNode, encodeToNode } from '../../src/main/node-protocol.js';
import { Recorder, waitFor } from '../support/wait.js';
import { openNode, removeTempDirs, tempDir, unwrap } from '../node/node-fixtures.js';

afterEach(removeTempDirs);

const aesVault = (): KeyVault => {
  const key = randomBytes(32);
  return {
    async seal(seed) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(seed), cipher.final()]);
      return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body]));
    },
    async open(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return new Uint8Array(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]));
    },
  };
};

/** Both ends, with an asynchronous, cloning port between them. */
function desktop(dataDir: string, options: { vault?: KeyVault; sealKeys?: boolean } = {}) {
  const events = new Recorder<NodeEvent>();
  const updates = new Recorder<{ window: number; session: number; update: Uint8Array }>();
  const syncErrors = new Recorder<{ window: number; session: number; error: ApiError }>();
  const logs: string[] = [];
  const state = { ready: false, failed: undefined as string | undefined, exited: false, node: undefined as DelegationNode | undefined };
  const deliver = (receive: (raw: unknown) => void, message: unknown): void => {
    const cloned = structuredClone(message);
    setImmediate(() => receive(cloned));
  };
  const host = hostNode({
    post: (m) => deliver((raw) => link.receive(raw), encodeFromNode(m)),
    open: async (dir, vault) => (state.node = await openNode(dir, { keyVault: vault })),
    exit: () => {
      state.exited = true;
      setImmediate(() => link.exited('the node process exited'));
    },
    log: (line) => logs.push(line),
  });
  const link: NodeLink = new NodeLink((m) => deliver((raw) => host.receive(raw), encodeToNode(m)), {
    ready: () => (state.ready = true),
    failed: (message) => (state.failed = message),
    event: events.push,
    syncUpdate: (window, session, update) => updates.push({ window, session, update }),
    syncError: (window, session, error) => syncErrors.push({ window, session, error }),
    vault: options.vault,
    log: (line) => logs.push(line),
  });
  link.start(dataDir, options.sealKeys ?? false);
  return { link, host, events, updates, syncErrors, logs, state };
}

const W1 = 1;
const W2 = 2;

async function negotiationWithParagraph(link: NodeLink, window: number) {
  unwrap(await link.call(window, 'identity.create', { name: 'Republic of Testland' }));
  const negotiation = (unwrap(await link.call(window, 'negotiations.create', { title: 'Albatross Agreement', parties: [] })) as { id: string }).id;
  const article = (unwrap(await link.call(window, 'draft.addArticle', { negotiation, heading: 'Protection' })) as { id: string }).id;
  const paragraph = (unwrap(await link.call(window, 'draft.addParagraph', { negotiation, in: { articleId: article }, text: 'The Parties shall cooperate.' })) as { id: string }).id;
  return { negotiation, paragraph };
}

describe('the desktop relay (main <-> node process)', () => {
  it('relays calls made before the node is ready, and the node events', async () => {
    const app = desktop(tempDir());
    const identity = app.link.call(W1, 'identity.get', {});
    expect(app.state.ready).toBe(false);
    expect(unwrap(await identity)).toMatchObject({ name: null });
    expect(app.state.ready).toBe(true);
    const named = unwrap(await app.link.call(W1, 'identity.create', { name: 'Kingdom of Norland' }));
    await app.events.waitFor('identity-changed', (e) => e.type === 'identity-changed' && e.identity.name === 'Kingdom of Norland');
    expect(await app.link.call(W1, 'identity.create', { name: 'Again' })).toMatchObject({ ok: false, error: { code: 'identity-exists' } });
    expect(await app.link.call(W1, 'no.such', {})).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    expect(named).toMatchObject({ name: 'Kingdom of Norland' });
    expect(await app.link.shutdown(5000)).toBe(true);
  });

  it('gives each window its own sync sessions: updates go to the owner, pushes and closes from others are refused', async () => {
    const app = desktop(tempDir());
    const { negotiation, paragraph } = await negotiationWithParagraph(app.link, W1);
    const opened = unwrap(await app.link.call(W1, 'sync.open', { negotiation })) as { session: number; clientId: number; update: string };

    // Window 1's replica, written under the clientID the node gave it.
    const doc = new Y.Doc({ gc: false });
    Y.applyUpdate(doc, fromBase64(opened.update)!, 'node');
    doc.clientID = opened.clientId;
    const outbox: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'node' && outbox.push(u));
    const text = ((doc.getArray('articles').get(0) as Y.Map<unknown>).get('paragraphs') as Y.Array<Y.Map<unknown>>).get(0).get('text') as Y.Text;
    text.insert(27, ' in good faith');
    app.link.push(W1, opened.session, outbox.splice(0)[0]!);
    await waitFor('the push applied', async () => {
      const read = unwrap(await app.link.call(W2, 'draft.read', { negotiation })) as { articles: { paragraphs: { text: string }[] }[] };
      return read.articles[0]!.paragraphs[0]!.text === 'The Parties shall cooperate in good faith.';
    });

    // Another window's edit reaches window 1's session, and only window 1.
    unwrap(await app.link.call(W2, 'draft.insertText', { negotiation, target: { kind: 'paragraph', paragraphId: paragraph }, index: 0, text: '1bis. ' }));
    await app.updates.waitFor('an update for window 1', (u) => u.window === W1 && u.session === opened.session);
    for (const u of app.updates.items) Y.applyUpdate(doc, u.update, 'node');
    expect(text.toString()).toBe('1bis. The Parties shall cooperate in good faith.');
    expect(app.updates.count((u) => u.window !== W1)).toBe(0);

    // Window 2 cannot push to, or close, window 1's session; a push of garbage is refused as a value.
    app.link.push(W2, opened.session, new Uint8Array([1, 2, 3]));
    await app.syncErrors.waitFor('refused push from window 2', (e) => e.window === W2 && e.error.code === 'unknown-session');
    expect(await app.link.call(W2, 'sync.close', { session: opened.session })).toMatchObject({ ok: false, error: { code: 'unknown-session' } });
    app.link.push(W1, opened.session, new Uint8Array([1, 2, 3]));
    await app.syncErrors.waitFor('refused garbage from window 1', (e) => e.window === W1 && e.error.code !== 'unknown-session');

    // Closing window 1 closes its session: nothing more is sent for it, and its session is gone.
    app.link.windowClosed(W1);
    app.link.push(W1, opened.session, new Uint8Array([0, 0]));
    await app.syncErrors.waitFor('push after close', (e) => e.window === W1 && e.error.code === 'unknown-session');
    // ...closed in the node itself, not only hidden by the relay.
    expect(app.state.node!.pushSync(opened.session, new Uint8Array([1, 2, 3]))).toMatchObject({ ok: false, error: { code: 'unknown-session' } });
    const before = app.updates.items.length;
    unwrap(await app.link.call(W2, 'draft.insertText', { negotiation, target: { kind: 'paragraph', paragraphId: paragraph }, index: 0, text: '(a) ' }));
    const reopened = unwrap(await app.link.call(W2, 'sync.open', { negotiation })) as { session: number };
    unwrap(await app.link.call(W2, 'draft.insertText', { negotiation, target: { kind: 'paragraph', paragraphId: paragraph }, index: 0, text: '(b) ' }));
    await app.updates.waitFor('an update for window 2', (u) => u.window === W2 && u.session === reopened.session);
    expect(app.updates.items.slice(before).filter((u) => u.window === W1)).toEqual([]);
    expect(await app.link.shutdown(5000)).toBe(true);
  });

  it('keeps the key sealed by main\'s vault, asked over the port', async () => {
    const dir = tempDir();
    const app = desktop(dir, { vault: aesVault(), sealKeys: true });
    unwrap(await app.link.call(W1, 'identity.get', {}));
    expect(existsSync(join(dir, SEALED_IDENTITY_FILE))).toBe(true);
    expect(existsSync(join(dir, IDENTITY_FILE))).toBe(false);
    expect(await app.link.shutdown(5000)).toBe(true);
  });

  it('reports a node that cannot open (a sealed key without the vault); calls fail with the reason', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, SEALED_IDENTITY_FILE), randomBytes(60));
    const app = desktop(dir);
    const result = await app.link.call(W1, 'identity.get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining("sealed by the desktop app's OS keychain") } });
    await waitFor('the failure reported', () => app.state.failed !== undefined);
    expect(await app.link.call(W1, 'identity.get', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await app.link.shutdown(5000)).toBe(true);
    expect(app.state.exited).toBe(true);
  });

  it('shuts down cleanly: the node closes (its data directory opens again) and the process exits', async () => {
    const dir = tempDir();
    const app = desktop(dir);
    const { negotiation } = await negotiationWithParagraph(app.link, W1);
    expect(await app.link.shutdown(5000)).toBe(true);
    expect(app.state.exited).toBe(true);
    expect(await app.link.call(W1, 'identity.get', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const again = await openNode(dir);
    expect(unwrap(await again.call('negotiations.get', { negotiation }))).toMatchObject({ title: 'Albatross Agreement' });
    await again.close();
  });

  it('settles pending calls as unavailable when the node process dies', async () => {
    const link = new NodeLink(() => {}, { event: () => {}, syncUpdate: () => {}, syncError: () => {} });
    const pending = link.call(W1, 'identity.get', {});
    link.exited('the node process crashed (code 9)');
    expect(await pending).toEqual({ ok: false, error: { code: 'unavailable', message: 'the node process crashed (code 9)' } });
    expect(await link.shutdown(10)).toBe(false);
  });

  it('drops garbage from either side with a log line, and answers nothing for it', async () => {
    const app = desktop(tempDir());
    app.host.receive({ v: 1, type: 'call', id: 'x', window: 1, command: 'identity.get' });
    app.host.receive({ v: 2, type: 'shutdown' });
    app.link.receive({ v: 1, type: 'result', id: 1 });
    app.link.receive('hello');
    expect(app.logs).toHaveLength(4);
    unwrap(await app.link.call(W1, 'identity.get', {}));
    expect(await app.link.shutdown(5000)).toBe(true);
  });
});

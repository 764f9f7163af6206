/**
 * The browser mode's NodeClient against a real node and a real bridge on 127.0.0.1, over a real
 * WebSocket (`ws`, the test setup's global): it opens with the node's identity, carries calls,
 * errors, events and the Yjs sync channel both ways, survives the bridge stopping and starting
 * again, and gives up for good on a wrong token or another API version.
 */
import type { AddressInfo } from 'node:net';
import * as Y from 'yjs';
import { WebSocketServer } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bridge } from '../../src/node/bridge.js';
import type { DelegationNode } from '../../src/node/delegation-node.js';
import { fromBase64, type ApiError, type NodeEvent } from '../../src/node/api.js';
import { NO_TOKEN_REASON, connectBridge, socketUrl, tokenFromLocation } from '../../src/renderer/client/bridge-client.js';
import type { ConnectionState, NodeClient } from '../../src/renderer/client/node-client.js';
import { Recorder, waitFor, waitForValue } from '../support/wait.js';
import { openNode, removeTempDirs, tempDir } from '../node/node-fixtures.js';

let node: DelegationNode;
let bridge: Bridge;
const clients: NodeClient[] = [];
const cleanups: Array<() => Promise<void> | void> = [];

beforeEach(async () => {
  node = await openNode(tempDir());
  bridge = await Bridge.start({ node });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await bridge.close();
  await node.close();
  removeTempDirs();
});

const originOf = (b: Bridge): string => b.url.replace(/\/$/, '');

function connect(token: string | null = bridge.token, origin = originOf(bridge)): NodeClient {
  const client = connectBridge({ origin, token, retryDelayMs: { first: 20, max: 200 } });
  clients.push(client);
  return client;
}

async function opened(client: NodeClient): Promise<Extract<ConnectionState, { kind: 'open' }>> {
  return waitForValue('the client to open', () => (client.state.kind === 'open' ? client.state : undefined));
}

/** The promise's value, waited for with a timeout (a call that never settles fails the test, not hangs it). */
async function settled<T>(promise: Promise<T>): Promise<T> {
  let value: { v: T } | undefined;
  void promise.then((v) => (value = { v }));
  return (await waitForValue('the call to settle', () => value)).v;
}

async function must<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: ApiError }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('connectBridge', () => {
  it('opens with the identity, round-trips calls, passes errors through, and delivers events', async () => {
    const client = connect();
    const states = new Recorder<ConnectionState>();
    client.onState(states.push);
    expect(client.state).toEqual({ kind: 'connecting', attempt: 0, reason: null });
    const open = await opened(client);
    expect(open.identity).toEqual(node.identityView());
    expect(states.items.map((s) => s.kind)).toEqual(['open']);

    expect(await client.call('identity.get', {})).toEqual({ ok: true, value: node.identityView() });
    const bad = await client.call('negotiations.create', { title: '', parties: [] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(!bad.ok && bad.error.message).toMatch(/title/);
    // Untyped callers: an unknown command is the node's answer; one the node could not even parse is refused here.
    expect(await client.call('draft.explode' as never, {} as never)).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    expect(await settled(client.call('x'.repeat(101) as never, {} as never))).toMatchObject({ ok: false, error: { code: 'unknown-command' } });

    const events = new Recorder<NodeEvent>();
    client.onEvent(events.push);
    await must(client.call('identity.create', { name: 'Republic of Sockets' }));
    expect(await events.waitFor('identity-changed', (e) => e.type === 'identity-changed')).toMatchObject({ identity: { name: 'Republic of Sockets' } });
    // The open state follows the renamed delegation.
    expect(client.state).toMatchObject({ kind: 'open', identity: { name: 'Republic of Sockets' } });
  });

  it('syncs a Y.Doc: node edits arrive as frames, pushed edits reach the node, bad pushes come back as sync errors', async () => {
    const client = connect();
    await opened(client);
    await must(client.call('identity.create', { name: 'Syncland' }));
    const negotiation = (await must(client.call('negotiations.create', { title: 'Sync Accord', parties: [] }))).id;
    await must(client.call('draft.addArticle', { negotiation, id: 'art-1' }));

    const sync = await must(client.call('sync.open', { negotiation }));
    const doc = new Y.Doc({ gc: false });
    Y.applyUpdate(doc, fromBase64(sync.update)!, 'node');
    doc.clientID = sync.clientId;
    const frames = new Recorder<Uint8Array>();
    client.onSyncUpdate(sync.session, (update) => {
      frames.push(update);
      Y.applyUpdate(doc, update, 'node');
    });
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'node') client.pushSyncUpdate(sync.session, update);
    });

    // A node edit (a command) arrives as a node-update frame for this session.
    await must(client.call('draft.addParagraph', { negotiation, in: { articleId: 'art-1' }, id: 'p-1', text: 'Hello' }));
    const paragraphText = (): Y.Text | undefined =>
      ((doc.getArray('articles').get(0) as Y.Map<unknown> | undefined)?.get('paragraphs') as Y.Array<Y.Map<unknown>> | undefined)?.get(0)?.get('text') as Y.Text | undefined;
    await waitFor('the node edit in the client doc', () => paragraphText()?.toString() === 'Hello');
    expect(frames.items.length).toBeGreaterThan(0);

    // A client edit, pushed as a client-update frame, is the node's text.
    paragraphText()!.insert(5, ', world');
    await waitFor('the client edit at the node', async () => (await must(client.call('draft.read', { negotiation }))).articles[0]?.paragraphs[0]?.text === 'Hello, world');

    // An update written under another clientID is refused, as a value.
    const errors = new Recorder<[number, ApiError]>();
    client.onSyncError((session, error) => errors.push([session, error]));
    const stranger = new Y.Doc({ gc: false });
    Y.applyUpdate(stranger, Y.encodeStateAsUpdate(doc));
    stranger.clientID = sync.clientId + 1;
    let forged: Uint8Array | undefined;
    stranger.on('update', (u: Uint8Array) => (forged = u));
    stranger.getText('title').insert(0, 'Forged');
    client.pushSyncUpdate(sync.session, forged!);
    expect(await errors.waitFor('a sync error', ([s]) => s === sync.session)).toEqual([sync.session, expect.objectContaining({ code: 'bad-update' })]);
    expect((await must(client.call('draft.read', { negotiation }))).title).not.toContain('Forged');
  });

  it('when the bridge stops: pending calls are unavailable, it reconnects by itself, and calls made meanwhile wait', async () => {
    const client = connect();
    await opened(client);
    const states = new Recorder<ConnectionState>();
    client.onState(states.push);

    // Sent, then the bridge closes before it can answer (it answers only on an open socket).
    const pending = client.call('negotiations.list', {});
    const port = bridge.port;
    const token = bridge.token;
    await bridge.close();
    expect(await settled(pending)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const connecting = await states.waitFor('connecting', (s) => s.kind === 'connecting');
    expect(connecting).toMatchObject({ kind: 'connecting', attempt: 1, reason: 'the node stopped' });
    await waitFor('a failed reconnect attempt', () => client.state.kind === 'connecting' && client.state.attempt >= 2);
    expect(client.state).toMatchObject({ reason: expect.stringMatching(/cannot reach the node/) });

    // A call made while connecting waits for the next open.
    const waiting = client.call('identity.get', {});
    bridge = await Bridge.start({ node, port, token });
    expect(await settled(waiting)).toEqual({ ok: true, value: node.identityView() });
    expect(client.state).toMatchObject({ kind: 'open', identity: node.identityView() });
    expect(await client.call('negotiations.list', {})).toEqual({ ok: true, value: [] });

    // A push while connecting is not lost silently: it is reported.
    const errors = new Recorder<ApiError>();
    client.onSyncError((_s, e) => errors.push(e));
    await bridge.close();
    await waitFor('connecting again', () => client.state.kind === 'connecting');
    client.pushSyncUpdate(1, new Uint8Array([0, 0]));
    expect(await errors.waitFor('unavailable', () => true)).toMatchObject({ code: 'unavailable' });
    bridge = await Bridge.start({ node, port, token });
    await opened(client);
  });

  it('fails for good on a wrong token, with no token, and on another API version', async () => {
    const wrong = connect(`${bridge.token.slice(0, -1)}${bridge.token.endsWith('A') ? 'B' : 'A'}`);
    const failed = await waitForValue('failed', () => (wrong.state.kind === 'failed' ? wrong.state : undefined));
    expect(failed.reason).toMatch(/refused this page's token/);
    expect(await wrong.call('identity.get', {})).toMatchObject({ ok: false, error: { code: 'unavailable', message: failed.reason } });

    const none = connect(null);
    expect(none.state).toEqual({ kind: 'failed', reason: NO_TOKEN_REASON });

    // A node of another API version (a stand-in server speaking the same protocol).
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    let connections = 0;
    server.on('connection', (ws) => {
      connections += 1;
      ws.once('message', () => ws.send(JSON.stringify({ v: 1, type: 'ready', apiVersion: 2, identity: node.identityView() })));
    });
    await new Promise((resolve) => server.once('listening', resolve));
    const newer = connect('t'.repeat(43), `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const refused = await waitForValue('failed', () => (newer.state.kind === 'failed' ? newer.state : undefined));
    expect(refused.reason).toMatch(/API version 2/);
    expect(connections).toBe(1); // no retries
  });

  it('close() stops everything: state failed, calls unavailable, no reconnect', async () => {
    const client = connect();
    await opened(client);
    const states = new Recorder<ConnectionState>();
    client.onState(states.push);
    client.close();
    expect(client.state.kind).toBe('failed');
    expect(states.items).toEqual([client.state]);
    expect(await client.call('identity.get', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('socketUrl', () => {
  it('maps the page origin to the bridge socket', () => {
    expect(socketUrl('http://127.0.0.1:41234')).toBe('ws://127.0.0.1:41234/api/ws');
    expect(socketUrl('https://localhost:8443/')).toBe('wss://localhost:8443/api/ws');
  });
});

describe('tokenFromLocation', () => {
  const TOKEN = 'TyXZ0DA7lJ0s93hTGYEm1euL2oU8MRhmraxuWk8mNgo';

  function browser(hash: string, stored: Record<string, string> = {}) {
    const storage = new Map(Object.entries(stored));
    const replaced: string[] = [];
    return {
      location: { hash, pathname: '/', search: '' },
      storage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
      history: { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
      stored: storage,
      replaced,
    };
  }

  it('takes the token from the fragment, keeps it in sessionStorage, and removes it from the address bar', () => {
    const b = browser(`#token=${TOKEN}`);
    expect(tokenFromLocation(b.location, b.storage, b.history)).toBe(TOKEN);
    expect(b.stored.get('plenary.token')).toBe(TOKEN);
    expect(b.replaced).toEqual(['/']);
  });

  it('keeps other fragment parameters, falls back to the stored token, else null', () => {
    const b = browser(`#view=ledger&token=${TOKEN}`);
    expect(tokenFromLocation(b.location, b.storage, b.history)).toBe(TOKEN);
    expect(b.replaced).toEqual(['/#view=ledger']);

    const reload = browser('', { 'plenary.token': TOKEN });
    expect(tokenFromLocation(reload.location, reload.storage, reload.history)).toBe(TOKEN);
    expect(reload.replaced).toEqual([]);

    const fresh = browser('#');
    expect(tokenFromLocation(fresh.location, fresh.storage, fresh.history)).toBeNull();
    const junk = browser('#token=%3Cscript%3E');
    expect(tokenFromLocation(junk.location, junk.storage, junk.history)).toBeNull();
    expect(junk.replaced).toEqual(['/']); // removed from the address bar all the same
  });

  it('works when storage refuses', () => {
    const b = browser(`#token=${TOKEN}`);
    const refusing = {
      getItem: (): string | null => {
        throw new Error('denied');
      },
      setItem: (): void => {
        throw new Error('denied');
      },
    };
    expect(tokenFromLocation(b.location, refusing, b.history)).toBe(TOKEN);
    expect(tokenFromLocation({ hash: '', pathname: '/', search: '' }, refusing, b.history)).toBeNull();
  });
});

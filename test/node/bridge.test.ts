/**
 * The bridge over real HTTP and WebSocket on 127.0.0.1: the token is required, foreign hosts and
 * origins are refused, sizes are capped, commands work, events arrive, and a client Y.Doc synced
 * over binary frames receives the node's state and edits and sends its own.
 */
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bridge } from '../../src/node/bridge.js';
import type { DelegationNode } from '../../src/node/delegation-node.js';
import { fromBase64 } from '../../src/node/api-codec.js';
import { waitFor } from '../support/wait.js';
import { HttpClient, SocketClient, rawPost } from './bridge-client.js';
import { openNode, removeTempDirs, tempDir } from './node-fixtures.js';

let node: DelegationNode;
let bridge: Bridge;
let http: HttpClient;
const sockets: SocketClient[] = [];

beforeEach(async () => {
  node = await openNode(tempDir());
  bridge = await Bridge.start({ node, maxMessageBytes: 64 * 1024, authTimeoutMs: 500 });
  http = new HttpClient(bridge.url, bridge.token);
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await bridge.close();
  await node.close();
  removeTempDirs();
});

async function socket(): Promise<SocketClient> {
  const s = await SocketClient.connect(bridge.url, bridge.token);
  sockets.push(s);
  return s;
}

describe('the bridge over HTTP', () => {
  it('listens on 127.0.0.1 with a 32-byte token, and refuses any other address', async () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(Buffer.from(bridge.token, 'base64url')).toHaveLength(32);
    await expect(Bridge.start({ node, host: '0.0.0.0' })).rejects.toThrow(/loopback address only/);
  });

  it('requires the token: 401 without it or with a wrong one', async () => {
    const host = new URL(bridge.url).host;
    const json = { 'content-type': 'application/json', host };
    expect(await rawPost(bridge.url, '/api/identity.get', json)).toEqual({
      status: 401,
      body: { ok: false, error: { code: 'unauthorized', message: 'the node token is required (Authorization: Bearer <token>)' } },
    });
    expect(await rawPost(bridge.url, '/api/identity.get', { ...json, authorization: `Bearer ${bridge.token.slice(1)}x` })).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'wrong token' } },
    });
    expect(await rawPost(bridge.url, '/api/identity.get', { ...json, authorization: `Bearer ${bridge.token}` })).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('refuses foreign Host headers (DNS rebinding) and foreign origins, even with the token', async () => {
    const auth = { 'content-type': 'application/json', authorization: `Bearer ${bridge.token}` };
    const port = new URL(bridge.url).port;
    expect(await rawPost(bridge.url, '/api/identity.get', { ...auth, host: `evil.example:${port}` })).toMatchObject({ status: 403, body: { error: { code: 'forbidden-host' } } });
    expect(await rawPost(bridge.url, '/api/identity.get', { ...auth, host: '127.0.0.1:1' })).toMatchObject({ status: 403, body: { error: { code: 'forbidden-host' } } });
    expect(await rawPost(bridge.url, '/api/identity.get', { ...auth, host: `localhost:${port}`, origin: 'http://evil.example' })).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden-origin' } },
    });
    // The UI the bridge serves is its own origin.
    expect(await rawPost(bridge.url, '/api/identity.get', { ...auth, host: `localhost:${port}`, origin: `http://localhost:${port}` })).toMatchObject({ status: 200 });
  });

  it('caps bodies, wants JSON, routes only what exists', async () => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${bridge.token}`, host: new URL(bridge.url).host };
    const big = JSON.stringify({ name: 'x'.repeat(70 * 1024) });
    expect(await rawPost(bridge.url, '/api/identity.create', headers, big)).toMatchObject({ status: 413, body: { error: { code: 'payload-too-large' } } });
    expect(await rawPost(bridge.url, '/api/identity.get', { ...headers, 'content-type': 'text/plain' })).toMatchObject({ status: 415 });
    expect(await rawPost(bridge.url, '/api/identity.get', headers, '{nope')).toMatchObject({ status: 400, body: { error: { code: 'bad-request' } } });
    expect(await http.call('draft.explode' as never, {})).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    const list = await fetch(new URL('api', bridge.url), { headers: { authorization: `Bearer ${bridge.token}` } });
    const listed = (await list.json()) as { apiVersion: number; commands: { name: string }[] };
    expect(listed.apiVersion).toBe(1);
    expect(listed.commands.map((c) => c.name)).toContain('adoption.propose');
    expect((await fetch(bridge.url)).status).toBe(200); // the page needs no token: it holds no secret
    expect((await fetch(new URL('elsewhere', bridge.url))).status).toBe(404);
  });

  it('runs commands end to end: name, convene, draft, adopt alone, read history', async () => {
    await http.must('identity.create', { name: 'Principality of Bridgeland' });
    const negotiation = (await http.must('negotiations.create', { title: 'Bridge Accord', parties: [] })).id;
    await http.must('draft.addArticle', { negotiation, id: 'art-1', heading: 'Scope' });
    await http.must('draft.addParagraph', { negotiation, in: { articleId: 'art-1' }, id: 'p-1', text: 'This Accord applies to bridges.' });
    expect(await http.call('draft.addParagraph', { negotiation, in: { articleId: 'art-9' }, text: 'x' })).toEqual({
      ok: false,
      error: { code: 'unknown-article', message: 'no article art-9' },
    });
    const proposal = await http.must('adoption.propose', { negotiation, label: 'Final text' });
    expect(proposal.adoption?.text).toBe('Bridge Accord\n\nArticle 1\nScope\n\n1. This Accord applies to bridges.\n');
    expect(await http.must('adoption.vote', { negotiation, headerHash: proposal.headerHash })).toMatchObject({ final: true });
    expect(await http.must('history.versions', { negotiation })).toMatchObject([{ height: 1, label: 'Final text', text: proposal.adoption!.text }]);
    expect(await http.call('sync.open', { negotiation })).toMatchObject({ ok: false, error: { code: 'needs-channel' } });
  });
});

describe('the bridge over WebSocket', () => {
  it('closes a socket that does not authenticate first, or with a wrong token, and refuses foreign origins', async () => {
    const silent = await SocketClient.open(bridge.url);
    silent.send({ v: 1, type: 'call', id: 1, command: 'identity.get', args: {} });
    expect(await silent.waitClosed()).toMatchObject({ code: 4401 });
    expect(silent.messages.items).toMatchObject([{ type: 'error', fatal: true, error: { code: 'unauthorized' } }]);

    const wrong = await SocketClient.open(bridge.url);
    wrong.send({ v: 1, type: 'auth', token: 'not-the-token' });
    expect(await wrong.waitClosed()).toMatchObject({ code: 4401, reason: 'wrong token' });

    const late = await SocketClient.open(bridge.url);
    expect(await late.waitClosed()).toMatchObject({ code: 4401 }); // the auth deadline (0.5 s here)

    await expect(SocketClient.open(bridge.url, { origin: 'http://evil.example' })).rejects.toThrow(/HTTP 403/);
    await expect(SocketClient.open(bridge.url, { headers: { host: 'evil.example' } })).rejects.toThrow(/HTTP 403/);
  });

  it('carries calls and results, and events as they happen', async () => {
    const ws = await socket();
    expect(ws.messages.items[0]).toMatchObject({ type: 'ready', apiVersion: 1, identity: { party: node.party, name: null } });
    expect(await ws.call('identity.create', { name: 'Socketia' })).toMatchObject({ ok: true, value: { name: 'Socketia' } });
    await ws.event('identity-changed');
    const negotiation = (await http.must('negotiations.create', { title: 'Event Accord', parties: [] })).id;
    await ws.event('negotiation-opened', (e) => e.negotiation === negotiation);
    await http.must('draft.addArticle', { negotiation, id: 'art-1' });
    expect(await ws.event('text-changed')).toMatchObject({ negotiation, origin: 'local', authors: [node.party] });
    const proposal = await http.must('adoption.propose', { negotiation, label: 'v1' });
    expect(await ws.event('block-proposed')).toMatchObject({ negotiation, proposal: { headerHash: proposal.headerHash, adoption: { label: 'v1' } } });
    await http.must('adoption.vote', { negotiation, headerHash: proposal.headerHash });
    expect(await ws.event('vote')).toMatchObject({ negotiation, target: proposal.headerHash, party: { name: 'Socketia' } });
    expect(await ws.event('block-final')).toMatchObject({ negotiation, block: { height: 1, verified: true, body: { kind: 'adopt', label: 'v1' } } });
    // A malformed message is answered, not fatal once authenticated.
    ws.send({ v: 1, type: 'call' });
    await ws.messages.waitFor('a protocol error', (m) => m.type === 'error' && !m.fatal);
    expect(ws.closed).toBeUndefined();
  });

  it('syncs a client Y.Doc over binary frames: the node state in, node edits in, client edits out', async () => {
    await http.must('identity.create', { name: 'Syncland' });
    const negotiation = (await http.must('negotiations.create', { title: 'Sync Accord', parties: [] })).id;
    await http.must('draft.addArticle', { negotiation, id: 'art-1' });
    await http.must('draft.addParagraph', { negotiation, in: { articleId: 'art-1' }, id: 'p-1', text: 'Hello' });
    const ws = await socket();
    const opened = await ws.call('sync.open', { negotiation });
    if (!opened.ok) expect.fail(opened.error.message);
    const { session, clientId } = opened.value;
    const doc = new Y.Doc({ gc: false });
    Y.applyUpdate(doc, fromBase64(opened.value.update)!, 'node');
    doc.clientID = clientId;
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'node') ws.pushUpdate(session, update);
    });
    const text = ((doc.getArray('articles').get(0) as Y.Map<unknown>).get('paragraphs') as Y.Array<Y.Map<unknown>>).get(0).get('text') as Y.Text;
    expect(text.toString()).toBe('Hello');

    // The node's edit arrives as a binary frame.
    await http.must('draft.insertText', { negotiation, target: { kind: 'paragraph', paragraphId: 'p-1' }, index: 5, text: ', world' });
    const frame = await ws.frames.waitFor('a node update', (f) => f.session === session && f.kind === 'node-update');
    Y.applyUpdate(doc, frame.update, 'node');
    expect(text.toString()).toBe('Hello, world');

    // The client's edit reaches the node, sealed as this delegation's.
    text.insert(12, '!');
    await waitFor('the client edit at the node', async () => (await http.must('draft.read', { negotiation })).articles[0]!.paragraphs[0]!.text === 'Hello, world!');
    await ws.event('text-changed', (e) => e.origin === 'local');

    // A frame for a session this socket did not open is refused, as a value.
    ws.pushUpdate(session + 1000, new Uint8Array([0, 0]));
    expect(await ws.messages.waitFor('a sync error', (m) => m.type === 'sync-error')).toMatchObject({ session: session + 1000, error: { code: 'unknown-session' } });
    // Another client of the same node may neither write into this socket's session nor close it.
    const other = await socket();
    const foreignPush = await other.call('sync.push', { session, update: 'AAA=' });
    expect(foreignPush).toMatchObject({ ok: false, error: { code: 'unknown-session' } });
    expect(await other.call('sync.close', { session })).toMatchObject({ ok: false, error: { code: 'unknown-session' } });
    text.insert(13, '?');
    await waitFor('the session still open after the foreign close', async () => (await http.must('draft.read', { negotiation })).articles[0]!.paragraphs[0]!.text === 'Hello, world!?');

    expect(await ws.call('sync.close', { session })).toEqual({ ok: true, value: null });
  });
});

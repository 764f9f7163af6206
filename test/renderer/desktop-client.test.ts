/**
 * The desktop app's NodeClient over a fake `window.plenary` (plain functions standing in for the
 * preload): open once identity.get answers, calls wait until then, IPC failures are 'unavailable',
 * events and sync frames are routed, another API version fails for good, close() unsubscribes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { API_VERSION, type ApiError, type ApiResult, type IdentityView, type NodeEvent } from '../../src/node/api.js';
import type { DesktopApi } from '../../src/node/api-desktop.js';
import { connectDesktop } from '../../src/renderer/client/desktop-client.js';
import type { ConnectionState, NodeClient } from '../../src/renderer/client/node-client.js';
import { Recorder, waitFor, waitForValue } from '../support/wait.js';

const IDENTITY: IdentityView = { party: '4542ba637a966ad5612bff207fe7c6e0', name: 'Kiribati', publicKey: '39'.repeat(32), fingerprint: '24J6-QAYQ-TF74-2DSQ' };

/** A preload stand-in: `answer` decides each call; the test fires events and frames by hand. */
function fakeDesktop(answer: (command: string, args: unknown) => Promise<ApiResult<unknown>>, apiVersion = API_VERSION) {
  const events = new Set<(e: NodeEvent) => void>();
  const updates = new Set<(s: number, u: Uint8Array) => void>();
  const errors = new Set<(s: number, e: { code: string; message: string }) => void>();
  const calls: Array<[string, unknown]> = [];
  const pushed: Array<[number, Uint8Array]> = [];
  /** Calls and pushes in the order they reached the node. */
  const order: string[] = [];
  const subscribe = <T>(set: Set<T>) => (listener: T) => {
    set.add(listener);
    return () => void set.delete(listener);
  };
  const api: DesktopApi = {
    apiVersion,
    call: (command, args) => {
      calls.push([command, args]);
      order.push(command);
      return answer(command, args);
    },
    onEvent: subscribe(events),
    onSyncUpdate: subscribe(updates),
    pushSyncUpdate: (session, update) => {
      pushed.push([session, update]);
      order.push(`push ${session}`);
    },
    onSyncError: subscribe(errors),
  };
  return { api, events, updates, errors, calls, pushed, order };
}

const clients: NodeClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
const connect = (api: DesktopApi): NodeClient => {
  const client = connectDesktop(api, { retryDelayMs: { first: 5, max: 20 } });
  clients.push(client);
  return client;
};

describe('connectDesktop', () => {
  it('opens once identity.get answers, then carries calls, events and the sync channel', async () => {
    const fake = fakeDesktop(async (command) =>
      command === 'identity.get' ? { ok: true, value: IDENTITY } : { ok: false, error: { code: 'invalid-argument', message: `${command}: title must not be empty` } },
    );
    const client = connect(fake.api);
    await waitFor('open', () => client.state.kind === 'open');
    expect(client.state).toEqual({ kind: 'open', identity: IDENTITY });

    expect(await client.call('identity.get', {})).toEqual({ ok: true, value: IDENTITY });
    expect(await client.call('negotiations.create', { title: '', parties: [] })).toEqual({
      ok: false,
      error: { code: 'invalid-argument', message: 'negotiations.create: title must not be empty' },
    });
    expect(fake.calls.at(-1)).toEqual(['negotiations.create', { title: '', parties: [] }]);

    const events = new Recorder<NodeEvent>();
    client.onEvent(events.push);
    const renamed = { ...IDENTITY, name: 'Republic of Kiribati' };
    for (const l of fake.events) l({ type: 'identity-changed', identity: renamed });
    expect(events.items).toEqual([{ type: 'identity-changed', identity: renamed }]);
    expect(client.state).toEqual({ kind: 'open', identity: renamed });

    const mine = new Recorder<Uint8Array>();
    client.onSyncUpdate(3, mine.push);
    for (const l of fake.updates) {
      l(3, new Uint8Array([1]));
      l(4, new Uint8Array([2])); // another session's: not ours
    }
    expect(mine.items).toEqual([new Uint8Array([1])]);
    // Pushed after the next paint (a timer here), or before the next call, whichever comes first.
    client.pushSyncUpdate(3, new Uint8Array([9]));
    await waitFor('the update pushed', () => fake.pushed.length > 0);
    expect(fake.pushed).toEqual([[3, new Uint8Array([9])]]);
    client.pushSyncUpdate(3, new Uint8Array([10]));
    await client.call('identity.get', {});
    expect(fake.order.slice(-2)).toEqual(['push 3', 'identity.get']); // the edit reached the node before the command
    const errors = new Recorder<[number, ApiError]>();
    client.onSyncError((s, e) => errors.push([s, e]));
    for (const l of fake.errors) l(3, { code: 'bad-update', message: 'written under another clientID' });
    expect(errors.items).toEqual([[3, { code: 'bad-update', message: 'written under another clientID' }]]);
  });

  it('retries until the node answers; calls made meanwhile wait; an IPC failure is unavailable', async () => {
    let up = false;
    const fake = fakeDesktop(async (command) => {
      if (!up) throw new Error('no handler registered for plenary:call');
      return command === 'identity.get' ? { ok: true, value: IDENTITY } : { ok: true, value: [] };
    });
    const client = connect(fake.api);
    const states = new Recorder<ConnectionState>();
    client.onState(states.push);
    await states.waitFor('a second attempt', (s) => s.kind === 'connecting' && s.attempt >= 2);
    expect(client.state).toMatchObject({ kind: 'connecting', reason: expect.stringMatching(/no handler registered/) });

    const waiting = client.call('negotiations.list', {});
    up = true;
    expect(await waiting).toEqual({ ok: true, value: [] });
    expect(client.state.kind).toBe('open');

    up = false;
    expect(await client.call('negotiations.list', {})).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/could not reach its node/) } });
  });

  it('fails for good on another API version, and close() unsubscribes and stops', async () => {
    const newer = fakeDesktop(async () => ({ ok: true, value: IDENTITY }), API_VERSION + 1);
    const stale = connect(newer.api);
    expect(stale.state).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/API version 2/) });
    expect(await stale.call('identity.get', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(newer.calls).toEqual([]);

    const fake = fakeDesktop(async () => ({ ok: true, value: IDENTITY }));
    const client = connect(fake.api);
    await waitForValue('open', () => (client.state.kind === 'open' ? true : undefined));
    client.close();
    expect(client.state.kind).toBe('failed');
    expect(fake.events.size + fake.updates.size + fake.errors.size).toBe(0);
    expect(await client.call('identity.get', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const errors = new Recorder<ApiError>();
    client.onSyncError((_s, e) => errors.push(e));
    client.pushSyncUpdate(1, new Uint8Array([1]));
    expect(fake.pushed).toEqual([]);
    expect(await errors.waitFor('unavailable', () => true)).toMatchObject({ code: 'unavailable' });
  });
});

/**
 * The main <-> node process messages: every message survives encode, a structured clone (what
 * Electron's port does) and parse unchanged; encode copies bytes; garbage is refused with a reason.
 */
import { describe, expect, it } from 'vitest';
import { encodeFromNode, encodeToNode, parseFromNode, parseToNode, type FromNode, type ToNode } from '../../src/main/node-protocol.js';

const bytes = (...b: number[]) => new Uint8Array(b);

const toNode: ToNode[] = [
  { v: 1, type: 'start', dataDir: '/home/a/.config/Plenary/delegation', sealKeys: true },
  { v: 1, type: 'call', id: 7, window: 3, command: 'draft.read', args: { negotiation: 'ab'.repeat(32) } },
  { v: 1, type: 'call', id: 8, window: 3, command: 'identity.get', args: undefined },
  { v: 1, type: 'sync-push', window: 3, session: 4294967295, update: bytes(1, 2, 3) },
  { v: 1, type: 'window-closed', window: 3 },
  { v: 1, type: 'vault-result', id: 1, outcome: { ok: true, bytes: bytes(9, 9) } },
  { v: 1, type: 'vault-result', id: 2, outcome: { ok: false, message: 'the keychain is locked' } },
  { v: 1, type: 'shutdown' },
];

const fromNode: FromNode[] = [
  { v: 1, type: 'ready', apiVersion: 1, identity: { party: 'p', name: null, publicKey: 'k', fingerprint: 'F' } },
  { v: 1, type: 'failed', message: 'the data directory is in use', locked: true },
  { v: 1, type: 'result', id: 7, result: { ok: true, value: { nested: [1, 'two', null] } } },
  { v: 1, type: 'result', id: 8, result: { ok: false, error: { code: 'invalid-argument', message: 'title is missing' } } },
  { v: 1, type: 'event', event: { type: 'node-error', negotiation: null, message: 'disk full' } },
  { v: 1, type: 'sync-update', window: 3, session: 1, update: bytes(0, 1) },
  { v: 1, type: 'sync-error', window: 3, session: 1, error: { code: 'out-of-sync', message: 'reopen' } },
  { v: 1, type: 'vault', id: 1, op: 'seal', bytes: bytes(1, 2) },
  { v: 1, type: 'closed' },
];

describe('main <-> node process messages', () => {
  it.each(toNode.map((m) => [m.type, m] as const))('%s to the node round-trips through a structured clone', (_, message) => {
    expect(parseToNode(structuredClone(encodeToNode(message)))).toEqual({ ok: true, value: message });
  });

  it.each(fromNode.map((m) => [m.type, m] as const))('%s from the node round-trips through a structured clone', (_, message) => {
    expect(parseFromNode(structuredClone(encodeFromNode(message)))).toEqual({ ok: true, value: message });
  });

  it('copies bytes on encode: a Buffer pool or a view never crosses', () => {
    const pool = Buffer.from([5, 6, 7, 8]);
    const view = pool.subarray(1, 3);
    const encoded = encodeToNode({ v: 1, type: 'sync-push', window: 1, session: 1, update: view }) as { update: Uint8Array };
    expect(encoded.update).toEqual(bytes(6, 7));
    expect(encoded.update.buffer.byteLength).toBe(2);
    pool[1] = 0;
    expect(encoded.update).toEqual(bytes(6, 7));
  });

  it('keeps only the message fields', () => {
    const sneaky = { v: 1, type: 'shutdown', extra: 'x' } as unknown as ToNode;
    expect(encodeToNode(sneaky)).toEqual({ v: 1, type: 'shutdown' });
    expect(parseToNode(sneaky)).toMatchObject({ ok: false, message: expect.stringContaining('unknown field "extra"') });
  });

  it.each([
    ['not an object', 'shutdown', /must be an object/],
    ['null', null, /must be an object/],
    ['another version', { v: 2, type: 'shutdown' }, /unsupported message version 2/],
    ['an unknown type', { v: 1, type: 'reboot' }, /message\.type must be one of/],
    ['a call without a window', { v: 1, type: 'call', id: 1, command: 'identity.get' }, /message\.window is missing/],
    ['a window id of 0', { v: 1, type: 'window-closed', window: 0 }, /message\.window must be a whole number/],
    ['a fractional call id', { v: 1, type: 'call', id: 1.5, window: 1, command: 'identity.get' }, /message\.id/],
    ['a session beyond uint32', { v: 1, type: 'sync-push', window: 1, session: 2 ** 32, update: bytes() }, /message\.session/],
    ['an update that is not bytes', { v: 1, type: 'sync-push', window: 1, session: 1, update: [1, 2] }, /message\.update must be bytes/],
    ['an update over 8 MiB', { v: 1, type: 'sync-push', window: 1, session: 1, update: new Uint8Array(8 * 1024 * 1024 + 1) }, /at most 8388608 bytes/],
    ['an empty data directory', { v: 1, type: 'start', dataDir: '', sealKeys: false }, /dataDir must not be empty/],
    ['sealKeys as a string', { v: 1, type: 'start', dataDir: '/d', sealKeys: 'yes' }, /sealKeys must be true or false/],
    ['a vault outcome without ok', { v: 1, type: 'vault-result', id: 1, outcome: { bytes: bytes() } }, /outcome\.ok must be true or false/],
  ])('refuses a message to the node that is %s', (_, raw, why) => {
    const parsed = parseToNode(raw);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toMatch(why);
  });

  it.each([
    ['an unknown event type', { v: 1, type: 'event', event: { type: 'exploded' } }, /event\.type must be a node event type/],
    ['a result with ok missing', { v: 1, type: 'result', id: 1, result: { value: 1 } }, /result\.ok must be true or false/],
    ['a failed result without an error', { v: 1, type: 'result', id: 1, result: { ok: false } }, /result\.error is missing/],
    ['a successful result with an error', { v: 1, type: 'result', id: 1, result: { ok: true, value: 1, error: {} } }, /unknown field "error"/],
    ['a vault request of another kind', { v: 1, type: 'vault', id: 1, op: 'export', bytes: bytes() }, /message\.op must be one of/],
    ['an identity without a fingerprint', { v: 1, type: 'ready', apiVersion: 1, identity: { party: 'p', name: null, publicKey: 'k' } }, /fingerprint is missing/],
    ['a sync error without a code', { v: 1, type: 'sync-error', window: 1, session: 1, error: { message: 'x' } }, /error\.code is missing/],
  ])('refuses a message from the node that is %s', (_, raw, why) => {
    const parsed = parseFromNode(raw);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toMatch(why);
  });

  it('refuses a message meant for the other direction', () => {
    expect(parseFromNode(encodeToNode({ v: 1, type: 'shutdown' })).ok).toBe(false);
    expect(parseToNode(encodeFromNode({ v: 1, type: 'closed' })).ok).toBe(false);
  });
});

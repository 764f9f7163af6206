/**
 * Main's checks of what a window sends over IPC (the renderer is untrusted): unknown commands,
 * arguments their command refuses, and sync pushes that are not a uint32 session and at most
 * 8 MiB of bytes come back as errors; what passes is the checked value (a copy, for bytes).
 */
import { describe, expect, it } from 'vitest';
import { checkCall, checkSyncPush } from '../../src/main/ipc-checks.js';

const negotiation = 'ab'.repeat(32);

describe('IPC calls from a window', () => {
  it('pass with a known command and arguments its check accepts', () => {
    expect(checkCall('identity.get', {})).toEqual({ ok: true, value: { command: 'identity.get', args: {} } });
    expect(checkCall('identity.get', undefined)).toEqual({ ok: true, value: { command: 'identity.get', args: {} } });
    expect(checkCall('draft.read', { negotiation })).toEqual({ ok: true, value: { command: 'draft.read', args: { negotiation } } });
  });

  it.each([
    ['an unknown command', 'shell.exec', {}, 'unknown-command', /no command "shell\.exec"/],
    ['an inherited property as a command', 'toString', {}, 'unknown-command', /no command/],
    ['a command that is not a string', { toString: (): string => 'identity.get' }, {}, 'unknown-command', /no command object/],
    ['a missing argument', 'draft.read', {}, 'invalid-argument', /negotiation is missing/],
    ['an unknown argument', 'identity.get', { admin: true }, 'invalid-argument', /unknown field "admin"/],
    ['arguments of the wrong kind', 'identity.create', 'Norland', 'invalid-argument', /must be an object/],
    ['a malformed id', 'draft.read', { negotiation: '../../etc' }, 'invalid-argument', /negotiation must be a negotiation id/],
  ])('are refused for %s', (_, command, args, code, message) => {
    const checked = checkCall(command, args);
    expect(checked).toMatchObject({ ok: false, error: { code } });
    expect(checked.ok ? '' : checked.error.message).toMatch(message);
  });
});

describe('sync pushes from a window', () => {
  it('pass as a uint32 session and a copy of the bytes', () => {
    const update = new Uint8Array([1, 2, 3]);
    const checked = checkSyncPush(42, update);
    expect(checked).toEqual({ ok: true, value: { session: 42, update: new Uint8Array([1, 2, 3]) } });
    update[0] = 9;
    expect(checked.ok && checked.value.update[0]).toBe(1);
    expect(checkSyncPush(0xffffffff, new Uint8Array(8 * 1024 * 1024)).ok).toBe(true);
  });

  it.each([
    ['a negative session', -1, new Uint8Array(1), /session must be a whole number/],
    ['a session beyond uint32', 2 ** 32, new Uint8Array(1), /session must be a whole number/],
    ['a fractional session', 1.5, new Uint8Array(1), /session must be a whole number/],
    ['a session as text', '1', new Uint8Array(1), /session must be a whole number/],
    ['an update as a list', 1, [1, 2, 3], /update must be bytes/],
    ['an update as base64', 1, 'AQID', /update must be bytes/],
    ['an ArrayBuffer', 1, new ArrayBuffer(3), /update must be bytes/],
    ['an update over 8 MiB', 1, new Uint8Array(8 * 1024 * 1024 + 1), /at most 8388608 bytes/],
  ])('are refused for %s', (_, session, update, message) => {
    const checked = checkSyncPush(session, update);
    expect(checked).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(checked.ok ? '' : checked.error.message).toMatch(message);
  });
});

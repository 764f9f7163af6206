/**
 * What main accepts from a window before anything reaches the node. The renderer is untrusted
 * (a compromised page must not get further than the API lets any client), so every IPC input is
 * `unknown` here and leaves as a checked value or as the error the caller sees. The node checks
 * the arguments again; checking here keeps garbage off the utility's port.
 */
import { apiError, apiOk, checkArgs, isCommandName, type ApiError, type CommandName } from '../node/api.js';
import { MAX_PUSHED_UPDATE_BYTES } from './node-protocol.js';

export interface CheckedCall {
  readonly command: CommandName;
  readonly args: unknown;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/** A command call from a window: a known command name and arguments its check accepts. */
export function checkCall(command: unknown, args: unknown): Checked<CheckedCall> {
  if (!isCommandName(command)) {
    const shown = typeof command === 'string' ? JSON.stringify(command.slice(0, 100)) : typeof command;
    return apiError('unknown-command', `no command ${shown} (see docs/api.md for the list)`);
  }
  const checked = checkArgs(command, args);
  return checked.ok ? apiOk({ command, args: checked.value }) : checked;
}

export interface CheckedPush {
  readonly session: number;
  readonly update: Uint8Array;
}

/** A window's local Yjs update: a uint32 session and at most 8 MiB of bytes, copied. */
export function checkSyncPush(session: unknown, update: unknown): Checked<CheckedPush> {
  if (typeof session !== 'number' || !Number.isInteger(session) || session < 0 || session > 0xffffffff) {
    return apiError('invalid-argument', 'sync push: session must be a whole number from 0 to 4294967295');
  }
  if (!(update instanceof Uint8Array)) return apiError('invalid-argument', 'sync push: update must be bytes (a Uint8Array)');
  if (update.byteLength > MAX_PUSHED_UPDATE_BYTES) {
    return apiError('invalid-argument', `sync push: update must be at most ${MAX_PUSHED_UPDATE_BYTES} bytes, not ${update.byteLength}`);
  }
  // A copy: the checked bytes are the ones forwarded, whatever happens to the caller's buffer.
  return apiOk({ session, update: new Uint8Array(update) });
}

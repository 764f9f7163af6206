/**
 * The messages between Electron's main process and the utility process that runs the delegation
 * node (node-process.ts), over the utility's parent port (structured clone). Versioned, one union
 * per direction, each with its encode (a fresh object holding exactly the message's fields and
 * copies of its bytes) and its parse (unknown -> the message, or a sentence saying why not).
 *
 * Main trusts the utility no more than it must: what arrives is parsed before it is routed to a
 * window. The renderer's input is checked earlier, in ipc-checks.ts.
 */
import type { ApiError, ApiResult, IdentityView, NodeEvent, NodeEventType } from '../node/api.js';
import { anything, either, exactly, literal, object, oneOf, text, variant, whole, type Check, type Checked } from '../node/api-validate.js';

export const NODE_PROTOCOL_VERSION = 1;

/** A window's id (its webContents id): whose sync sessions these are. */
export type WindowId = number;

export type VaultOperation = 'seal' | 'open';
export type VaultOutcome = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly message: string };

/** Main -> node. */
export type ToNode =
  /** Opens the node in `dataDir`; `sealKeys`: keep the seed sealed by main's vault (the OS keychain). */
  | { readonly v: 1; readonly type: 'start'; readonly dataDir: string; readonly sealKeys: boolean }
  | { readonly v: 1; readonly type: 'call'; readonly id: number; readonly window: WindowId; readonly command: string; readonly args: unknown }
  | { readonly v: 1; readonly type: 'sync-push'; readonly window: WindowId; readonly session: number; readonly update: Uint8Array }
  /** The window is gone: its sync sessions close. */
  | { readonly v: 1; readonly type: 'window-closed'; readonly window: WindowId }
  | { readonly v: 1; readonly type: 'vault-result'; readonly id: number; readonly outcome: VaultOutcome }
  /** Close the node (flushing storage), answer 'closed', then exit. */
  | { readonly v: 1; readonly type: 'shutdown' };

/** Node -> main. */
export type FromNode =
  | { readonly v: 1; readonly type: 'ready'; readonly apiVersion: number; readonly identity: IdentityView }
  /** The node could not open; `locked`: another process holds the data directory. */
  | { readonly v: 1; readonly type: 'failed'; readonly message: string; readonly locked: boolean }
  | { readonly v: 1; readonly type: 'result'; readonly id: number; readonly result: ApiResult<unknown> }
  | { readonly v: 1; readonly type: 'event'; readonly event: NodeEvent }
  | { readonly v: 1; readonly type: 'sync-update'; readonly window: WindowId; readonly session: number; readonly update: Uint8Array }
  | { readonly v: 1; readonly type: 'sync-error'; readonly window: WindowId; readonly session: number; readonly error: ApiError }
  /** Asks main's vault to seal or open a seed (safeStorage exists only in main). */
  | { readonly v: 1; readonly type: 'vault'; readonly id: number; readonly op: VaultOperation; readonly bytes: Uint8Array }
  | { readonly v: 1; readonly type: 'closed' };

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** A Yjs update pushed by a window: the cap of an update in a signed envelope (api.ts). */
export const MAX_PUSHED_UPDATE_BYTES = 8 * 1024 * 1024;
const MAX_VAULT_BYTES = 64 * 1024;
const UINT32 = 0xffffffff;

// ---- encode: fresh objects, copied bytes (a Buffer's pool or a view never crosses) --------------

const copy = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);

export function encodeToNode(message: ToNode): ToNode {
  switch (message.type) {
    case 'start':
      return { v: 1, type: 'start', dataDir: message.dataDir, sealKeys: message.sealKeys };
    case 'call':
      return { v: 1, type: 'call', id: message.id, window: message.window, command: message.command, args: message.args };
    case 'sync-push':
      return { v: 1, type: 'sync-push', window: message.window, session: message.session, update: copy(message.update) };
    case 'window-closed':
      return { v: 1, type: 'window-closed', window: message.window };
    case 'vault-result':
      return {
        v: 1,
        type: 'vault-result',
        id: message.id,
        outcome: message.outcome.ok ? { ok: true, bytes: copy(message.outcome.bytes) } : { ok: false, message: message.outcome.message },
      };
    case 'shutdown':
      return { v: 1, type: 'shutdown' };
    default:
      return unreachable(message);
  }
}

export function encodeFromNode(message: FromNode): FromNode {
  switch (message.type) {
    case 'ready':
      return { v: 1, type: 'ready', apiVersion: message.apiVersion, identity: { ...message.identity } };
    case 'failed':
      return { v: 1, type: 'failed', message: message.message, locked: message.locked };
    case 'result':
      return { v: 1, type: 'result', id: message.id, result: message.result };
    case 'event':
      return { v: 1, type: 'event', event: message.event };
    case 'sync-update':
      return { v: 1, type: 'sync-update', window: message.window, session: message.session, update: copy(message.update) };
    case 'sync-error':
      return { v: 1, type: 'sync-error', window: message.window, session: message.session, error: { code: message.error.code, message: message.error.message } };
    case 'vault':
      return { v: 1, type: 'vault', id: message.id, op: message.op, bytes: copy(message.bytes) };
    case 'closed':
      return { v: 1, type: 'closed' };
    default:
      return unreachable(message);
  }
}

function unreachable(message: never): never {
  throw new Error(`unknown message ${JSON.stringify(message)}`);
}

// ---- parse ----------------------------------------------------------------------------------

/** A Uint8Array (what structured clone makes of Buffers and typed arrays) of at most `max` bytes. */
export function bytes(max: number): Check<Uint8Array> {
  return (value, path) => {
    if (!(value instanceof Uint8Array)) return { ok: false, message: `${path} must be bytes (a Uint8Array)` };
    if (value.byteLength > max) return { ok: false, message: `${path} must be at most ${max} bytes, not ${value.byteLength}` };
    return { ok: true, value };
  };
}

const bool: Check<boolean> = (value, path) => (typeof value === 'boolean' ? { ok: true, value } : { ok: false, message: `${path} must be true or false` });
const flag =
  <const T extends boolean>(only: T): Check<T> =>
  (value, path) =>
    value === only ? { ok: true, value: only } : { ok: false, message: `${path} must be ${only}` };
/** `{ ok: true, ...onSuccess } | { ok: false, ...onFailure }`, picked by `ok`. */
const outcome = <T>(onSuccess: Record<string, Check<unknown>>, onFailure: Record<string, Check<unknown>>): Check<T> => {
  const success = object({ ok: flag(true), ...onSuccess });
  const failure = object({ ok: flag(false), ...onFailure });
  return (value, path) => {
    const ok = (value as { ok?: unknown } | null)?.ok;
    if (ok === true) return success(value, path) as Checked<T>;
    if (ok === false) return failure(value, path) as Checked<T>;
    return { ok: false, message: `${path}.ok must be true or false` };
  };
};
const anyText = text({ max: 1_000_000 });
const window = whole(1);
const id = whole(1);
const session = whole(0, UINT32);
const apiErrorCheck: Check<ApiError> = object({ code: text({ max: 100 }), message: anyText }) as Check<ApiError>;

const apiResult = outcome<ApiResult<unknown>>({ value: anything }, { error: apiErrorCheck });

/** Every event type the node emits: routing anything else to a window would be a bug upstream. */
const EVENT_TYPES = [
  'text-changed',
  'block-proposed',
  'vote',
  'block-final',
  'equivocation',
  'presence',
  'peer',
  'rejected-message',
  'catch-up',
  'act',
  'treaty-state',
  'entry-into-force',
  'negotiation-opened',
  'identity-changed',
  'node-error',
] as const satisfies readonly NodeEventType[];
// A new event type fails to compile here until it is listed above.
const allEventTypesListed: [Exclude<NodeEventType, (typeof EVENT_TYPES)[number]>] extends [never] ? true : never = true;
void allEventTypesListed;

const nodeEvent: Check<NodeEvent> = (value, path) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: `${path} must be an event object` };
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) return { ok: false, message: `${path}.type must be a node event type` };
  return { ok: true, value: value as NodeEvent };
};

const identity: Check<IdentityView> = object({
  party: text({ max: 200 }),
  name: either(text({ max: 200 }), (v, p) => (v === null ? { ok: true, value: null } : { ok: false, message: `${p} must be null` }), 'a string or null'),
  publicKey: text({ max: 200 }),
  fingerprint: text({ max: 200 }),
}) as Check<IdentityView>;

const vaultOutcome = outcome<VaultOutcome>({ bytes: bytes(MAX_VAULT_BYTES) }, { message: anyText });

const toNode = variant('type', {
  start: object({ v: exactly(1), type: literal('start'), dataDir: text({ max: 4096, nonEmpty: true }), sealKeys: bool }),
  call: object({ v: exactly(1), type: literal('call'), id, window, command: text({ max: 100 }), args: { optional: true, check: anything } }),
  'sync-push': object({ v: exactly(1), type: literal('sync-push'), window, session, update: bytes(MAX_PUSHED_UPDATE_BYTES) }),
  'window-closed': object({ v: exactly(1), type: literal('window-closed'), window }),
  'vault-result': object({ v: exactly(1), type: literal('vault-result'), id, outcome: vaultOutcome }),
  shutdown: object({ v: exactly(1), type: literal('shutdown') }),
});

const fromNode = variant('type', {
  ready: object({ v: exactly(1), type: literal('ready'), apiVersion: whole(0), identity }),
  failed: object({ v: exactly(1), type: literal('failed'), message: anyText, locked: bool }),
  result: object({ v: exactly(1), type: literal('result'), id, result: apiResult }),
  event: object({ v: exactly(1), type: literal('event'), event: nodeEvent }),
  'sync-update': object({ v: exactly(1), type: literal('sync-update'), window, session, update: bytes(Number.MAX_SAFE_INTEGER) }),
  'sync-error': object({ v: exactly(1), type: literal('sync-error'), window, session, error: apiErrorCheck }),
  vault: object({ v: exactly(1), type: literal('vault'), id, op: oneOf(['seal', 'open']), bytes: bytes(MAX_VAULT_BYTES) }),
  closed: object({ v: exactly(1), type: literal('closed') }),
});

function parseWith<T>(check: Check<unknown>, raw: unknown): Parsed<T> {
  if (typeof raw === 'object' && raw !== null && (raw as { v?: unknown }).v !== NODE_PROTOCOL_VERSION) {
    return { ok: false, message: `unsupported message version ${JSON.stringify((raw as { v?: unknown }).v)} (this app speaks v: ${NODE_PROTOCOL_VERSION})` };
  }
  const checked = check(raw, 'message');
  return checked.ok ? { ok: true, value: checked.value as T } : { ok: false, message: checked.message };
}

export const parseToNode = (raw: unknown): Parsed<ToNode> => parseWith<ToNode>(toNode, raw);
export const parseFromNode = (raw: unknown): Parsed<FromNode> => parseWith<FromNode>(fromNode, raw);

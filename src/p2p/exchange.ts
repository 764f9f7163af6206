/**
 * Request/response ("exchange") on a `/plenary/<name>/<version>` stream: one frame each way, then
 * the stream closes. Shared by both adapters, so caps, statuses and hostile-byte handling are one
 * piece of code whichever transport carries them.
 *
 *   request  = u32 length | body                       (big-endian, as core/bytes.ts)
 *   response = u8 status  | if status = ok: u32 length | body
 *
 * A status other than ok carries nothing else: the requester learns the class of failure, never
 * the handler's internals. Lengths are checked against the cap as soon as the 4 length bytes
 * arrive, so an announced 4 GiB body costs the receiver nothing.
 */
import { DecodeError } from '../core/bytes.js';
import { ok, type Result } from '../core/result.js';
import {
  DEFAULT_HANDLER_TIMEOUT_MS,
  MAX_REQUEST_BYTES,
  MAX_RESPONSE_BYTES,
  networkError,
  type NetworkError,
  type PeerId,
  type RequestHandler,
  type ServeOptions,
} from './network.js';

export const REPLY_STATUS = {
  ok: 0,
  handlerFailed: 1,
  requestTooLarge: 2,
  malformedRequest: 3,
  responseTooLarge: 4,
  handlerTimeout: 5,
} as const;
type ReplyStatus = (typeof REPLY_STATUS)[keyof typeof REPLY_STATUS];
const KNOWN_STATUS = new Set<number>(Object.values(REPLY_STATUS));

export interface Reply {
  readonly status: ReplyStatus;
  readonly body?: Uint8Array;
}

export function encodeRequest(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length);
  out.set(body, 4);
  return out;
}

export function encodeReply(reply: Reply): Uint8Array {
  if (reply.status !== REPLY_STATUS.ok) return Uint8Array.of(reply.status);
  const body = reply.body ?? new Uint8Array(0);
  const out = new Uint8Array(5 + body.length);
  out[0] = REPLY_STATUS.ok;
  new DataView(out.buffer).setUint32(1, body.length);
  out.set(body, 5);
  return out;
}

export type FrameStep<T> = { readonly kind: 'more' } | { readonly kind: 'frame'; readonly frame: T } | { readonly kind: 'error'; readonly error: DecodeError };
const MORE = { kind: 'more' } as const;

/** Anything that turns stream chunks into one result (a frame reader, or a raw collector in tests). */
export interface FrameSink<T> {
  push(chunk: Uint8Array): FrameStep<T>;
  /** The stream ended. */
  end(): FrameStep<T>;
}

/**
 * Reassembles one frame from chunks as a stream delivers them. After a frame or an error it is
 * finished and ignores further input (the caller closes the stream).
 */
export abstract class FrameReader<T> implements FrameSink<T> {
  private chunks: Uint8Array[] = [];
  private total = 0;
  private finished = false;

  constructor(protected readonly maxBody: number) {}

  push(chunk: Uint8Array): FrameStep<T> {
    if (this.finished) return MORE;
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.total += chunk.length;
    }
    return this.finish(this.step(this.total));
  }

  /** The stream ended: a frame still incomplete is truncated. */
  end(): FrameStep<T> {
    if (this.finished) return MORE;
    return this.finish({ kind: 'error', error: new DecodeError('truncated', `stream ended after ${this.total} bytes`) });
  }

  protected abstract step(available: number): FrameStep<T>;

  /** The first n buffered bytes (n <= total), joined once. */
  protected take(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first !== undefined && first.length >= n) return first.subarray(0, n);
    const out = new Uint8Array(this.total);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    this.chunks = [out];
    return out.subarray(0, n);
  }

  protected body(offset: number, length: number, available: number): FrameStep<Uint8Array> {
    if (length > this.maxBody) return { kind: 'error', error: new DecodeError('oversized', `body of ${length} bytes exceeds ${this.maxBody}`) };
    if (available < offset + length) return MORE;
    if (available > offset + length) return { kind: 'error', error: new DecodeError('trailing-bytes', 'bytes after the frame') };
    return { kind: 'frame', frame: this.take(offset + length).slice(offset) };
  }

  private finish(step: FrameStep<T>): FrameStep<T> {
    if (step.kind !== 'more') {
      this.finished = true;
      this.chunks = [];
    }
    return step;
  }
}

export class RequestReader extends FrameReader<Uint8Array> {
  protected step(available: number): FrameStep<Uint8Array> {
    if (available < 4) return MORE;
    const head = this.take(4);
    const length = new DataView(head.buffer, head.byteOffset).getUint32(0);
    return this.body(4, length, available);
  }
}

export class ReplyReader extends FrameReader<Reply> {
  protected step(available: number): FrameStep<Reply> {
    if (available < 1) return MORE;
    const status = this.take(1)[0]!;
    if (!KNOWN_STATUS.has(status)) return { kind: 'error', error: new DecodeError('bad-tag', `unknown reply status ${status}`) };
    if (status !== REPLY_STATUS.ok) {
      return available > 1 ? { kind: 'error', error: new DecodeError('trailing-bytes', 'bytes after an error status') } : { kind: 'frame', frame: { status: status as ReplyStatus } };
    }
    if (available < 5) return MORE;
    const head = this.take(5);
    const length = new DataView(head.buffer, head.byteOffset).getUint32(1);
    const step = this.body(5, length, available);
    return step.kind === 'frame' ? { kind: 'frame', frame: { status: REPLY_STATUS.ok, body: step.frame } } : step;
  }
}

export type WholeFrame<T> = { readonly kind: 'frame'; readonly frame: T } | { readonly kind: 'error'; readonly error: DecodeError };

/** Reads a frame that arrived in one piece (the in-memory transport, tests). */
export function readWhole<T>(reader: FrameReader<T>, bytes: Uint8Array): WholeFrame<T> {
  const step = reader.push(bytes);
  if (step.kind !== 'more') return step;
  const end = reader.end();
  return end.kind === 'more' ? { kind: 'error', error: new DecodeError('truncated', 'no frame') } : end;
}

/** What a server sends back for request bytes it could not read. */
export function replyToBadRequest(error: DecodeError): Uint8Array {
  return encodeReply({ status: error.code === 'oversized' ? REPLY_STATUS.requestTooLarge : REPLY_STATUS.malformedRequest });
}

/**
 * Runs a handler under its time and size limits and encodes its answer. Never rejects: a throw,
 * a hang or an oversized answer becomes an error status.
 */
export async function answerRequest(handler: RequestHandler, from: PeerId, request: Uint8Array, options: ServeOptions = {}): Promise<Uint8Array> {
  const maxResponse = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS);
  });
  try {
    const answer = await Promise.race([Promise.resolve().then(() => handler(from, request)), timedOut]);
    if (answer === 'timeout') return encodeReply({ status: REPLY_STATUS.handlerTimeout });
    if (!(answer instanceof Uint8Array)) return encodeReply({ status: REPLY_STATUS.handlerFailed });
    if (answer.length > maxResponse) return encodeReply({ status: REPLY_STATUS.responseTooLarge });
    return encodeReply({ status: REPLY_STATUS.ok, body: answer });
  } catch {
    return encodeReply({ status: REPLY_STATUS.handlerFailed });
  } finally {
    clearTimeout(timer);
  }
}

export function maxRequestOf(options: ServeOptions | undefined): number {
  return options?.maxRequestBytes ?? MAX_REQUEST_BYTES;
}

/** The requester's reading of a reply. */
export function replyResult(reply: Reply): Result<Uint8Array, NetworkError> {
  switch (reply.status) {
    case REPLY_STATUS.ok:
      return ok(reply.body ?? new Uint8Array(0));
    case REPLY_STATUS.handlerFailed:
      return networkError('remote-failed', 'the peer failed to answer');
    case REPLY_STATUS.requestTooLarge:
      return networkError('too-large', 'the peer refused a request over its size cap');
    case REPLY_STATUS.malformedRequest:
      return networkError('malformed', 'the peer could not read the request');
    case REPLY_STATUS.responseTooLarge:
      return networkError('too-large', "the peer's answer exceeded its size cap");
    case REPLY_STATUS.handlerTimeout:
      return networkError('timeout', 'the peer did not answer in time');
  }
}

/** The requester's reading of reply bytes it could not parse. */
export function badReply(error: DecodeError): { ok: false; error: NetworkError } {
  return error.code === 'oversized' ? networkError('too-large', `response: ${error.message}`) : networkError('malformed', `response: ${error.message}`);
}

/** Checks a request against the requester's own cap before anything is sent. */
export function checkRequestSize(request: Uint8Array, max: number | undefined): Result<void, NetworkError> {
  const cap = max ?? MAX_REQUEST_BYTES;
  return request.length > cap ? networkError('too-large', `request of ${request.length} bytes exceeds ${cap}`) : ok(undefined);
}

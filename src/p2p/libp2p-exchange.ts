/**
 * Request/response over a libp2p 3 stream. libp2p 3 streams are event targets, not the
 * source/sink duplexes of libp2p 2: data arrives as 'message' events (buffered until a listener is
 * attached), `send` returns false when the caller should wait for 'drain', `close` half-closes our
 * end, and the remote's half-close shows as 'remoteCloseWrite' / `remoteWriteStatus`.
 * Frames, caps and statuses are exchange.ts's, shared with the in-memory adapter.
 */
import type { Stream } from '@libp2p/interface';
import { ok, type Result } from '../core/result.js';
import {
  answerRequest,
  badReply,
  encodeRequest,
  maxRequestOf,
  replyResult,
  replyToBadRequest,
  ReplyReader,
  RequestReader,
  type FrameSink,
  type FrameStep,
  type WholeFrame,
} from './exchange.js';
import { networkError, type NetworkError, type PeerId, type RequestHandler, type ServeOptions } from './network.js';

type Chunk = Uint8Array | { subarray(): Uint8Array };
const bytesOf = (chunk: Chunk): Uint8Array => (chunk instanceof Uint8Array ? chunk : chunk.subarray());

type ReadOutcome<T> = WholeFrame<T> | { readonly kind: 'aborted' };

/** How long a server waits for a request to arrive in full. */
export const REQUEST_READ_TIMEOUT_MS = 10_000;
const LINGER_MS = 5000;

/** Resolves at the first complete frame, a framing error, the end of the stream, or `signal`. */
export function readFrame<T>(stream: Stream, reader: FrameSink<T>, signal: AbortSignal): Promise<ReadOutcome<T>> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: ReadOutcome<T>): void => {
      if (settled) return;
      settled = true;
      stream.removeEventListener('message', onMessage);
      stream.removeEventListener('remoteCloseWrite', onEnd);
      stream.removeEventListener('end', onEnd);
      stream.removeEventListener('close', onEnd);
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onMessage = (event: { data: Chunk }): void => {
      const step = reader.push(bytesOf(event.data));
      if (step.kind !== 'more') finish(step);
    };
    // Data already received is dispatched in a microtask: let it land before concluding "ended".
    const onEnd = (): void =>
      queueMicrotask(() => {
        const step = reader.end();
        if (step.kind !== 'more') finish(step);
      });
    const onAbort = (): void => finish({ kind: 'aborted' });
    if (signal.aborted) return onAbort();
    stream.addEventListener('message', onMessage);
    stream.addEventListener('remoteCloseWrite', onEnd);
    stream.addEventListener('end', onEnd);
    stream.addEventListener('close', onEnd);
    signal.addEventListener('abort', onAbort);
    if (stream.readableEnded || (stream.remoteWriteStatus !== 'writable' && stream.readBufferLength === 0)) onEnd();
  });
}

export async function writeAll(stream: Stream, bytes: Uint8Array, signal: AbortSignal): Promise<void> {
  if (!stream.send(bytes)) await stream.onDrain({ signal });
}

/** The server side: read one request, answer it, close. Never throws; a hostile peer gets a status or a reset. */
export function exchangeHandler(handler: RequestHandler, options: ServeOptions, onError: (error: unknown) => void) {
  return async (stream: Stream, from: PeerId): Promise<void> => {
    const deadline = AbortSignal.timeout(REQUEST_READ_TIMEOUT_MS);
    try {
      const request = await readFrame(stream, new RequestReader(maxRequestOf(options)), deadline);
      if (request.kind === 'aborted') return stream.abort(new Error('request not received in time'));
      const reply = request.kind === 'error' ? replyToBadRequest(request.error) : await answerRequest(handler, from, request.frame, options);
      if (stream.writeStatus !== 'writable') return;
      await writeAll(stream, reply, AbortSignal.timeout(REQUEST_READ_TIMEOUT_MS));
      await stream.close({ signal: AbortSignal.timeout(REQUEST_READ_TIMEOUT_MS) });
    } catch (error) {
      stream.abort(error instanceof Error ? error : new Error(String(error)));
      if (!isStreamGone(error)) onError(error);
    }
  };
}

/** The client side, on a stream already negotiated for the protocol. */
export async function exchangeOverStream(stream: Stream, request: Uint8Array, maxResponseBytes: number, signal: AbortSignal): Promise<Result<Uint8Array, NetworkError>> {
  // Listen before writing: a server may answer (e.g. "too large") before we finish.
  const reading = readFrame(stream, new ReplyReader(maxResponseBytes), signal);
  try {
    await writeAll(stream, encodeRequest(request), signal);
    await stream.close({ signal });
  } catch {
    // The server may have closed after answering early; the reply, if any, is still readable.
  }
  const reply = await reading;
  if (reply.kind !== 'frame') {
    if (stream.status === 'open') stream.abort(new Error('exchange abandoned'));
  } else if (stream.status === 'open') {
    // The server closes right after its answer; one that holds the stream open loses it later.
    setTimeout(() => stream.status === 'open' && stream.abort(new Error('server kept the stream open')), LINGER_MS).unref();
  }
  switch (reply.kind) {
    case 'frame':
      return replyResult(reply.frame);
    case 'aborted':
      return networkError('timeout', 'no complete answer in time');
    case 'error':
      return reply.error.code === 'truncated' ? networkError('closed', 'the stream closed before a complete answer') : badReply(reply.error);
  }
}

/** Diagnostic for hostile-input tests: write bytes as they are, collect whatever comes back. */
export async function rawOverStream(stream: Stream, bytes: Uint8Array, signal: AbortSignal): Promise<Result<Uint8Array, NetworkError>> {
  const reading = readFrame(stream, new RawCollector(), signal);
  try {
    await writeAll(stream, bytes, signal);
    await stream.close({ signal });
  } catch {
    // the peer may reset the stream on junk: that is an answer too
  }
  const outcome = await reading;
  if (stream.status === 'open') stream.abort(new Error('exchange over'));
  if (outcome.kind === 'aborted') return networkError('timeout', 'the peer neither answered nor closed');
  return outcome.kind === 'frame' ? ok(outcome.frame) : networkError('malformed', outcome.error.message);
}

/** Everything until the stream ends, as one byte array. */
class RawCollector implements FrameSink<Uint8Array> {
  private readonly chunks: Uint8Array[] = [];

  push(chunk: Uint8Array): FrameStep<Uint8Array> {
    this.chunks.push(chunk);
    return { kind: 'more' };
  }

  end(): FrameStep<Uint8Array> {
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return { kind: 'frame', frame: out };
  }
}

function isStreamGone(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name ?? '';
  return /StreamReset|StreamState|StreamClosed|Abort|Timeout/.test(name);
}

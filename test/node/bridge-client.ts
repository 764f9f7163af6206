/**
 * A test client of the bridge, as an integrator would write one from docs/api.md: fetch for
 * commands, a WebSocket (the `ws` package) for events and the Yjs sync channel.
 */
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import type { ApiResult, ArgsOf, CommandName, NodeEvent, ResultOf, ServerMessage } from '../../src/node/api.js';
import { decodeSyncFrame, encodeSyncFrame, type SyncFrame } from '../../src/node/api-codec.js';
import { Recorder, waitForValue } from '../support/wait.js';

export interface RawResponse {
  readonly status: number;
  readonly body: unknown;
}

/** A POST with full control of the headers (fetch will not set Host). */
export function rawPost(url: string, path: string, headers: Record<string, string>, body = '{}'): Promise<RawResponse> {
  const target = new URL(path, url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export class HttpClient {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async call<N extends CommandName>(command: N, args: ArgsOf<N> | Record<string, unknown>): Promise<ApiResult<ResultOf<N>>> {
    const response = await fetch(new URL(`api/${command}`, this.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    if (response.status !== 200) throw new Error(`${command}: HTTP ${response.status}: ${await response.text()}`);
    return (await response.json()) as ApiResult<ResultOf<N>>;
  }

  async must<N extends CommandName>(command: N, args: ArgsOf<N>): Promise<ResultOf<N>> {
    const result = await this.call(command, args);
    if (!result.ok) throw new Error(`${command}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  }
}

export class SocketClient {
  readonly messages = new Recorder<ServerMessage>();
  readonly frames = new Recorder<SyncFrame>();
  closed: { code: number; reason: string } | undefined;
  private nextId = 1;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        const frame = decodeSyncFrame(new Uint8Array(data));
        if (frame.ok) this.frames.push(frame.value);
      } else {
        this.messages.push(JSON.parse(data.toString('utf8')) as ServerMessage);
      }
    });
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  static open(url: string, options: { origin?: string; headers?: Record<string, string> } = {}): Promise<SocketClient> {
    const ws = new WebSocket(new URL('api/ws', url).toString().replace(/^http/, 'ws'), { ...options });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new SocketClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Opens and authenticates; resolves once the node said ready. */
  static async connect(url: string, token: string): Promise<SocketClient> {
    const client = await SocketClient.open(url);
    client.send({ v: 1, type: 'auth', token });
    await client.messages.waitFor('ready', (m) => m.type === 'ready');
    return client;
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  async call<N extends CommandName>(command: N, args: ArgsOf<N>): Promise<ApiResult<ResultOf<N>>> {
    const id = this.nextId++;
    this.send({ v: 1, type: 'call', id, command, args });
    const reply = await this.messages.waitFor(`result of ${command}`, (m) => m.type === 'result' && m.id === id);
    return (reply as Extract<ServerMessage, { type: 'result' }>).result as ApiResult<ResultOf<N>>;
  }

  pushUpdate(session: number, update: Uint8Array): void {
    this.ws.send(encodeSyncFrame({ kind: 'client-update', session, update }));
  }

  async event<T extends NodeEvent['type']>(type: T, match: (e: Extract<NodeEvent, { type: T }>) => boolean = () => true): Promise<Extract<NodeEvent, { type: T }>> {
    const m = await this.messages.waitFor(`a ${type} event`, (m) => m.type === 'event' && m.event.type === type && match(m.event as Extract<NodeEvent, { type: T }>));
    return (m as Extract<ServerMessage, { type: 'event' }>).event as Extract<NodeEvent, { type: T }>;
  }

  waitClosed(): Promise<{ code: number; reason: string }> {
    return waitForValue('the socket to close', () => this.closed);
  }

  close(): void {
    this.ws.close();
  }
}

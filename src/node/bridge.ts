/**
 * The node API over local HTTP and WebSocket (docs/api.md): the browser mode's transport, and the
 * way headless nodes, automation and test suites drive a node.
 *
 *   POST /api/<command>   JSON arguments in, the command's `{ ok, value | error }` out (HTTP 200)
 *   GET  /api             the API version and every command with its summary
 *   GET  /api/ws          WebSocket: calls, events, and the Yjs sync channel (bridge-socket.ts)
 *   GET  /*               the UI, when one is given (browser mode); a short page otherwise
 *
 * Listens on a loopback address only. Every /api request needs the node's token; Host and Origin
 * are checked on every request (bridge-guard.ts). Bodies and frames are size-limited.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { API_VERSION, COMMAND_NAMES, commands } from './api.js';
import type { ApiErrorCode } from './api-types.js';
import { BridgeGuard, bearerToken, isLoopbackHost, newToken } from './bridge-guard.js';
import { CLOSE_CODES, serveSocket } from './bridge-socket.js';
import type { DelegationNode } from './delegation-node.js';

export interface BridgeOptions {
  readonly node: DelegationNode;
  /** A loopback address: 127.0.0.1 (default), ::1 or localhost. Anything else is refused. */
  readonly host?: string;
  /** Default 0: any free port (see `port` once started). */
  readonly port?: number;
  /** Default: a fresh random token (32 bytes, base64url). */
  readonly token?: string;
  /** Further origins allowed to call (say, a UI dev server); the bridge's own always are. */
  readonly extraOrigins?: readonly string[];
  /** Largest request body / WebSocket message. Default 16 MiB. */
  readonly maxMessageBytes?: number;
  /** Serves the UI (browser mode): returns false for a path it does not have. */
  readonly ui?: (request: IncomingMessage, response: ServerResponse) => boolean;
  readonly authTimeoutMs?: number;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const API_PREFIX = '/api/';

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(text);
}

const refuse = (response: ServerResponse, status: number, code: ApiErrorCode, message: string): void =>
  sendJson(response, status, { ok: false, error: { code, message } });

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpRefusal(413, 'payload-too-large', `the body is over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpRefusal(413, 'payload-too-large', `the body is over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const PLACEHOLDER = `<!doctype html><meta charset="utf-8"><title>Plenary node</title>
<p>This is a Plenary node. Its API is at <code>/api</code> (see docs/api.md); the browser UI is not served by this build.</p>`;

export class Bridge {
  private constructor(
    private readonly server: Server,
    private readonly sockets: WebSocketServer,
    readonly host: string,
    readonly port: number,
    readonly token: string,
  ) {}

  /** The bridge's address, e.g. http://127.0.0.1:41234/ */
  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}/`;
  }

  static async start(options: BridgeOptions): Promise<Bridge> {
    const host = options.host ?? '127.0.0.1';
    if (!isLoopbackHost(host)) throw new RangeError(`the bridge listens on a loopback address only (127.0.0.1, ::1 or localhost), not ${host}`);
    const token = options.token ?? newToken();
    const limit = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const { node } = options;
    let guard: BridgeGuard | undefined; // known once the port is
    const sockets = new WebSocketServer({ noServer: true, maxPayload: limit });

    const server = createServer((request, response) => {
      void handle(request, response).catch((e: unknown) => {
        if (e instanceof HttpRefusal) refuse(response, e.status, e.code, e.message);
        else if (!response.headersSent) refuse(response, 500, 'internal', String(e));
        else response.destroy();
      });
    });

    const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
      const refused = guard!.checkSource(request.headers.host, request.headers.origin);
      if (refused) return refuse(response, refused.status, refused.code, refused.message);
      const path = new URL(request.url ?? '/', 'http://bridge').pathname;
      if (path !== '/api' && !path.startsWith(API_PREFIX)) {
        if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'method-not-allowed', 'the UI is read with GET');
        if (options.ui?.(request, response) === true) return;
        if (path !== '/') return refuse(response, 404, 'not-found', `nothing at ${path}`);
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
        response.end(PLACEHOLDER);
        return;
      }
      const unauthorized = guard!.checkToken(bearerToken(request.headers.authorization));
      if (unauthorized) return refuse(response, unauthorized.status, unauthorized.code, unauthorized.message);
      if (path === '/api') {
        if (request.method !== 'GET') return refuse(response, 405, 'method-not-allowed', 'GET /api lists the commands');
        return sendJson(response, 200, { apiVersion: API_VERSION, commands: COMMAND_NAMES.map((name) => ({ name, summary: commands[name].summary })) });
      }
      let command: string;
      try {
        command = decodeURIComponent(path.slice(API_PREFIX.length));
      } catch {
        return refuse(response, 400, 'bad-request', 'the command name is not valid percent-encoding');
      }
      if (command === 'ws') return refuse(response, 400, 'bad-request', 'GET /api/ws is a WebSocket: send an Upgrade request');
      if (request.method !== 'POST') return refuse(response, 405, 'method-not-allowed', `commands are called with POST ${API_PREFIX}<command>`);
      // A JSON content type cannot be sent cross-site without a CORS preflight, which we never grant.
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') return refuse(response, 415, 'bad-request', 'send the arguments as Content-Type: application/json');
      const body = await readBody(request, limit);
      let args: unknown = {};
      if (body.length > 0) {
        try {
          args = JSON.parse(body.toString('utf8'));
        } catch {
          return refuse(response, 400, 'bad-request', 'the body is not valid JSON');
        }
      }
      sendJson(response, 200, await node.call(command, args));
    };

    server.on('upgrade', (request, socket, head) => {
      const reject = (status: number, message: string): void => {
        socket.end(`HTTP/1.1 ${status} ${message}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      };
      const refused = guard!.checkSource(request.headers.host, request.headers.origin);
      if (refused) return reject(refused.status, 'Forbidden');
      if (new URL(request.url ?? '/', 'http://bridge').pathname !== '/api/ws') return reject(404, 'Not Found');
      sockets.handleUpgrade(request, socket, head, (ws) =>
        serveSocket(ws, node, guard!, { authTimeoutMs: options.authTimeoutMs ?? 5000, maxBufferedBytes: 4 * limit }),
      );
    });

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port: options.port ?? 0, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    guard = new BridgeGuard(port, token, options.extraOrigins);
    return new Bridge(server, sockets, host, port, token);
  }

  /** Stops accepting, closes every WebSocket (1001) and every connection. */
  async close(): Promise<void> {
    for (const ws of this.sockets.clients) ws.close(CLOSE_CODES.nodeClosing, 'the node is closing');
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
  }
}

/**
 * Who may talk to the bridge. It listens on a loopback address only; on top of that:
 * - the Host header must name that loopback address and port, so a web page whose domain is
 *   rebound to 127.0.0.1 (DNS rebinding) is refused: its requests carry its own host name;
 * - an Origin header, when present (browsers send one on cross-origin requests and on every
 *   WebSocket), must be the bridge's own origin (the served UI) or one explicitly allowed;
 * - every API request carries the node's secret token, compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'] as const;

/** A fresh per-node secret: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison (of digests, so unequal lengths take the same path). */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, if that is what it is. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header ?? '');
  return match?.[1];
}

export function isLoopbackHost(host: string): boolean {
  return (LOOPBACK_HOSTS as readonly string[]).includes(host);
}

/** Host header values that name this bridge: every loopback spelling, with its port. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/** Origins of the UI the bridge serves itself. */
export function ownOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]);
}

export type GuardRefusal = { readonly status: 401 | 403; readonly code: 'forbidden-host' | 'forbidden-origin' | 'unauthorized'; readonly message: string };

export class BridgeGuard {
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;

  constructor(
    port: number,
    private readonly token: string,
    extraOrigins: readonly string[] = [],
  ) {
    this.hosts = allowedHosts(port);
    this.origins = new Set([...ownOrigins(port), ...extraOrigins]);
  }

  /** Host and Origin: checked on every request, the UI's files included. */
  checkSource(host: string | undefined, origin: string | undefined): GuardRefusal | undefined {
    if (host === undefined || !this.hosts.has(host.toLowerCase())) {
      return { status: 403, code: 'forbidden-host', message: `host ${JSON.stringify(host ?? '')} is not this bridge (it answers to ${[...this.hosts].join(', ')})` };
    }
    if (origin !== undefined && !this.origins.has(origin)) {
      return { status: 403, code: 'forbidden-origin', message: `requests from origin ${origin} are not allowed` };
    }
    return undefined;
  }

  checkToken(given: string | undefined): GuardRefusal | undefined {
    if (given === undefined) return { status: 401, code: 'unauthorized', message: 'the node token is required (Authorization: Bearer <token>)' };
    if (!tokensEqual(given, this.token)) return { status: 401, code: 'unauthorized', message: 'wrong token' };
    return undefined;
  }
}

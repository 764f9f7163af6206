/**
 * The window shows only our own files: the built renderer (dist/renderer), served under the
 * privileged scheme `plenary://app/` (a real origin for the page's CSP 'self' and its ES modules,
 * unlike file://, which would make every file on disk same-origin). These pure rules decide which
 * file a URL names, which URLs the window may navigate to, and which links go to the OS browser.
 */
import { extname, isAbsolute, join, relative } from 'node:path';

export const APP_SCHEME = 'plenary';
const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** True for our own pages (the app origin), whatever the path. */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== undefined && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/**
 * The file under `root` that an app URL names ('/' is index.html), or undefined for anything
 * else: another scheme or host, an escape from root (.., encoded or not), a NUL, a directory name.
 */
export function assetPath(root: string, url: string): string | undefined {
  if (!isAppUrl(url)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined; // malformed percent-encoding
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  if (path === '/' || path === '') path = '/index.html';
  if (path.endsWith('/')) return undefined; // a directory: no listings
  const file = join(root, path);
  // URL parsing already resolved dot segments; this holds even for encoded ones ('%2e%2e').
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
  return file;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type NavigationVerdict =
  /** One of our pages: let the window go there. */
  | 'stay'
  /** A web link: open it in the OS browser, never in the app's window. */
  | 'browser'
  /** Anything else (file:, javascript:, data:, http:, another scheme): refuse. */
  | 'refuse';

export function navigationVerdict(url: string): NavigationVerdict {
  if (isAppUrl(url)) return 'stay';
  const parsed = parse(url);
  // https only: plain http links would leave the app for an unauthenticated page.
  if (parsed !== undefined && parsed.protocol === 'https:' && parsed.hostname !== '' && parsed.username === '' && parsed.password === '') return 'browser';
  return 'refuse';
}

/**
 * Browser mode's files: the built UI (dist/renderer, `npm run build`) served by the bridge's `ui`
 * hook. A small static file server that serves files under its root and nothing else: no `..`
 * (plain or percent-encoded), no dotfiles, no symlink that leads out of the root. The page's
 * Content-Security-Policy (index.html's meta tag) is sent as a header too, where it also forbids
 * framing (a meta tag cannot); hashed /assets/* are cached for good, index.html never.
 */
import { createReadStream, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, isAbsolute, join, relative, sep } from 'node:path';

export type UiHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Used when index.html carries no CSP of its own (it should: src/renderer/index.html). */
const FALLBACK_CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** Vite names files under assets/ by their content hash: a new build means new names. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Whether `root` holds a built UI (its index.html). */
export function isUiBuilt(root: string): boolean {
  return existsSync(join(root, 'index.html'));
}

/** The CSP of index.html's `<meta http-equiv="Content-Security-Policy">`, plus what only a header can say. */
export function pagePolicy(indexHtml: string): string {
  const meta = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=(?:"([^"]*)"|'([^']*)')/i.exec(indexHtml);
  const policy = (meta?.[1] ?? meta?.[2] ?? FALLBACK_CSP).trim().replace(/;\s*$/, '');
  return `${policy}; frame-ancestors 'none'`;
}

/**
 * The path's segments under the root, or undefined for anything that is not a plain file name
 * path: empty segments, `.`/`..` and every other dot-name, separators or NUL hidden by
 * percent-encoding, bad encoding. `/` is index.html.
 */
export function safeSegments(rawUrl: string): string[] | undefined {
  const path = rawUrl.split(/[?#]/, 1)[0]!;
  if (!path.startsWith('/')) return undefined;
  if (path === '/') return ['index.html'];
  const segments: string[] = [];
  for (const raw of path.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '' || segment.startsWith('.') || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}

/** Serves the files under `root` (which must exist); returns false for what it does not serve. */
export function serveUiFiles(root: string): UiHandler {
  const realRoot = realpathSync(root);
  let indexPolicy: string | undefined;
  const policy = (): string => {
    // Read once, lazily: index.html may be built after the node starts.
    if (indexPolicy === undefined) {
      try {
        indexPolicy = pagePolicy(readFileSync(join(realRoot, 'index.html'), 'utf8'));
      } catch {
        return pagePolicy('');
      }
    }
    return indexPolicy;
  };

  return (request, response) => {
    const segments = safeSegments(request.url ?? '/');
    if (segments === undefined) return false;
    const file = resolveUnder(realRoot, segments);
    if (file === undefined) return false;
    const name = segments[segments.length - 1]!;
    const inAssets = segments.length > 1 && segments[0] === 'assets';
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
      'content-length': file.size,
      'cache-control': name === 'index.html' && segments.length === 1 ? 'no-store' : inAssets ? IMMUTABLE : 'no-cache',
      'content-security-policy': policy(),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    if (request.method === 'HEAD') {
      response.end();
      return true;
    }
    createReadStream(file.path)
      .on('error', () => response.destroy())
      .pipe(response);
    return true;
  };
}

/** The real path of a regular file under the root, following symlinks only where they stay inside. */
function resolveUnder(realRoot: string, segments: readonly string[]): { path: string; size: number } | undefined {
  let real: string;
  try {
    real = realpathSync(join(realRoot, ...segments));
  } catch {
    return undefined; // missing, or a dangling link
  }
  const inside = relative(realRoot, real);
  if (inside === '' || isAbsolute(inside) || inside.split(sep).some((part) => part === '' || part.startsWith('.'))) return undefined;
  try {
    const stat = statSync(real);
    return stat.isFile() ? { path: real, size: stat.size } : undefined;
  } catch {
    return undefined;
  }
}

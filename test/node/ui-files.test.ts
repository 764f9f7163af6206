/**
 * Browser mode's static files, served through a real bridge on 127.0.0.1 from a built-UI stand-in:
 * index.html and hashed assets with the right types and caching, the page's CSP as a header, and
 * nothing outside the root: no `..` (plain or percent-encoded), no dotfiles, no symlink out.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bridge } from '../../src/node/bridge.js';
import type { DelegationNode } from '../../src/node/delegation-node.js';
import { isUiBuilt, pagePolicy, safeSegments, serveUiFiles } from '../../src/node/ui-files.js';
import { openNode, removeTempDirs, tempDir } from './node-fixtures.js';

const CSP = "default-src 'self'; script-src 'self'; connect-src 'self' ws://127.0.0.1:*";
const INDEX = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${CSP}" /><title>Plenary</title></head><body><div id="root"></div><script type="module" src="./assets/index-Ab12Cd.js"></script></body></html>`;

let node: DelegationNode;
let bridge: Bridge;
let outside: string;

beforeEach(async () => {
  const base = tempDir('plenary-ui-');
  const root = join(base, 'renderer');
  outside = join(base, 'secret.txt');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'index-Ab12Cd.js'), 'console.log("plenary");\n');
  writeFileSync(join(root, 'assets', 'index-Ef34Gh.css'), 'body { margin: 0 }\n');
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, '.env'), 'TOKEN=do-not-serve\n');
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git', 'config'), '[core]\n');
  writeFileSync(outside, 'the node key, say\n');
  symlinkSync(outside, join(root, 'assets', 'leak.txt'));
  symlinkSync(join(root, 'assets', 'logo.svg'), join(root, 'logo-link.svg')); // a link that stays inside
  node = await openNode(tempDir());
  bridge = await Bridge.start({ node, ui: serveUiFiles(root) });
});

afterEach(async () => {
  await bridge.close();
  await node.close();
  removeTempDirs();
});

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A GET with the path sent exactly as written (fetch would normalize `..` away). */
function get(path: string, method = 'GET'): Promise<Reply> {
  const url = new URL(bridge.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method, headers: { host: url.host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serveUiFiles', () => {
  it('serves index.html at / with no-store, its CSP as a header, and the safety headers', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX);
    expect(page.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `${CSP}; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-length': String(Buffer.byteLength(INDEX)),
    });
    expect((await get('/index.html?v=2')).body).toBe(INDEX);
    const head = await get('/', 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '', headers: { 'content-length': String(Buffer.byteLength(INDEX)) } });
  });

  it('serves hashed assets with their types, cached for good, and links that stay inside the root', async () => {
    const script = await get('/assets/index-Ab12Cd.js');
    expect(script).toMatchObject({ status: 200, body: 'console.log("plenary");\n' });
    expect(script.headers).toMatchObject({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
    expect((await get('/assets/index-Ef34Gh.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get('/assets/logo.svg')).headers['content-type']).toBe('image/svg+xml');
    const link = await get('/logo-link.svg');
    expect(link).toMatchObject({ status: 200, headers: { 'content-type': 'image/svg+xml', 'cache-control': 'no-cache' } });
  });

  it('refuses traversal (plain and percent-encoded), dotfiles, symlinks out of the root, directories; 404 for missing files', async () => {
    const refused = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2E%2E/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/.env',
      '/%2eenv',
      '/.git/config',
      '/assets/leak.txt',
      '/assets',
      '/assets/',
      '//etc/passwd',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/missing.js',
      '/assets/index-000000.js',
    ];
    for (const path of refused) {
      const reply = await get(path);
      expect.soft(reply.status, path).toBe(404);
      expect.soft(reply.body, path).not.toMatch(/node key|do-not-serve|core/);
    }
  });
});

describe('the pieces', () => {
  it('safeSegments keeps plain names only', () => {
    expect(safeSegments('/')).toEqual(['index.html']);
    expect(safeSegments('/assets/a%20b.js?x=1#y')).toEqual(['assets', 'a b.js']);
    for (const bad of ['', 'assets/a.js', '/./a', '/a/..', '/a//b', '/%2e', '/a%2fb', '/a%00']) expect(safeSegments(bad), bad).toBeUndefined();
  });

  it('pagePolicy takes the meta CSP and forbids framing; isUiBuilt looks for index.html', () => {
    expect(pagePolicy(INDEX)).toBe(`${CSP}; frame-ancestors 'none'`);
    expect(pagePolicy('<html></html>')).toMatch(/^default-src 'self';.*frame-ancestors 'none'$/);
    expect(isUiBuilt(tempDir())).toBe(false);
  });
});

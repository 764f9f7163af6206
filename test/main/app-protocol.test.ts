/**
 * What the app window may show and where it may go: app URLs map to files inside the renderer's
 * build and nowhere else; https links leave for the OS browser; everything else is refused.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY, assetPath, contentTypeOf, isAppUrl, navigationVerdict } from '../../src/main/app-protocol.js';

const root = resolve('/opt/plenary/dist/renderer');

describe('app URLs to files', () => {
  it.each([
    [APP_ENTRY, 'index.html'],
    ['plenary://app/', 'index.html'],
    ['plenary://app', 'index.html'],
    ['plenary://app/assets/index-3f2a.js', 'assets/index-3f2a.js'],
    ['plenary://app/assets/a%20b.css?v=1#x', 'assets/a b.css'],
    ['plenary://app/assets/../index.html', 'index.html'],
    // The URL parser resolves dot segments, encoded or not, before we see the path: they stay inside.
    ['plenary://app/../../etc/passwd', 'etc/passwd'],
    ['plenary://app/%2e%2e/%2e%2e/etc/passwd', 'etc/passwd'],
  ])('%s is %s under the root', (url, file) => {
    expect(assetPath(root, url)).toBe(join(root, file));
  });

  it.each([
    ['an encoded slash escape', 'plenary://app/..%2f..%2fetc%2fpasswd'],
    ['a backslash', 'plenary://app/..%5c..%5cwindows'],
    ['a NUL', 'plenary://app/index.html%00.png'],
    ['bad percent-encoding', 'plenary://app/%E0%A4%A'],
    ['another host', 'plenary://evil/index.html'],
    ['credentials', 'plenary://user:pw@app/index.html'],
    ['file:', 'file:///opt/plenary/dist/renderer/index.html'],
    ['https', 'https://app/index.html'],
    ['not a URL', 'index.html'],
    ['a directory', 'plenary://app/assets/'],
  ])('refuses %s', (_, url) => {
    expect(assetPath(root, url)).toBeUndefined();
  });

  it('serves each file with its type', () => {
    expect(contentTypeOf('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('a/x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('a/x.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('a/x.unknown')).toBe('application/octet-stream');
  });
});

describe('navigation from the app window', () => {
  it('stays on app pages, sends https links to the OS browser, refuses the rest', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(navigationVerdict('plenary://app/index.html#/negotiation/ab')).toBe('stay');
    expect(navigationVerdict('https://treaties.un.org/')).toBe('browser');
    for (const url of [
      'http://example.org/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'plenary://elsewhere/',
      'https://user:pw@example.org/',
      'ftp://example.org/',
      'not a url',
    ]) {
      expect(navigationVerdict(url), url).toBe('refuse');
    }
  });
});

/**
 * The packaging config's invariants, read as text (packaging itself downloads Electron and cannot
 * run here): the app id, a target per platform, the files the app loads at run time, the native
 * module kept out of the asar, the icon, and that package.json's main, the desktop build's outputs
 * and the paths main loads agree with one another.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');
const yml = read('electron-builder.yml');
const pkg = JSON.parse(read('package.json')) as { main?: string; scripts: Record<string, string> };

/** The entries of a top-level list (`key:` followed by `  - item` lines). */
function listOf(key: string): string[] {
  const block = new RegExp(`^${key}:\\n((?:[ \\t]+-[^\\n]*\\n)+)`, 'm').exec(yml);
  return block === null ? [] : block[1]!.split('\n').filter(Boolean).map((line) => line.replace(/^\s*-\s*/, '').replace(/^"|"$/g, ''));
}
/** A scalar at the top level or under a section: `section.key`. */
function valueOf(path: string): string | undefined {
  const [section, key] = path.includes('.') ? path.split('.') : [undefined, path];
  const scope = section === undefined ? yml.split('\n').filter((l) => !/^\s/.test(l)).join('\n') : (new RegExp(`^${section}:\\n((?:[ \\t]+[^\\n]*\\n)+)`, 'm').exec(yml)?.[1] ?? '');
  return new RegExp(`^\\s*${key}:[ \\t]*(.+)$`, 'm').exec(scope)?.[1]?.trim();
}

describe('electron-builder.yml', () => {
  it('names the app and targets AppImage and deb, nsis, and dmg', () => {
    expect(valueOf('appId')).toBe('org.plenary.desktop');
    expect(valueOf('productName')).toBe('Plenary');
    expect(valueOf('linux.target')).toBe('[AppImage, deb]');
    expect(valueOf('win.target')).toBe('[nsis]');
    expect(valueOf('mac.target')).toBe('[dmg]');
  });

  it('packs what the app loads: the desktop build, the renderer, package.json; no source maps', () => {
    expect(listOf('files')).toEqual(['out/**', 'dist/renderer/**', 'package.json', '!**/*.map']);
  });

  it('keeps classic-level\'s native module out of the asar, with no rebuild of its N-API prebuilds', () => {
    expect(listOf('asarUnpack')).toContain('node_modules/classic-level/**');
    expect(valueOf('npmRebuild')).toBe('false');
  });

  it('has a 512x512 PNG icon for every platform', () => {
    for (const key of ['icon', 'linux.icon', 'win.icon', 'mac.icon']) expect(valueOf(key), key).toBe('build/icon.png');
    const png = readFileSync(resolve(root, 'build/icon.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });
});

describe('the desktop build and what main loads', () => {
  it('agree on out/main/index.js, out/main/node-process.js and out/preload/index.cjs', () => {
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.scripts['build:desktop']).toContain('vite.desktop.config.ts');
    expect(pkg.scripts.package).toContain('electron-builder');
    const config = read('vite.desktop.config.ts');
    expect(config).toMatch(/outDir: 'out\/main'/);
    expect(config).toMatch(/index: 'src\/main\/index\.ts', 'node-process': 'src\/main\/node-process\.ts'/);
    expect(config).toMatch(/outDir: 'out\/preload'/);
    expect(config).toMatch(/format: 'cjs', entryFileNames: '\[name\]\.cjs'/);
    const main = read('src/main/index.ts');
    expect(main).toContain("join(here, '../preload/index.cjs')");
    expect(main).toContain("join(here, 'node-process.js')");
    expect(main).toContain("join(app.getAppPath(), 'dist', 'renderer')");
  });
});

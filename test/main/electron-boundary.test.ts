/**
 * Electron is imported in src/main and src/preload only (DESIGN.md; dependency-cruiser enforces
 * it in `npm run lint`, and test/architecture.test.ts plants a violation for that rule). This is
 * the same rule read straight off the source text, so it holds for files the cruiser skips
 * (scripts, .mjs), and it is shown to catch a planted import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
// import ... from 'electron', import('electron'), require('electron'), export ... from 'electron/x'
const ELECTRON_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])electron(?:\/[^'"]*)?\1/m;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

function importsElectron(text: string): boolean {
  return ELECTRON_IMPORT.test(text);
}

describe('electron stays in src/main and src/preload', () => {
  it('no other file imports it', () => {
    const offenders = ['src', 'test', 'bench', 'scripts']
      .flatMap((dir) => sources(join(root, dir)))
      .map((path) => relative(root, path).split('\\').join('/'))
      .filter((path) => !/^src\/(main|preload)\//.test(path) && path !== 'test/main/electron-boundary.test.ts') // this file plants examples
      .filter((path) => importsElectron(readFileSync(join(root, path), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the check catches each way of importing it, and not look-alikes', () => {
    for (const planted of [
      "import { app } from 'electron';",
      'import type { BrowserWindow } from "electron";',
      "const { ipcRenderer } = require('electron');",
      "const e = await import('electron');",
      "import 'electron';",
      "export { shell } from 'electron/main';",
    ]) {
      expect(importsElectron(planted), planted).toBe(true);
    }
    for (const innocent of ["resolve('electron/package.json')", "const electron = 'electron-builder';", "import x from 'electron-store-like';", '// electron is only in main']) {
      expect(importsElectron(innocent), innocent).toBe(false);
    }
  });
});

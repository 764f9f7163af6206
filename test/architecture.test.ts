/**
 * The import boundaries are executable (`npm run lint` runs dependency-cruiser over the real tree).
 * This proves the rules can fail: the same config flags violations planted in a scratch tree.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'plenary-arch-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function plant(files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(scratch, path, '..'), { recursive: true });
    writeFileSync(join(scratch, path), text);
  }
  copyFileSync(join(root, '.dependency-cruiser.cjs'), join(scratch, '.dependency-cruiser.cjs'));
  writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowJs: true } }));
  try {
    execFileSync(join(root, 'node_modules/.bin/depcruise'), ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
      cwd: scratch,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return '';
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
}

describe('import boundaries', () => {
  it('flag a core module that imports a Node built-in, a renderer that imports core or the node, an impure API contract, and an import cycle', () => {
    const report = plant({
      'src/core/clock.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
      'src/core/pure.ts': "export const x = 1;\n",
      'src/renderer/view.ts': "import { x } from '../core/pure.js';\nexport const y = x;\n",
      'src/p2p/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/p2p/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      'src/p2p/uses-node.ts': "import { z } from '../node/z.js';\nexport const w = z;\n",
      'src/node/z.ts': "export const z = 1;\n",
      'src/node/api.ts': "import { readFileSync } from 'node:fs';\nimport { z } from './z.js';\nexport const api = [readFileSync, z];\n",
      'src/renderer/room.ts': "import { z } from '../node/z.js';\nimport { api } from '../node/api.js';\nexport const r = [z, api];\n",
    });
    expect(report).toMatch(/core-is-pure: src\/core\/clock\.ts/);
    expect(report).toMatch(/renderer-sees-only-the-api: src\/renderer\/view\.ts/);
    expect(report).toMatch(/no-cycles: src\/p2p\/(a|b)\.ts/);
    expect(report).toMatch(/store-and-p2p-are-independent-node-layers: src\/p2p\/uses-node\.ts/);
    expect(report).toMatch(/renderer-sees-only-the-api-contract: src\/renderer\/room\.ts → src\/node\/z\.ts/);
    expect(report).not.toMatch(/renderer-sees-only-the-api-contract: src\/renderer\/room\.ts → src\/node\/api\.ts/);
    expect(report).toMatch(/api-contract-is-pure: src\/node\/api\.ts → src\/node\/z\.ts/);
    expect(report).toMatch(/api-contract-has-no-node-builtins: src\/node\/api\.ts/);
  });
});

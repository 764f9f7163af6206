/**
 * The served UI is dist/renderer. `npm test` builds it before vitest runs; a lone
 * `npx vitest run test/e2e` builds it here when it is missing or older than its sources, so the
 * browser never tests a stale UI. A lock directory keeps two test files from building at once
 * (vite empties the output directory first).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../../support/wait.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const INDEX = join(ROOT, 'dist/renderer/index.html');
const LOCK = join(ROOT, 'dist/.e2e-build-lock');
const SOURCES = ['src/renderer', 'src/node/api.ts', 'src/node/api-types.ts', 'src/node/api-validate.ts', 'src/node/api-codec.ts', 'src/node/api-desktop.ts', 'vite.config.ts'];

function newestSource(path: string): number {
  const full = join(ROOT, path);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(full).map((entry) => newestSource(join(path, entry))));
}

function builtAt(): number | undefined {
  try {
    return statSync(INDEX).mtimeMs;
  } catch {
    return undefined;
  }
}

function isFresh(): boolean {
  const built = builtAt();
  return built !== undefined && built >= Math.max(...SOURCES.map(newestSource));
}

const STALE_LOCK_MS = 5 * 60_000;

function tryLock(): boolean {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  // A run killed mid-build leaves its lock behind; no build takes minutes.
  const held = statSync(LOCK, { throwIfNoEntry: false });
  if (held !== undefined && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    return false;
  }
}

/** Builds the UI unless dist/renderer is up to date. */
export async function ensureUiBuilt(): Promise<void> {
  if (isFresh()) return;
  await waitFor('the UI build lock (another test file is building)', tryLock, { timeoutMs: 120_000, intervalMs: 200 });
  try {
    if (isFresh()) return;
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
    if (scripts.build !== undefined) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    else execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * `npm start` where Electron cannot run (or PLENARY_BROWSER_MODE=1): one line saying so and
 * naming the data directory the desktop app would use, then browser mode on it; a delegation
 * whose key the desktop app sealed is refused with the reason, and no second key is made.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'plenary-start-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function start(env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
      cwd: root,
      env: { ...process.env, PLENARY_BROWSER_MODE: '1', PLENARY_SKIP_BUILD: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, out, err }));
  });
}

describe('npm start without Electron', () => {
  it('says so in one line, on the desktop app\'s data, and refuses a key sealed by the desktop app', async () => {
    const data = join(scratch, 'app');
    mkdirSync(join(data, 'delegation'), { recursive: true });
    writeFileSync(join(data, 'delegation', 'identity.sealed'), new Uint8Array(64));
    const run = await start({ PLENARY_DATA: data });
    expect(run.out).toBe(`Electron cannot run on this machine (no binary); starting browser mode on the same data: ${join(data, 'delegation')}\n`);
    expect(run.err).toContain("this delegation's key is sealed by the desktop app's OS keychain; run the desktop app");
    expect(run.code).toBe(1);
    expect(existsSync(join(data, 'delegation', 'identity.key'))).toBe(false);
  });
});

/**
 * Crash safety, by killing a writer: a child process (scripts/crash-child.ts) appends to a LevelDB
 * store and reports each append once it resolved; we SIGKILL it after a random number of reports,
 * reopen the store and check that everything reported is there and intact, that each append was
 * all-or-nothing, that the ledger is contiguous with every hash link verifying, and that no record
 * is damaged. Rounds continue on the same directory, so recovery after recovery is exercised.
 *
 * CRASH_ROUNDS sets the rounds (npm run crash-loop: 200); CRASH_SEED replays a workload (the
 * moment the kill lands also depends on timing, so a seed replays the writes, not the crash).
 * SIGKILL tests process crashes: the OS keeps what was written. Power loss is what `sync: true`
 * (fsync) is for; this test cannot cut the power.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import type { NegotiationId, PartyId } from '../../src/core/identity.js';
import { openLevelStore } from '../../src/store/level.js';
import { CRASH_NEGOTIATIONS, sha256, fabricatedWorkload as workload } from '../../scripts/crash-workload.js';
import { createRng } from '../support/rng.js';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 8);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MAX_REPORTS_BEFORE_KILL = Number(process.env.CRASH_MAX_REPORTS ?? 400);
const CHILD = fileURLToPath(new URL('../../scripts/crash-child.ts', import.meta.url));

interface ChildRun {
  readonly lines: string[];
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
  readonly stderr: string;
}

/**
 * Runs the child until it has reported `killAfter` durable appends, then SIGKILLs it: at once
 * (the kill then tends to land between writes), or at its `writes`-th 'writing' line after that
 * (during a write). 0 writes means at once.
 */
function runChild(dir: string, seed: number, killAfter: number, writes: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let partial = '';
    let stderr = '';
    let durable = 0;
    let writing = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!; // a line cut by the kill has no newline: ignore it
      for (const line of parts) {
        lines.push(line);
        if (line.startsWith('durable ')) durable++;
        if (durable >= killAfter && line === 'writing') writing++;
        if (durable >= killAfter && writing >= writes && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => void (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ lines, signal, code, stderr }));
  });
}

/** Everything the children reported durable, over all rounds: `${kind} ${key}` -> sha256 hex. */
type Acknowledged = Map<string, string>;

async function checkStore(dir: string, acknowledged: Acknowledged, intents: string[][], where: string): Promise<{ envelopes: number; blocks: number }> {
  const store = await openLevelStore(dir, { verify: true }); // opens: no corruption, no damage note
  const present = new Map<string, string>();
  const damaged: string[] = [];
  let envelopes = 0;
  let blocks = 0;
  try {
    for (const neg of CRASH_NEGOTIATIONS) {
      const frontier = new Map<PartyId, number>();
      let count = 0;
      for (const author of await store.authors(neg)) {
        const records = await store.envelopes(neg, author);
        for (const r of records) {
          const problem = workload.checkEnvelope(neg, author, r.seq, r.bytes);
          if (problem !== undefined) damaged.push(problem);
          present.set(`envelope ${neg}:${author}:${r.seq}`, toHex(sha256(r.bytes)));
        }
        let contiguous = 0;
        while (records[contiguous]?.seq === contiguous + 1) contiguous++;
        if (contiguous > 0) frontier.set(author, contiguous);
        count += records.length;
      }
      envelopes += count;
      expect(await store.frontier(neg), `${where}: frontier of ${neg}`).toEqual(frontier);
      expect(await store.countEnvelopes(neg), `${where}: count of ${neg}`).toBe(count);

      const ledger = await store.blocks(neg);
      expect(ledger.map((b) => b.height), `${where}: ledger of ${neg} contiguous from 0`).toEqual(ledger.map((_, h) => h));
      expect(workload.checkChain(neg, ledger.map((b) => b.bytes)), `${where}: chain of ${neg}`).toBeUndefined();
      expect(await store.tip(neg)).toBe(ledger.length === 0 ? undefined : ledger.length - 1);
      for (const b of ledger) present.set(`block ${neg}:${b.height}`, toHex(sha256(b.bytes)));
      blocks += ledger.length;

      for (const bytes of await store.evidence(neg)) {
        const counter = workload.counterOf('evidence', neg, bytes);
        expect(typeof counter, `${where}: evidence intact: ${String(counter)}`).toBe('number');
        present.set(`evidence ${neg}:${counter}`, toHex(sha256(bytes)));
      }
      await checkSnapshot(neg, await store.getSnapshot(neg), acknowledged, where);
    }
  } finally {
    await store.close();
  }

  expect(damaged, `${where}: damaged envelopes`).toEqual([]);
  const missing = [...acknowledged].filter(([key, hash]) => !key.startsWith('snapshot ') && present.get(key) !== hash);
  expect(missing.map(([key]) => key), `${where}: acknowledged records missing or changed`).toEqual([]);
  for (const keys of intents) {
    const found = keys.filter((key) => present.has(`envelope ${key}`)).length;
    expect([0, keys.length], `${where}: an append of ${keys.length} envelopes is all-or-nothing, found ${found}`).toContain(found);
  }
  return { envelopes, blocks };
}

/** The snapshot is replaced on each put: it must be intact and no older than the last acknowledged one. */
async function checkSnapshot(neg: NegotiationId, stored: Uint8Array | undefined, acknowledged: Acknowledged, where: string): Promise<void> {
  const acked = [...acknowledged.keys()].filter((k) => k.startsWith(`snapshot ${neg}:`)).map((k) => Number(k.split(':')[1]));
  if (acked.length === 0) return;
  const latest = Math.max(...acked);
  expect(stored, `${where}: snapshot of ${neg}`).toBeDefined();
  const counter = workload.counterOf('snapshot', neg, stored!);
  expect(typeof counter === 'number' && counter >= latest, `${where}: snapshot ${String(counter)} intact and not older than ${latest}`).toBe(true);
  if (counter === latest) expect(toHex(sha256(stored!))).toBe(acknowledged.get(`snapshot ${neg}:${latest}`));
}

describe('LevelDB store under SIGKILL', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it(`loses nothing acknowledged over ${ROUNDS} kills (seed ${SEED})`, { timeout: 30_000 + ROUNDS * 15_000 }, async () => {
    console.log(`crash test: seed ${SEED}, ${ROUNDS} rounds (CRASH_SEED=${SEED} to replay the workload)`);
    const dir = await mkdtemp(join(tmpdir(), 'plenary-crash-'));
    dirs.push(dir);
    const rng = createRng(SEED);
    const acknowledged: Acknowledged = new Map();
    let totals = { envelopes: 0, blocks: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const childSeed = rng.int(2 ** 31);
      const killAfter = 1 + rng.int(MAX_REPORTS_BEFORE_KILL);
      const writes = rng.chance(0.5) ? 0 : 1 + rng.int(6);
      const where = `seed ${SEED} round ${round} (child seed ${childSeed}, killed after ${killAfter} reports and ${writes} writes)`;
      const run = await runChild(dir, childSeed, killAfter, writes);
      const errors = run.lines.filter((line) => line.startsWith('error '));
      expect(errors, `${where}: the child failed\n${run.stderr}`).toEqual([]);
      expect(run.signal, `${where}: the child exited by itself (code ${run.code})\n${run.stderr}`).toBe('SIGKILL');
      const intents: string[][] = [];
      for (const line of run.lines) {
        const [tag, ...rest] = line.split(' ');
        if (tag === 'durable') {
          const [kind, key, hash] = rest as [string, string, string];
          acknowledged.set(`${kind} ${key}`, hash);
        } else if (tag === 'intent') intents.push(rest);
      }
      totals = await checkStore(dir, acknowledged, intents, where);
    }
    console.log(`crash test: ${ROUNDS} rounds, ${acknowledged.size} acknowledged records, store holds ${totals.envelopes} envelopes and ${totals.blocks} blocks, all verified`);
    expect(acknowledged.size).toBeGreaterThan(0);
  });
});

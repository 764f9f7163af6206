/**
 * Crash safety, by killing a writer: a child process (scripts/crash-child.ts) appends to a LevelDB
 * store and reports each append once it resolved; we SIGKILL it after a random number of reports,
 * reopen the store and check that everything reported is there and intact, that each append was
 * all-or-nothing, that the ledger is contiguous with every hash link verifying, and that no record
 * is damaged. Rounds continue on the same directory, so recovery after recovery is exercised.
 *
 * Two workloads, each with its own rounds and directory: fabricated records (scripts/crash-workload.ts:
 * cheap, many gaps and re-appends, two negotiations) and real ones (scripts/crash-real-workload.ts:
 * sealed envelopes of three delegations drafting and a ledger of final blocks, generated once per
 * run; after each kill the ledger must verify with the core and the negotiation must reopen as the
 * node reopens it, nothing refused, its draft equal to a fresh replica fed the stored envelopes).
 *
 * CRASH_ROUNDS sets the rounds of each (npm run crash-loop: 200); CRASH_SEED replays a workload (the
 * moment the kill lands also depends on timing, so a seed replays the writes, not the crash).
 * SIGKILL tests process crashes: the OS keeps what was written. Power loss is what `sync: true`
 * (fsync) is for; this test cannot cut the power.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import type { NegotiationId, PartyId } from '../../src/core/identity.js';
import { openLevelStore } from '../../src/store/level.js';
import { encodeRealScript, generateRealScript, realWorkload } from '../../scripts/crash-real-workload.js';
import { fabricatedWorkload, sha256, type CrashWorkload } from '../../scripts/crash-workload.js';
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
function runChild(dir: string, seed: number, killAfter: number, writes: number, workloadArgs: readonly string[]): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(seed), ...workloadArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Any workload, as the test sees it (the plan type is the child's business). */
type Workload = CrashWorkload<never>;

/** Deeper checks' counts, summed over rounds. */
type Counts = Map<string, number>;

async function checkStore(
  workload: Workload,
  dir: string,
  acknowledged: Acknowledged,
  intents: string[][],
  counts: Counts,
  where: string,
): Promise<{ envelopes: number; blocks: number }> {
  const store = await openLevelStore(dir, { verify: true }); // opens: no corruption, no damage note
  const present = new Map<string, string>();
  const damaged: string[] = [];
  let envelopes = 0;
  let blocks = 0;
  try {
    for (const neg of workload.negotiations) {
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
      await checkSnapshot(workload, neg, await store.getSnapshot(neg), acknowledged, where);
    }
    if (workload.checkRecord !== undefined) {
      const check = await workload.checkRecord(store);
      expect(check.problems, `${where}: the reopened record`).toEqual([]);
      for (const [name, n] of Object.entries(check.counts)) counts.set(name, (counts.get(name) ?? 0) + n);
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
async function checkSnapshot(workload: Workload, neg: NegotiationId, stored: Uint8Array | undefined, acknowledged: Acknowledged, where: string): Promise<void> {
  const acked = [...acknowledged.keys()].filter((k) => k.startsWith(`snapshot ${neg}:`)).map((k) => Number(k.split(':')[1]));
  if (acked.length === 0) return;
  const latest = Math.max(...acked);
  expect(stored, `${where}: snapshot of ${neg}`).toBeDefined();
  const counter = workload.counterOf('snapshot', neg, stored!);
  expect(typeof counter === 'number' && counter >= latest, `${where}: snapshot ${String(counter)} intact and not older than ${latest}`).toBe(true);
  if (counter === latest) expect(toHex(sha256(stored!))).toBe(acknowledged.get(`snapshot ${neg}:${latest}`));
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Kills a child writing `workload` ROUNDS times over one directory, checking the store after each kill. */
async function crashRounds(name: string, workload: Workload, workloadArgs: readonly string[], dir: string, seed: number): Promise<void> {
  const rng = createRng(seed);
  const acknowledged: Acknowledged = new Map();
  const counts: Counts = new Map();
  let totals = { envelopes: 0, blocks: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const childSeed = rng.int(2 ** 31);
    const killAfter = 1 + rng.int(MAX_REPORTS_BEFORE_KILL);
    const writes = rng.chance(0.5) ? 0 : 1 + rng.int(6);
    const where = `${name}: seed ${SEED} round ${round} (child seed ${childSeed}, killed after ${killAfter} reports and ${writes} writes)`;
    const run = await runChild(join(dir, 'store'), childSeed, killAfter, writes, workloadArgs);
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
    totals = await checkStore(workload, join(dir, 'store'), acknowledged, intents, counts, where);
  }
  const deeper = [...counts].map(([what, n]) => `${what} ${n}`).join(', ');
  console.log(`crash test (${name}): ${ROUNDS} rounds, ${acknowledged.size} acknowledged records, store holds ${totals.envelopes} envelopes and ${totals.blocks} blocks, all verified${deeper === '' ? '' : `; summed over rounds: ${deeper}`}`);
  expect(acknowledged.size).toBeGreaterThan(0);
}

describe('LevelDB store under SIGKILL, fabricated records', () => {
  it(`loses nothing acknowledged over ${ROUNDS} kills (seed ${SEED})`, { timeout: 30_000 + ROUNDS * 15_000 }, async () => {
    console.log(`crash test: seed ${SEED}, ${ROUNDS} rounds per workload (CRASH_SEED=${SEED} to replay the workloads)`);
    const dir = await mkdtemp(join(tmpdir(), 'plenary-crash-'));
    dirs.push(dir);
    await crashRounds('fabricated', fabricatedWorkload as Workload, ['fabricated'], dir, SEED);
  });
});

describe('LevelDB store under SIGKILL, real envelopes and ledger', () => {
  let dir = '';
  let workload: Workload;
  const scriptFile = (): string => join(dir, 'script.bin');
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plenary-crash-real-'));
    dirs.push(dir);
    // Generated once, from the seed; the child reads it from the file, so a key has the same bytes in every run.
    const script = generateRealScript(SEED);
    await writeFile(scriptFile(), encodeRealScript(script));
    workload = realWorkload(script) as Workload;
  }, 60_000);

  it(`loses nothing acknowledged over ${ROUNDS} kills, and the ledger verifies and the draft reopens after each (seed ${SEED})`, { timeout: 30_000 + ROUNDS * 15_000 }, async () => {
    await crashRounds('real', workload, ['real', scriptFile()], dir, SEED ^ 0x5eed);
  });
});

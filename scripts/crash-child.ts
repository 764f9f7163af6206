/**
 * The process test/store/crash.test.ts kills with SIGKILL. Usage:
 *   node --import tsx scripts/crash-child.ts <store dir> <seed> [fabricated | real <script file>]
 * (the workload: fabricated records, the default, or the real ones of a script the parent generated
 * and wrote with encodeRealScript). Opens the LevelDB store, continues from whatever an earlier (killed) run left, and appends
 * forever with several appends in flight. Protocol on stdout, one line each:
 *   ready
 *   intent <neg>:<author>:<seq> ...          before an append of several new envelopes
 *   writing                                  as a batch goes to LevelDB
 *   durable <kind> <key> <sha256 of bytes>   after that append resolved (so: it is durable)
 *   error <message>                          then exits 1
 * stdout writes to a pipe are synchronous on Linux, so a line printed is a line the parent gets.
 */
import { readFile } from 'node:fs/promises';
import { toHex } from '../src/core/bytes.js';
import type { PlenaryStore } from '../src/store/contract.js';
import { openLevelStore } from '../src/store/level.js';
import { createRng } from '../test/support/rng.js';
import { decodeRealScript, realWorkload } from './crash-real-workload.js';
import { fabricatedWorkload, sha256, type CrashWorkload, type CrashWrite } from './crash-workload.js';

const IN_FLIGHT = 8;

const say = (line: string): void => void process.stdout.write(`${line}\n`);

function perform(store: PlenaryStore, write: CrashWrite): Promise<unknown> {
  switch (write.kind) {
    case 'envelopes':
      return store.appendEnvelopes(write.neg, write.records);
    case 'block':
      return store.appendBlock(write.neg, write.height, write.bytes);
    case 'evidence':
      return store.addEvidence(write.neg, write.bytes);
    case 'snapshot':
      return store.putSnapshot(write.neg, write.bytes);
  }
}

function durableLines(write: CrashWrite): string[] {
  switch (write.kind) {
    case 'envelopes':
      return write.records.map((r) => `durable envelope ${write.neg}:${r.author}:${r.seq} ${toHex(sha256(r.bytes))}`);
    case 'block':
      return [`durable block ${write.neg}:${write.height} ${toHex(sha256(write.bytes))}`];
    case 'evidence':
    case 'snapshot':
      return [`durable ${write.kind} ${write.neg}:${write.counter} ${toHex(sha256(write.bytes))}`];
  }
}

async function run<P>(workload: CrashWorkload<P>, dir: string, seed: number): Promise<void> {
  // 'writing' is said just before a batch goes to LevelDB: a kill on it lands during the write.
  const store = await openLevelStore(dir, { onBatch: (event) => event.phase === 'writing' && say('writing') });
  const plan = await workload.resume(store);
  const rng = createRng(seed);
  say('ready');

  const worker = async (): Promise<never> => {
    for (;;) {
      const write = workload.plan(rng, plan);
      if (write.kind === 'envelopes' && write.fresh.length > 1) say(`intent ${write.fresh.join(' ')}`);
      await perform(store, write);
      workload.acknowledge(plan, write);
      for (const line of durableLines(write)) say(line);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

async function main(): Promise<void> {
  const [dir, seedText, kind = 'fabricated', scriptFile] = process.argv.slice(2);
  if (dir === undefined || seedText === undefined) throw new Error('usage: crash-child.ts <store dir> <seed> [fabricated | real <script file>]');
  if (kind === 'fabricated') return run(fabricatedWorkload, dir, Number(seedText));
  if (kind === 'real' && scriptFile !== undefined) return run(realWorkload(decodeRealScript(await readFile(scriptFile))), dir, Number(seedText));
  throw new Error(`unknown workload: ${kind}`);
}

main().catch((e: unknown) => {
  say(`error ${e instanceof Error ? (e.stack ?? e.message).replace(/\n/g, ' | ') : String(e)}`);
  process.exit(1);
});

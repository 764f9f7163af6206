/**
 * `npm run bench`: every figure beside its bare baseline, measured in the same run.
 * Pass names to run a subset: `npm run bench -- crypto trace`.
 */
import '../src/node/polyfills.js';
import { benchCrypto } from './crypto.js';
import { benchLedger } from './ledger.js';
import { benchTrace } from './trace.js';
import { benchOpen } from './open.js';
import { benchGossip } from './gossip.js';
import { benchRoom } from './room.js';
import { benchKeystroke } from './keystroke.js';
import { benchCatchUp } from './catch-up.js';
import { benchRenderer } from './renderer.js';
import { benchDossier } from './dossier.js';
import { printTable, type Row } from './harness.js';

const benches: Record<string, () => Row[] | Promise<Row[]>> = {
  crypto: benchCrypto,
  ledger: benchLedger,
  trace: benchTrace,
  open: benchOpen,
  gossip: benchGossip,
  room: benchRoom,
  keystroke: benchKeystroke,
  catchup: benchCatchUp,
  renderer: benchRenderer,
  dossier: benchDossier,
};

const wanted = process.argv.slice(2);
const rows: Row[] = [];
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stderr.write(`running ${name}...\n`);
  rows.push(...(await run()));
}
console.log(`\nPlenary benchmarks — node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log(printTable(rows));

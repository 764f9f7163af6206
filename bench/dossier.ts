/**
 * The treaty after adoption, each figure beside its bare baseline in the same run:
 * - a large record (200 parties, 3 adopted versions, ~1,300 acts): the dossier's size and encoding
 *   beside node:v8's generic serializer of the same object; verifyDossier beside decoding plus
 *   the dossier's signatures verified bare; deriveTreatyState beside the acts' signatures alone;
 * - the sample dossier: one verification, and the every-byte-flip sweep of
 *   test/core/dossier-tamper.test.ts beside one verification times the flips;
 * - `plenary print`'s PDF of the sample (renderTreatyPdf, in process) beside pdfkit writing the
 *   same words in the standard fonts.
 * Verifications use a fresh node:crypto scheme per run (its key cache cold), as a verifier would.
 */
import { readFileSync } from 'node:fs';
import { serialize } from 'node:v8';
import { gzipSync } from 'node:zlib';
import { genesisMessage } from '../src/core/charter.js';
import { actMessage, type Act } from '../src/core/acts/act.js';
import { deriveTreatyState } from '../src/core/acts/treaty-state.js';
import { treatyViewOf } from '../src/core/acts/view.js';
import { decodeDossier, encodeDossier, verifyDossier, type Dossier, type DossierReport } from '../src/core/dossier/index.js';
import { voteMessage } from '../src/core/ledger/vote.js';
import { createNativeEd25519 } from '../src/node/native-ed25519.js';
import { renderTreatyPdf } from '../src/node/treaty-pdf.js';
import { SAMPLE_DOSSIER_PATH } from '../scripts/make-sample-dossier.js';
import { rememberingScheme, type SignatureScheme } from '../src/core/identity.js';
import { createRng } from '../test/support/rng.js';
import { LARGE_RECORD, buildTreatyRecord } from './dossier/treaty-record.js';
import { plainTreatyPdf } from './dossier/plain-pdf.js';
import { fmt, timed, timedAsync, type Row } from './harness.js';

const n = (x: number): string => x.toLocaleString('en-US');
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `runs` timings of each, interleaved so all see the same machine; their medians, in order. */
function mediansOf(runs: number, ...fns: (() => unknown)[]): number[] {
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) fns.forEach((fn, k) => times[k]!.push(timed(fn).ms));
  return times.map(median);
}

function pairOfMedians(runs: number, ours: () => unknown, baseline: () => unknown): { ours: number; baseline: number } {
  const [a, b] = mediansOf(runs, ours, baseline) as [number, number];
  return { ours: a, baseline: b };
}

interface SignatureJob {
  readonly signature: Uint8Array;
  readonly message: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** Every signature a dossier carries, with the bytes it signs: the genesis, each vote, each act. */
function signaturesOf(d: Dossier): SignatureJob[] {
  const keys = new Map<string, Uint8Array>(d.genesis.charter.parties.map((p) => [p.id, p.publicKey]));
  for (const { body } of d.blocks) if (body.kind === 'admit') keys.set(body.party.id, body.party.publicKey);
  const { charter } = d.genesis;
  const convenor = charter.parties.find((p) => p.id === charter.convenor)!;
  const negotiation = d.blocks[0]?.header.negotiation ?? d.acts[0]!.negotiation;
  const jobs: SignatureJob[] = [{ signature: d.genesis.signature, message: genesisMessage(negotiation, d.genesis.roomKeys), publicKey: convenor.publicKey }];
  for (const b of d.blocks) {
    for (const v of [...b.votes, ...b.roundChanges]) jobs.push({ signature: v.signature, message: voteMessage(v.negotiation, v.height, v.round, v.target), publicKey: keys.get(v.party)! });
  }
  jobs.push(...actJobs(d.acts, keys));
  return jobs;
}

function actJobs(acts: readonly Act[], keys: ReadonlyMap<string, Uint8Array>): SignatureJob[] {
  return acts.map((a) => ({ signature: a.signature, message: actMessage(a), publicKey: keys.get(a.party)! }));
}

/** The bare baseline for verification: the signatures alone, with a cold key cache like ours. */
function verifyBare(jobs: readonly SignatureJob[]): boolean {
  const scheme = createNativeEd25519();
  return jobs.every((j) => scheme.verify(j.signature, j.message, j.publicKey));
}

/** A scheme that counts its verifications. */
function counting(scheme: SignatureScheme): SignatureScheme & { readonly calls: () => number } {
  let calls = 0;
  return { ...scheme, verify: (s, m, k) => (calls++, scheme.verify(s, m, k)), calls: () => calls };
}

function mustVerify(bytes: Uint8Array, scheme: SignatureScheme): DossierReport {
  const result = verifyDossier(bytes, scheme);
  if (!result.ok) throw new Error(`dossier did not verify: ${result.failure.where}: ${result.failure.what}`);
  return result.report;
}

function largeRecordRows(): Row[] {
  const record = buildTreatyRecord(createNativeEd25519());
  const { dossier, counts } = record;
  const bytes = encodeDossier(dossier);
  const what = `${LARGE_RECORD.parties} parties × ${LARGE_RECORD.versions} versions, ${n(counts.acts)} acts (${counts.reservations} reservations, ${counts.objections} objections), ${n(counts.votes)} votes`;
  const generic = serialize(dossier);
  const encoding = pairOfMedians(9, () => encodeDossier(dossier), () => serialize(dossier));

  const jobs = signaturesOf(dossier);
  const report = mustVerify(bytes, createNativeEd25519());
  const inForce = report.treaty.versions.filter((v) => v.status === 'in-force').length;
  const counter = counting(createNativeEd25519());
  mustVerify(bytes, counter);
  const verification = pairOfMedians(
    5,
    () => mustVerify(bytes, createNativeEd25519()),
    () => decodeDossier(bytes) && verifyBare(jobs),
  );

  const view = treatyViewOf(dossier.genesis.charter, dossier.blocks);
  const keys = new Map<string, Uint8Array>(dossier.genesis.charter.parties.map((p) => [p.id, p.publicKey]));
  const acts = actJobs(dossier.acts, keys);
  const derivation = pairOfMedians(
    5,
    () => {
      const state = deriveTreatyState(view, dossier.acts, createNativeEd25519());
      if (state.accepted.length !== dossier.acts.length) throw new Error('derived state dropped acts');
    },
    () => verifyBare(acts),
  );

  return [
    {
      bench: `dossier size, large record (${what})`,
      ours: fmt.bytes(bytes.length),
      baseline: `${fmt.bytes(generic.length)} (node:v8 serialize of the same object)`,
      ratio: fmt.ratio(bytes.length, generic.length),
      note: `${fmt.bytes(gzipSync(bytes).length)} gzipped; 3 texts with Yjs states ${fmt.bytes(dossier.blocks.reduce((s, b) => s + (b.body.kind === 'adopt' ? b.body.text.length + b.body.yjsState.length : 0), 0))}`,
    },
    {
      bench: 'encodeDossier, large record (canonical bytes)',
      ours: fmt.ms(encoding.ours),
      baseline: `${fmt.ms(encoding.baseline)} (node:v8 serialize of the same object)`,
      ratio: fmt.ratio(encoding.ours, encoding.baseline),
      note: 'median of 9',
    },
    {
      bench: 'verifyDossier, large record: decode, chain, texts, evidence, every act in order, derived state',
      ours: fmt.ms(verification.ours),
      baseline: `${fmt.ms(verification.baseline)} (decode + its ${n(jobs.length)} signatures alone)`,
      ratio: fmt.ratio(verification.ours, verification.baseline),
      note: `median of 5; ${n(counter.calls())} signature checks for ${n(jobs.length)} signatures (verifyDossier remembers each check, so deriveTreatyState does not repeat checkActs' work); ${inForce} of ${report.treaty.versions.length} versions in force`,
    },
    {
      bench: `deriveTreatyState alone, large record (${n(dossier.acts.length)} acts, verified view)`,
      ours: fmt.ms(derivation.ours),
      baseline: `${fmt.ms(derivation.baseline)} (the ${n(acts.length)} act signatures alone)`,
      ratio: fmt.ratio(derivation.ours, derivation.baseline),
      note: 'median of 5',
    },
  ];
}

/** The sweep of test/core/dossier-tamper.test.ts: one seeded bit flipped at each byte, every copy must fail. */
function flipSweep(sample: Uint8Array, scheme: SignatureScheme): number {
  const rng = createRng(0xd05);
  for (let i = 0; i < sample.length; i++) {
    const copy = sample.slice();
    copy[i]! ^= 1 << rng.int(8);
    if (verifyDossier(copy, scheme).ok) throw new Error(`flip at byte ${i} still verifies (seed ${rng.seed})`);
  }
  return sample.length;
}

function sampleRows(sample: Uint8Array): Row[] {
  const dossier = decodeDossier(sample);
  const jobs = signaturesOf(dossier);
  // The sweep shares one scheme across copies, so its keys are warm: so is the single verify it is set beside.
  const warmScheme = createNativeEd25519();
  const [cold, bare, warm] = mediansOf(
    21,
    () => mustVerify(sample, createNativeEd25519()),
    () => decodeDossier(sample) && verifyBare(jobs),
    () => mustVerify(sample, warmScheme),
  ) as [number, number, number];
  const memo = rememberingScheme(createNativeEd25519());
  const sweep = timed(() => flipSweep(sample, memo));
  const flips = sweep.value;
  return [
    {
      bench: `verifyDossier, the sample (${fmt.bytes(sample.length)}, ${dossier.acts.length} acts, ${dossier.blocks.length} blocks)`,
      ours: fmt.ms(cold),
      baseline: `${fmt.ms(bare)} (decode + its ${jobs.length} signatures alone)`,
      ratio: fmt.ratio(cold, bare),
      note: `median of 21, cold key cache; ${fmt.ms(warm)} with keys cached`,
    },
    {
      bench: `every-byte-flip sweep of the sample (${n(flips)} copies, each must fail), as the tamper test runs it`,
      ours: fmt.ms(sweep.ms),
      baseline: `${fmt.ms(warm * flips)} (one verify with keys cached × ${n(flips)})`,
      ratio: fmt.ratio(sweep.ms, warm * flips),
      note: `signature checks memoized across copies (${n(memo.misses())} real ones); every flip failed`,
    },
  ];
}

async function printRows(sample: Uint8Array): Promise<Row[]> {
  const report = mustVerify(sample, createNativeEd25519());
  const ours = async (): Promise<Uint8Array> => {
    const pdf = await renderTreatyPdf({ report, dossierName: 'sample-dossier.plenary' });
    if (!pdf.ok) throw new Error(`not printed: ${pdf.error}`);
    return pdf.value;
  };
  // The first of each reads its fonts (ours ~1.5 MB of Noto Serif; pdfkit's standard fonts their metrics).
  const first = { ours: await timedAsync(ours), baseline: await timedAsync(() => plainTreatyPdf(report)) };
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 11; i++) {
    a.push((await timedAsync(ours)).ms);
    b.push((await timedAsync(() => plainTreatyPdf(report))).ms);
  }
  const [oursMs, baseMs] = [median(a), median(b)];
  const [oursBytes, baseBytes] = [first.ours.value.length, first.baseline.value.length];
  return [
    {
      bench: 'plenary print, the sample (renderTreatyPdf from the verified report: text + signature page)',
      ours: fmt.ms(oursMs),
      baseline: `${fmt.ms(baseMs)} (pdfkit, the same words in Times and Courier)`,
      ratio: fmt.ratio(oursMs, baseMs),
      note: `median of 11; first call ${fmt.ms(first.ours.ms)} vs ${fmt.ms(first.baseline.ms)} (fonts read)`,
    },
    {
      bench: 'plenary print, the sample: PDF size (Noto Serif subsets embedded)',
      ours: fmt.bytes(oursBytes),
      baseline: `${fmt.bytes(baseBytes)} (standard fonts, nothing embedded)`,
      ratio: fmt.ratio(oursBytes, baseBytes),
    },
  ];
}

export async function benchDossier(): Promise<Row[]> {
  const sample = new Uint8Array(readFileSync(SAMPLE_DOSSIER_PATH));
  return [...largeRecordRows(), ...sampleRows(sample), ...(await printRows(sample))];
}

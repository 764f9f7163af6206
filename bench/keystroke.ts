/**
 * Keystroke latency on libp2p loopback: a delegation types one character, the time until it is
 * applied at each other delegation (every (keystroke, receiver) pair is a sample). Three paths,
 * interleaved keystroke by keystroke over the same nodes and connections:
 * - ours, flushed on each keystroke: coalesce, sign, seal (encrypt), gossip, open, verify, apply;
 * - ours with the 30 ms coalescing window the app uses (up to 30 ms added by design);
 * - bare gossipsub carrying the raw Yjs update on its own topic, applied with Y.applyUpdate.
 * Each keystroke is typed once the previous one arrived everywhere and a cadence after it was
 * typed (50 ms, a fast typist; 100 ms at 50 delegations). All nodes share one process (2 cores here): receivers take turns on
 * the CPU, so the spread across receivers grows with their number for both paths. Memory per node is the heap
 * and buffers the nodes and rooms retain, divided by their count (run with --expose-gc).
 *
 * KEYSTROKE_DELEGATIONS (default 2,10,50), KEYSTROKES (default 150), KEYSTROKE_WARMUP (default 30),
 * KEYSTROKE_CADENCE_MS (default max(50, 2 × delegations)).
 */
import * as Y from 'yjs';
import { signGenesis, type Charter } from '../src/core/charter.js';
import { DraftAuthor } from '../src/core/draft/author.js';
import { DraftReplica } from '../src/core/draft/replica.js';
import { findParagraph } from '../src/core/draft/schema.js';
import { addArticle, addParagraph, createTreaty, insertText } from '../src/core/draft/treaty-ops.js';
import { createSigner, keyPairFromSeed, partyIdOf, type PartyId } from '../src/core/identity.js';
import { Ledger } from '../src/core/ledger/ledger.js';
import { createRoomKey } from '../src/core/room/room-key.js';
import { createNativeEd25519 } from '../src/node/native-ed25519.js';
import { createLibp2pNetwork } from '../src/p2p/libp2p-host.js';
import { NegotiationRoom } from '../src/p2p/negotiation-room.js';
import type { PeerNetwork } from '../src/p2p/network.js';
import { MemoryRoomRecords } from '../src/p2p/room/records.js';
import { fmt, memoryInUse, waitUntil, type Row } from './harness.js';

const COUNTS = (process.env.KEYSTROKE_DELEGATIONS ?? '2,10,50').split(',').map(Number);
const KEYSTROKES = Number(process.env.KEYSTROKES ?? 150);
const WARMUP = Number(process.env.KEYSTROKE_WARMUP ?? 30);
const ARRIVAL_TIMEOUT_MS = 10_000;
/** 50 ms, a fast typist; 2 ms per delegation beyond that, so one keystroke's gossip is done before the next. */
const cadenceMs = (n: number): number => Number(process.env.KEYSTROKE_CADENCE_MS ?? Math.max(50, 2 * n));
/** Beyond this many delegations each dials its next RING_DIALS in a ring instead of everyone. */
const RING_DIALS = 6;
const scheme = createNativeEd25519();

/**
 * The room refreshes presence every 10 s. At 50 nodes in one process that is 5 presences a second,
 * each copy of which every receiving gossipsub verifies (StrictSign): 55% of one core here before
 * anyone types, which then queues every keystroke. Each real node pays 1/50 of it; so at 50 the
 * bench refreshes every 60 s, to measure keystrokes rather than the simulation's shared CPU.
 */
const presenceRefreshMs = (n: number): number => (n >= 50 ? 60_000 : 10_000);
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

interface Node {
  readonly party: PartyId;
  readonly network: PeerNetwork;
  readonly draft: DraftReplica;
  readonly room: NegotiationRoom;
  readonly bare: Y.Doc;
}

async function setUp(n: number, bareTopic: string): Promise<Node[]> {
  const keys = Array.from({ length: n }, (_, i) => keyPairFromSeed(Uint8Array.from({ length: 32 }, (_, k) => (k === 0 ? 0x4b : k === 1 ? i : 7)), scheme));
  const specs = keys.map((k, i) => ({ id: partyIdOf(k.publicKey), name: `Delegation ${i}`, publicKey: k.publicKey, weight: 1 }));
  const charter: Charter = {
    title: 'Keystroke bench',
    createdAt: 1_700_000_000_000,
    convenor: specs[0]!.id,
    parties: specs,
    rules: { admit: { kind: 'consensus' }, remove: { kind: 'consensus' }, adopt: { kind: 'consensus' } },
    nonce: new Uint8Array(16).fill(n),
  };
  const genesis = signGenesis(charter, createSigner(keys[0]!, scheme), createRoomKey());
  if (!genesis.ok) throw new Error(genesis.error);
  const nodes: Node[] = [];
  for (const [i, pair] of keys.entries()) {
    const network = await createLibp2pNetwork({ seed: pair.secretKey, listen: ['/ip4/127.0.0.1/tcp/0'] });
    const ledger = Ledger.fromGenesis(genesis.value, scheme);
    if (!ledger.ok) throw new Error(ledger.error);
    const signer = createSigner(pair, scheme);
    const draft = new DraftReplica(ledger.value.negotiation, ledger.value.members(), { scheme });
    const author = DraftAuthor.attach(draft, signer, 1, { coalesce: true });
    if (!author.ok) throw new Error(author.error);
    const keyring = ledger.value.keyring({ secretKey: pair.secretKey, party: { id: specs[i]!.id, publicKey: pair.publicKey } });
    if (!keyring.ok) throw new Error(keyring.error.message);
    const records = new MemoryRoomRecords();
    const room = NegotiationRoom.join({
      network,
      ledger: ledger.value,
      draft,
      author: author.value,
      signer,
      scheme,
      keyring: keyring.value,
      minEpoch: () => 0,
      records,
      sink: records,
      presence: { refreshMs: presenceRefreshMs(n), ttlMs: 3 * presenceRefreshMs(n) },
    });
    const bare = new Y.Doc();
    network.subscribe(bareTopic, () => 'accept', (m) => Y.applyUpdate(bare, m.data));
    nodes.push({ party: signer.party, network, draft, room, bare });
  }
  for (let i = 0; i < n; i++) {
    const targets = n <= RING_DIALS + 1 ? nodes.slice(i + 1) : Array.from({ length: RING_DIALS }, (_, k) => nodes[(i + 1 + k) % n]!);
    for (const target of targets) {
      if (nodes[i]!.network.connectedPeers().includes(target.network.peerId)) continue;
      const dialed = await nodes[i]!.network.dial(target.network.addresses()[0]!);
      if (!dialed.ok) throw new Error(`dial: ${dialed.error.message}`);
    }
  }
  await waitUntil('every node to see its neighbours in both topics', () =>
    nodes.every((node) => {
      const peers = node.network.connectedPeers();
      return peers.length > 0 && [node.room.topics.draft, bareTopic].every((t) => node.network.subscribers(t).length === peers.length);
    }),
    30_000,
  );
  const a = nodes[0]!;
  for (const step of [
    createTreaty(a.draft.doc, 'Keystroke bench'),
    addArticle(a.draft.doc, { id: 'a1' }),
    addParagraph(a.draft.doc, { id: 'p1', in: { articleId: 'a1' }, text: 'Typed: ' }),
  ]) {
    if (!step.ok) throw new Error(step.error.message);
  }
  await a.room.flush();
  await waitUntil('the treaty to reach every node', () => nodes.every((node) => findParagraph(node.draft.doc, 'p1') !== undefined), 30_000);
  return nodes;
}

type Path = 'immediate' | 'window' | 'bare';

/** Types one character on `path`; resolves with the latency to each receiver (ms), or -1 if lost. */
async function keystroke(nodes: readonly Node[], path: Path, bareTopic: string): Promise<number[]> {
  const [a, ...receivers] = nodes as [Node, ...Node[]];
  const arrivals = new Array<number>(receivers.length).fill(-1);
  let pending = receivers.length;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  const cleanups: Array<() => void> = [];
  const start = now();
  if (path === 'bare') {
    const target = a.bare.getText('t').length + 1;
    receivers.forEach((r, i) => {
      const check = (): void => {
        if (arrivals[i] === -1 && r.bare.getText('t').length >= target) {
          arrivals[i] = now() - start;
          if (--pending === 0) done();
        }
      };
      r.bare.on('update', check);
      cleanups.push(() => r.bare.off('update', check));
    });
    const publish = (update: Uint8Array): void => void a.network.publish(bareTopic, update);
    a.bare.on('update', publish);
    a.bare.getText('t').insert(a.bare.getText('t').length, 'x');
    a.bare.off('update', publish);
  } else {
    const seq = a.draft.frontierOf(a.party) + 1;
    receivers.forEach((r, i) => {
      cleanups.push(
        r.room.on('text-changed', () => {
          if (arrivals[i] === -1 && r.draft.frontierOf(a.party) >= seq) {
            arrivals[i] = now() - start;
            if (--pending === 0) done();
          }
        }),
      );
    });
    const text = findParagraph(a.draft.doc, 'p1')!.text;
    const typed = insertText(a.draft.doc, { kind: 'paragraph', paragraphId: 'p1' }, text.length, 'x');
    if (!typed.ok) throw new Error(typed.error.message);
    if (path === 'immediate') void a.room.flush();
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([finished, new Promise<void>((resolve) => (timer = setTimeout(resolve, ARRIVAL_TIMEOUT_MS)))]);
  clearTimeout(timer);
  for (const c of cleanups) c();
  return arrivals;
}

/** CPU the process uses while nobody types (heartbeats, presence, anti-entropy), in % of one core. */
async function idleCpu(ms: number): Promise<number> {
  const before = process.cpuUsage();
  const start = Date.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const used = process.cpuUsage(before);
  return ((used.user + used.system) / 1000 / (Date.now() - start)) * 100;
}

interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((x, y) => x - y);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

const ms = (v: number): string => (v < 1 ? `${v.toFixed(3)} ms` : `${v.toFixed(2)} ms`);
const show = (p: Percentiles): string => `p50 ${ms(p.p50)} · p95 ${ms(p.p95)} · p99 ${ms(p.p99)}`;

async function benchCount(n: number): Promise<Row[]> {
  const bareTopic = `/bench/bare-yjs/${n}`;
  const before = memoryInUse();
  const nodes = await setUp(n, bareTopic);
  const idle = await idleCpu(2000);
  const samples: Record<Path, number[]> = { immediate: [], window: [], bare: [] };
  const lost: Record<Path, number> = { immediate: 0, window: 0, bare: 0 };
  try {
    for (let k = 0; k < WARMUP + KEYSTROKES; k++) {
      for (const path of ['bare', 'immediate', 'window'] as const) {
        // A fast typist's cadence: the copies gossip forwards of the previous keystroke are
        // handled before the next one, which would otherwise queue behind them (one process).
        await new Promise((resolve) => setTimeout(resolve, cadenceMs(n)));
        const arrivals = await keystroke(nodes, path, bareTopic);
        if (k < WARMUP) continue;
        for (const t of arrivals) {
          if (t < 0) lost[path]++;
          else samples[path].push(t);
        }
      }
    }
    const perNode = (memoryInUse() - before) / n;
    const bare = percentiles(samples.bare);
    const pairs = `${KEYSTROKES} keystrokes × ${n - 1} receivers, ${cadenceMs(n)} ms apart`;
    const topology = n <= RING_DIALS + 1 ? 'full mesh' : `each dials ${RING_DIALS} in a ring`;
    const row = (path: 'immediate' | 'window', label: string): Row => {
      const ours = percentiles(samples[path]);
      return {
        bench: `keystroke A→B, ${n} delegations on libp2p loopback, ${label}`,
        ours: show(ours),
        baseline: show(bare),
        ratio: `${(ours.p50 / bare.p50).toFixed(1)}x at p50`,
        note: `${pairs}, ${topology}; baseline: bare gossipsub carrying the raw Yjs update; not arrived within ${ARRIVAL_TIMEOUT_MS / 1000} s: ours ${lost[path]}, bare ${lost.bare}`,
      };
    };
    return [
      row('immediate', 'flushed on each keystroke (sign, seal, gossip, open, verify, apply)'),
      row('window', 'with the 30 ms coalescing window'),
      {
        bench: `memory per node, ${n} libp2p nodes + rooms in one process`,
        ours: perNode > 0 ? fmt.bytes(perNode) : 'below the measurement noise (GC)',
        baseline: '',
        note: `heap + array buffers retained, after GC, divided by the node count; all ${n} idle: ${idle.toFixed(0)}% of one core (presence every ${presenceRefreshMs(n) / 1000} s, anti-entropy every 5 s)`,
      },
    ];
  } finally {
    for (const node of nodes) await node.room.stop();
    await Promise.all(nodes.map((node) => node.network.stop()));
  }
}

export async function benchKeystroke(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of COUNTS) {
    process.stderr.write(`  keystroke: ${n} delegations...\n`);
    rows.push(...(await benchCount(n)));
  }
  return rows;
}

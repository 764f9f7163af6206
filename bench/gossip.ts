/**
 * The bare network baselines the product's latency figures will be compared with, measured in
 * one run on loopback:
 * - gossipsub publish→receive between 2 libp2p nodes (our adapter, a validator that accepts),
 *   ~100-byte messages, each published after the previous one arrived;
 * - a /plenary/echo request/response round trip over the same nodes (what catch-up rides on);
 * - beside both, a raw TCP round trip (node:net echo), the floor under everything.
 */
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { createLibp2pNetwork } from '../src/p2p/libp2p-host.js';
import { protocolId, type PeerNetwork } from '../src/p2p/network.js';
import { waitUntil, type Row } from './harness.js';

const MESSAGES = Number(process.env.GOSSIP_MESSAGES ?? 2000);
// The first ~1,000 messages run while V8 is still optimising libp2p's hot paths.
const WARMUP = 1000;
const SIZE = 100;

interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

const ms = (v: number): string => (v < 1 ? `${v.toFixed(3)} ms` : `${v.toFixed(2)} ms`);
const show = (p: Percentiles): string => `p50 ${ms(p.p50)} · p95 ${ms(p.p95)} · p99 ${ms(p.p99)}`;
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

async function timeEach(count: number, once: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await once(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = now();
    await once(i);
    samples.push(now() - start);
  }
  return samples;
}

/** Round trips of SIZE bytes through a node:net echo server on 127.0.0.1. */
async function tcpRoundTrips(count: number): Promise<number[]> {
  const server = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const socket: Socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  let waiting: { need: number; resolve: () => void } | undefined;
  socket.on('data', (chunk: Buffer) => {
    if (waiting === undefined) return;
    waiting.need -= chunk.length;
    if (waiting.need <= 0) {
      const { resolve } = waiting;
      waiting = undefined;
      resolve();
    }
  });
  const payload = Buffer.alloc(SIZE, 7);
  try {
    return await timeEach(count, () => new Promise<void>((resolve) => {
      waiting = { need: SIZE, resolve };
      socket.write(payload);
    }));
  } finally {
    socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function libp2pPair(): Promise<[PeerNetwork, PeerNetwork]> {
  const a = await createLibp2pNetwork({ seed: new Uint8Array(32).fill(91), listen: ['/ip4/127.0.0.1/tcp/0'] });
  const b = await createLibp2pNetwork({ seed: new Uint8Array(32).fill(92), listen: ['/ip4/127.0.0.1/tcp/0'] });
  const dialed = await a.dial(b.addresses()[0]!);
  if (!dialed.ok) throw new Error(`dial failed: ${dialed.error.message}`);
  return [a, b];
}

async function gossipLatencies(a: PeerNetwork, b: PeerNetwork, count: number): Promise<number[]> {
  const topic = 'plenary/bench';
  const arrivals = new Map<number, () => void>();
  b.subscribe(topic, () => 'accept', (m) => arrivals.get(new DataView(m.data.buffer, m.data.byteOffset).getInt32(0))?.());
  a.subscribe(topic, () => 'accept', () => {});
  await waitUntil('b to appear subscribed', () => a.subscribers(topic).includes(b.peerId), 10_000);
  const payload = new Uint8Array(SIZE);
  return timeEach(count, (i) => new Promise<void>((resolve) => {
    arrivals.set(i, () => {
      arrivals.delete(i);
      resolve();
    });
    new DataView(payload.buffer).setInt32(0, i);
    void a.publish(topic, payload.slice());
  }));
}

async function requestLatencies(a: PeerNetwork, b: PeerNetwork, count: number): Promise<number[]> {
  const echo = protocolId('echo');
  b.serve(echo, async (_from, request) => request);
  const payload = new Uint8Array(SIZE).fill(3);
  return timeEach(count, async () => {
    const answer = await a.request(b.peerId, echo, payload);
    if (!answer.ok) throw new Error(`request failed: ${answer.error.message}`);
  });
}

export async function benchGossip(): Promise<Row[]> {
  const tcp = percentiles(await tcpRoundTrips(MESSAGES));
  const [a, b] = await libp2pPair();
  try {
    const gossip = percentiles(await gossipLatencies(a, b, MESSAGES));
    const request = percentiles(await requestLatencies(a, b, MESSAGES));
    const note = `${MESSAGES.toLocaleString('en-US')} × ${SIZE} B, each after the previous arrived; baseline: raw TCP round trip (node:net echo)`;
    return [
      {
        bench: 'gossipsub publish→receive, 2 libp2p nodes on loopback (one way)',
        ours: show(gossip),
        baseline: show(tcp),
        ratio: `${(gossip.p50 / tcp.p50).toFixed(1)}x at p50`,
        note,
      },
      {
        bench: '/plenary/echo request→response over libp2p on loopback (round trip)',
        ours: show(request),
        baseline: show(tcp),
        ratio: `${(request.p50 / tcp.p50).toFixed(1)}x at p50`,
        note,
      },
    ];
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

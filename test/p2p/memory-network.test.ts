/**
 * The in-memory adapter: the shared contract, then what only it can do — partitions, drops, and
 * exact replay from a seed — and a property test of its gossip over random topologies.
 */
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { MemoryHub } from '../../src/p2p/memory-network.js';
import type { GossipMessage, PeerId, PeerNetwork, Verdict } from '../../src/p2p/network.js';
import { createRng } from '../support/rng.js';
import { runNetworkContract } from './network-contract.js';

describe('memory network: the contract', () => {
  runNetworkContract(() => {
    const hub = new MemoryHub({ seed: 7 });
    return {
      settleMs: 5000,
      create: async (seed) => hub.createNetwork({ seed }),
      sendRaw: (from, to, protocol, bytes) => hub.injectRaw(from, to, protocol, bytes),
    };
  });
});

const text = (data: Uint8Array): string => new TextDecoder().decode(data);
const seedOf = (i: number): Uint8Array => new Uint8Array(32).fill(i);
const RUNS = Number(process.env.P2P_RUNS ?? 60);

function setup(hubSeed: number, n: number): { hub: MemoryHub; nets: PeerNetwork[] } {
  const hub = new MemoryHub({ seed: hubSeed });
  return { hub, nets: Array.from({ length: n }, (_, i) => hub.createNetwork({ seed: seedOf(i + 1) })) };
}

async function link(a: PeerNetwork, b: PeerNetwork): Promise<void> {
  const dialed = await a.dial(b.addresses()[0]!);
  if (!dialed.ok) throw new Error(`dial failed: ${dialed.error.message}`);
}

async function fullMesh(nets: PeerNetwork[]): Promise<void> {
  for (let i = 0; i < nets.length; i++) for (let j = i + 1; j < nets.length; j++) await link(nets[i]!, nets[j]!);
}

function listen(net: PeerNetwork, topic: string, log: string[] = [], verdict: (m: GossipMessage) => Verdict = () => 'accept'): string[] {
  net.subscribe(topic, verdict, (m) => log.push(text(m.data)));
  return log;
}

describe('memory network', () => {
  it('delivers asynchronously, never inside publish', async () => {
    const { hub, nets } = setup(1, 2);
    const [a, b] = nets as [PeerNetwork, PeerNetwork];
    await link(a, b);
    const got = listen(b, 't');
    await hub.idle();
    const sending = a.publish('t', utf8('x'));
    expect(got).toEqual([]);
    expect(await sending).toEqual({ ok: true, value: 1 });
    expect(got).toEqual([]);
    await hub.idle();
    expect(got).toEqual(['x']);
  });

  it('what was in flight on a link that went down is lost, even if the link comes back at once', async () => {
    const { hub, nets } = setup(3, 2);
    const [a, b] = nets as [PeerNetwork, PeerNetwork];
    await link(a, b);
    const got = listen(b, 't');
    await hub.idle();
    void a.publish('t', utf8('in flight'));
    await a.hangUp(b.peerId);
    await link(a, b);
    await hub.idle();
    expect(got).toEqual([]);
    await a.publish('t', utf8('after'));
    await hub.idle();
    expect(got).toEqual(['after']);
  });

  it('a partition stops traffic across it; heal restores the links it cut, and gossip flows again', async () => {
    const { hub, nets } = setup(2, 5);
    const [a, b, c, d, e] = nets as [PeerNetwork, PeerNetwork, PeerNetwork, PeerNetwork, PeerNetwork];
    await fullMesh(nets);
    const logs = nets.map((n) => listen(n, 't'));
    await hub.idle();

    hub.partition([[a, b], [c.peerId, d, e]]);
    await hub.idle();
    expect(new Set(a.connectedPeers())).toEqual(new Set([b.peerId]));
    expect(new Set(c.connectedPeers())).toEqual(new Set([d.peerId, e.peerId]));
    await a.publish('t', utf8('split-a'));
    await c.publish('t', utf8('split-c'));
    await hub.idle();
    expect(logs.map((l) => l.join(','))).toEqual(['', 'split-a', '', 'split-c', 'split-c']);
    const across = await a.dial(c.addresses()[0]!);
    expect(across.ok || across.error.code).toBe('unreachable');
    c.serve('/plenary/echo/1.0.0', async (_f, r) => r);
    const request = await a.request(c.peerId, '/plenary/echo/1.0.0', utf8('?'));
    expect(request.ok || request.error.code).toBe('not-connected');
    await a.hangUp(e.peerId); // a hang-up during the partition is not undone by heal

    hub.heal();
    await hub.idle();
    expect(new Set(a.connectedPeers())).toEqual(new Set([b.peerId, c.peerId, d.peerId]));
    expect(new Set(c.connectedPeers())).toEqual(new Set([a.peerId, b.peerId, d.peerId, e.peerId]));
    expect(new Set(a.subscribers('t'))).toEqual(new Set([b.peerId, c.peerId, d.peerId])); // relearnt on the new links
    await a.publish('t', utf8('healed'));
    await hub.idle();
    // gossip from the split is lost for good (the node catches up by request); new gossip reaches everyone
    expect(logs.map((l) => l.join(','))).toEqual(['', 'split-a,healed', 'healed', 'split-c,healed', 'split-c,healed']);
  });

  it('a drop rate loses that share of gossip hops, reproducibly from the seed; requests are unaffected', async () => {
    async function run(seed: number, p: number): Promise<string[]> {
      const { hub, nets } = setup(seed, 2);
      const [a, b] = nets as [PeerNetwork, PeerNetwork];
      await link(a, b);
      const got = listen(b, 't');
      b.serve('/plenary/echo/1.0.0', async (_f, r) => r);
      await hub.idle();
      hub.dropRate(p);
      for (let i = 0; i < 400; i++) await a.publish('t', utf8(`m${i}`));
      await hub.idle();
      const echo = await a.request(b.peerId, '/plenary/echo/1.0.0', utf8('still here'));
      expect(echo.ok && text(echo.value)).toBe('still here');
      return got;
    }
    const lossy = await run(5, 0.3);
    expect(lossy.length, `seed 5: ${lossy.length} of 400 delivered at 30% loss`).toBeGreaterThan(230);
    expect(lossy.length).toBeLessThan(330);
    expect(await run(5, 0.3)).toEqual(lossy);
    expect(await run(6, 0.3)).not.toEqual(lossy);
    expect((await run(5, 0)).length).toBe(400);
    expect((await run(5, 1)).length).toBe(0);
    expect(() => new MemoryHub().dropRate(1.5)).toThrow(RangeError);
  });

  it('replays exactly from a seed: same seed, same interleaving; another seed, another', async () => {
    async function run(seed: number): Promise<string[]> {
      const { hub, nets } = setup(seed, 4);
      await fullMesh(nets);
      const log: string[] = [];
      for (const [i, n] of nets.entries()) n.subscribe('t', () => 'accept', (m) => log.push(`${i}<${text(m.data)}`));
      await hub.idle();
      await Promise.all(nets.map(async (n, i) => {
        for (let k = 0; k < 10; k++) await n.publish('t', utf8(`${i}.${k}`));
      }));
      await hub.idle();
      return log;
    }
    const first = await run(11);
    expect(first.length).toBe(4 * 30);
    expect(await run(11)).toEqual(first);
    expect(await run(12)).not.toEqual(first);
  });

  it('over random topologies, a message reaches exactly the peers a path of accepting peers leads to, once each', async () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const rng = createRng(seed);
      const n = 3 + rng.int(6);
      const { hub, nets } = setup(seed, n);
      const edges = new Set<string>();
      const connect = async (i: number, j: number): Promise<void> => {
        if (i === j || edges.has(`${Math.min(i, j)}-${Math.max(i, j)}`)) return;
        edges.add(`${Math.min(i, j)}-${Math.max(i, j)}`);
        await link(nets[i]!, nets[j]!);
      };
      for (let i = 1; i < n; i++) await connect(i, rng.int(i)); // a spanning tree: connected
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.chance(0.25)) await connect(i, j);

      // Each message names the peers that refuse it: "m<k>|<origin>|<refusers>"
      const logs = nets.map((net, i) =>
        listen(net, 't', [], (m) => (text(m.data).split('|')[2]!.split(',').includes(String(i)) ? rng.pick<Verdict>(['reject', 'ignore']) : 'accept')),
      );
      await hub.idle();
      const messages = Array.from({ length: 8 }, (_, k) => {
        const origin = rng.int(n);
        const refusers = nets.map((_, i) => i).filter((i) => i !== origin && rng.chance(0.25));
        return { body: `m${k}|${origin}|${refusers.join(',')}`, origin, refusers: new Set(refusers) };
      });
      await Promise.all(messages.map((m) => nets[m.origin]!.publish('t', utf8(m.body))));
      await hub.idle();

      const adjacent = (i: number, j: number): boolean => edges.has(`${Math.min(i, j)}-${Math.max(i, j)}`);
      for (const m of messages) {
        const reached = new Set([m.origin]);
        const frontier = [m.origin];
        while (frontier.length > 0) {
          const at = frontier.pop()!;
          for (let next = 0; next < n; next++) {
            if (reached.has(next) || !adjacent(at, next) || m.refusers.has(next)) continue;
            reached.add(next);
            frontier.push(next);
          }
        }
        for (let i = 0; i < n; i++) {
          const times = logs[i]!.filter((body) => body === m.body).length;
          expect(times, `seed ${seed}: peer ${i} got ${m.body} ${times} times`).toBe(reached.has(i) && i !== m.origin ? 1 : 0);
        }
      }
    }
  });
});

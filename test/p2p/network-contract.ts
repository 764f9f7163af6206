/**
 * The acceptance suite every PeerNetwork adapter passes (automerge-repo runs one suite against each
 * network adapter): connect by address, gossip exactly once, validators that stop delivery and
 * forwarding, unsubscribe, request/response and its failures as values, the gate, hang up, stop,
 * and hostile bytes on the request protocol.
 *
 * "Never delivered" is proved without sleeping by a fence: a later message on the same path
 * (links are FIFO streams), whose arrival means the earlier one was either delivered or dropped.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { encodeRequest, REPLY_STATUS } from '../../src/p2p/exchange.js';
import { MAX_GOSSIP_BYTES, protocolId, type GossipMessage, type PeerEvent, type PeerId, type PeerNetwork, type Verdict } from '../../src/p2p/network.js';
import { createRng } from '../support/rng.js';
import { Recorder, repeatUntil, waitFor } from '../support/wait.js';

export interface NetworkHarness {
  /** A started network whose key derives from this seed. */
  create(seed: Uint8Array): Promise<PeerNetwork>;
  /** Writes bytes exactly as given onto `to`'s `protocol`; the raw reply, or undefined if none. */
  sendRaw(from: PeerNetwork, to: PeerId, protocol: string, bytes: Uint8Array): Promise<Uint8Array | undefined>;
  /** Time budget for waits that need gossip to settle (libp2p needs heartbeats). */
  readonly settleMs: number;
  teardown?(): Promise<void>;
}

const text = (data: Uint8Array): string => new TextDecoder().decode(data);
const ECHO = protocolId('echo');

export function runNetworkContract(makeHarness: () => NetworkHarness): void {
  let harness: NetworkHarness;
  let opened: PeerNetwork[] = [];
  let seedBase = 0;

  beforeEach(() => {
    harness = makeHarness();
    opened = [];
    seedBase += 16;
  });
  afterEach(async () => {
    await Promise.all(opened.map((n) => n.stop()));
    await harness.teardown?.();
  });

  const wait = { get timeoutMs() { return harness.settleMs; } };

  async function peers(n: number): Promise<PeerNetwork[]> {
    const created = await Promise.all(Array.from({ length: n }, (_, i) => harness.create(new Uint8Array(32).fill(seedBase + i + 1))));
    opened.push(...created);
    return created;
  }

  async function connect(a: PeerNetwork, b: PeerNetwork): Promise<void> {
    const dialed = await a.dial(b.addresses()[0]!);
    expect(dialed).toEqual({ ok: true, value: b.peerId });
    await waitFor(`${a.peerId} and ${b.peerId} connected both ways`, () => a.connectedPeers().includes(b.peerId) && b.connectedPeers().includes(a.peerId), wait);
  }

  /** A connected line a - b - c: c hears a only through b. */
  async function line(): Promise<[PeerNetwork, PeerNetwork, PeerNetwork]> {
    const [a, b, c] = (await peers(3)) as [PeerNetwork, PeerNetwork, PeerNetwork];
    await connect(a, b);
    await connect(c, b);
    return [a, b, c];
  }

  interface Inbox extends Recorder<GossipMessage> {
    readonly judged: Recorder<GossipMessage>;
    texts(): string[];
  }

  function join(net: PeerNetwork, topic: string, verdict: (body: string) => Verdict | 'throw' = () => 'accept'): Inbox {
    const inbox = new Recorder<GossipMessage>() as Inbox;
    const judged = new Recorder<GossipMessage>();
    Object.assign(inbox, { judged, texts: () => inbox.items.map((m) => text(m.data)) });
    net.subscribe(
      topic,
      (m) => {
        judged.push(m);
        const v = verdict(text(m.data));
        if (v === 'throw') throw new Error('validator bug');
        return v;
      },
      inbox.push,
    );
    return inbox;
  }

  async function seesSubscribed(net: PeerNetwork, topic: string, who: readonly PeerNetwork[]): Promise<void> {
    await waitFor(`${net.peerId} to see ${who.length} subscriber(s) of ${topic}`, () => who.every((w) => net.subscribers(topic).includes(w.peerId)), wait);
  }

  /** Publishes probes from `from` until `inbox` has one: the gossip path (mesh) is formed. */
  async function warm(from: PeerNetwork, topic: string, inbox: Inbox): Promise<void> {
    let n = 0;
    await repeatUntil(`a path for ${topic} from ${from.peerId}`, () => from.publish(topic, utf8(`probe:${n++}`)), () => inbox.texts().some((t) => t.startsWith('probe:')), {
      timeoutMs: harness.settleMs,
      intervalMs: 100,
    });
  }

  describe('connections', () => {
    it('three peers connect by dialing addresses, and each side hears of it', async () => {
      const [a, b, c] = (await peers(3)) as [PeerNetwork, PeerNetwork, PeerNetwork];
      const events = new Recorder<PeerEvent>();
      b.onPeer(events.push);
      expect(b.addresses().length).toBeGreaterThan(0);
      await connect(a, b);
      await connect(c, b);
      await events.waitFor('b hears a connect', (e) => e.kind === 'connect' && e.peer === a.peerId, wait);
      await events.waitFor('b hears c connect', (e) => e.kind === 'connect' && e.peer === c.peerId, wait);
      expect(new Set(b.connectedPeers())).toEqual(new Set([a.peerId, c.peerId]));
      expect(a.connectedPeers()).toEqual([b.peerId]);
      // dialing again finds the same peer
      expect(await a.dial(b.addresses()[0]!)).toEqual({ ok: true, value: b.peerId });
    });

    it('a bad address, our own address, and a stopped peer are errors, not exceptions', async () => {
      const [a, b] = (await peers(2)) as [PeerNetwork, PeerNetwork];
      const gone = b.addresses()[0]!;
      await b.stop();
      const bad = await a.dial('not an address');
      expect(bad.ok || bad.error.code).toBe('bad-address');
      const self = await a.dial(a.addresses()[0]!);
      expect(self.ok || self.error.code).toBe('bad-address');
      const stopped = await a.dial(gone);
      expect(stopped.ok || stopped.error.code).toBe('unreachable');
    });

    it('hang up closes the connection on both sides', async () => {
      const [a, b] = (await peers(2)) as [PeerNetwork, PeerNetwork];
      const events = new Recorder<PeerEvent>();
      b.onPeer(events.push);
      await connect(a, b);
      await a.hangUp(b.peerId);
      await events.waitFor('b hears a disconnect', (e) => e.kind === 'disconnect' && e.peer === a.peerId, wait);
      await waitFor('neither lists the other', () => !a.connectedPeers().includes(b.peerId) && !b.connectedPeers().includes(a.peerId), wait);
    });

    it('stop is clean: peers hear the disconnect, and every later call fails with "stopped"', async () => {
      const [a, b] = (await peers(2)) as [PeerNetwork, PeerNetwork];
      const events = new Recorder<PeerEvent>();
      a.onPeer(events.push);
      await connect(a, b);
      await b.stop();
      await events.waitFor('a hears b disconnect', (e) => e.kind === 'disconnect' && e.peer === b.peerId, wait);
      await b.stop(); // idempotent
      expect(b.addresses()).toEqual([]);
      expect(b.connectedPeers()).toEqual([]);
      for (const outcome of [await b.publish('t', utf8('x')), await b.dial(a.addresses()[0]!), await b.request(a.peerId, ECHO, utf8('x'))]) {
        expect(outcome.ok || outcome.error.code).toBe('stopped');
      }
    });
  });

  describe('the gate', () => {
    it('refuses a peer at dial, in both directions', async () => {
      const [a, b, c] = (await peers(3)) as [PeerNetwork, PeerNetwork, PeerNetwork];
      c.setGate((p) => p !== a.peerId);
      const inbound = await a.dial(c.addresses()[0]!);
      expect(inbound.ok || inbound.error.code).toBe('refused');
      a.setGate((p) => p !== b.peerId);
      const outbound = await a.dial(b.addresses()[0]!);
      expect(outbound.ok || outbound.error.code).toBe('refused');
      await waitFor('no connection was kept', () => a.connectedPeers().length === 0 && !c.connectedPeers().includes(a.peerId) && !b.connectedPeers().includes(a.peerId), wait);
      // a peer the gate admits still gets in
      await connect(b, c);
    });

    it('closes existing connections to a peer it now refuses', async () => {
      const [a, b, c] = await line();
      b.setGate((p) => p !== c.peerId);
      await waitFor('b and c disconnected', () => !b.connectedPeers().includes(c.peerId) && !c.connectedPeers().includes(b.peerId), wait);
      expect(b.connectedPeers()).toEqual([a.peerId]);
    });
  });

  describe('gossip', () => {
    it('a publish reaches every other subscriber exactly once, even over a triangle', async () => {
      const [a, b, c] = (await peers(3)) as [PeerNetwork, PeerNetwork, PeerNetwork];
      await connect(a, b);
      await connect(b, c);
      await connect(c, a);
      const all = [a, b, c];
      const inboxes = new Map(all.map((n) => [n, join(n, 'plenary/test')]));
      for (const n of all) await seesSubscribed(n, 'plenary/test', all.filter((o) => o !== n));

      for (const [i, n] of all.entries()) {
        for (let k = 0; k < 5; k++) {
          const sent = await n.publish('plenary/test', utf8(`msg:${i}:${k}`));
          expect(sent.ok && sent.value).toBeGreaterThanOrEqual(1);
        }
      }
      for (const n of all) await waitFor('all 10 messages of the others', () => inboxes.get(n)!.texts().filter((t) => t.startsWith('msg:')).length >= 10, wait);
      // Duplicates still in flight were sent before each peer's fence on the same link.
      for (const [i, n] of all.entries()) await n.publish('plenary/test', utf8(`fence:${i}`));
      for (const n of all) await waitFor('the fences of the others', () => inboxes.get(n)!.texts().filter((t) => t.startsWith('fence:')).length >= 2, wait);

      for (const [i, n] of all.entries()) {
        const got = inboxes.get(n)!.items.filter((m) => text(m.data).startsWith('msg:'));
        const expected = all.flatMap((_, j) => (j === i ? [] : [0, 1, 2, 3, 4].map((k) => `msg:${j}:${k}`)));
        expect(got.map((m) => text(m.data)).sort()).toEqual(expected.sort()); // each once, none of its own
        for (const m of got) expect(m.from).toBe(all[Number(text(m.data).split(':')[1])]!.peerId);
      }
    });

    it.each(['reject', 'ignore', 'throw'] as const)('a validator that says %s stops delivery and forwarding', async (verdict) => {
      const [a, b, c] = await line();
      const atB = join(b, 'plenary/test', (body) => (body.startsWith('bad') ? verdict : 'accept'));
      const atC = join(c, 'plenary/test');
      join(a, 'plenary/test');
      await seesSubscribed(a, 'plenary/test', [b]);
      await seesSubscribed(b, 'plenary/test', [a, c]);
      await warm(a, 'plenary/test', atC);

      await a.publish('plenary/test', utf8('bad:1'));
      await a.publish('plenary/test', utf8('fence'));
      await atC.waitFor('the fence at c', (m) => text(m.data) === 'fence', wait);
      expect(atB.judged.items.map((m) => text(m.data))).toContain('bad:1'); // b did judge it
      expect(atB.texts()).not.toContain('bad:1');
      expect(atC.judged.items.map((m) => text(m.data))).not.toContain('bad:1'); // never forwarded
      expect(atC.texts()).not.toContain('bad:1');
    });

    it('after unsubscribe nothing on that topic is delivered', async () => {
      const [a, b, c] = await line();
      join(a, 'plenary/test');
      join(a, 'plenary/fence');
      const atB = join(b, 'plenary/test');
      join(b, 'plenary/fence');
      const atC = join(c, 'plenary/test');
      const fenceC = join(c, 'plenary/fence');
      await seesSubscribed(b, 'plenary/test', [a, c]);
      await warm(a, 'plenary/test', atC);
      await warm(a, 'plenary/fence', fenceC);

      c.unsubscribe('plenary/test');
      await waitFor('b sees c leave the topic', () => !b.subscribers('plenary/test').includes(c.peerId), wait);
      await a.publish('plenary/test', utf8('after'));
      await a.publish('plenary/fence', utf8('fence'));
      await fenceC.waitFor('the fence at c', (m) => text(m.data) === 'fence', wait);
      await atB.waitFor('b still gets the topic', (m) => text(m.data) === 'after', wait);
      expect(atC.texts()).not.toContain('after');
    });

    it('a message published before a peer subscribed is not delivered to it', async () => {
      const [a, b] = (await peers(2)) as [PeerNetwork, PeerNetwork];
      await connect(a, b);
      join(a, 'plenary/test');
      const early = await a.publish('plenary/test', utf8('early'));
      expect(early).toEqual({ ok: true, value: 0 }); // no subscribers is not an error
      const atB = join(b, 'plenary/test');
      await seesSubscribed(a, 'plenary/test', [b]);
      await repeatUntil('b hears a', () => a.publish('plenary/test', utf8('late')), () => atB.texts().includes('late'), wait);
      expect(atB.texts()).not.toContain('early');
    });

    it('an oversized message is refused before anything is sent', async () => {
      const [a] = (await peers(1)) as [PeerNetwork];
      const sent = await a.publish('plenary/test', new Uint8Array(MAX_GOSSIP_BYTES + 1));
      expect(sent.ok || sent.error.code).toBe('too-large');
    });
  });

  describe('request/response', () => {
    const handled: string[] = [];

    async function served(options: Parameters<PeerNetwork['serve']>[2] = {}): Promise<[PeerNetwork, PeerNetwork, () => void]> {
      const [a, b] = (await peers(2)) as [PeerNetwork, PeerNetwork];
      let release!: () => void;
      const hung = new Promise<Uint8Array>((resolve) => (release = () => resolve(utf8('late'))));
      handled.length = 0;
      b.serve(
        ECHO,
        async (from, request) => {
          const body = text(request);
          handled.push(body);
          if (body === 'throw') throw new Error('handler bug');
          if (body === 'hang') return hung;
          if (body.startsWith('big:')) return new Uint8Array(Number(body.slice(4)));
          return utf8(`${from}:${body}`);
        },
        options,
      );
      await connect(a, b);
      return [a, b, release];
    }

    it('answers a request, naming the requester to the handler', async () => {
      const [a, b] = await served();
      const answer = await a.request(b.peerId, ECHO, utf8('hello'));
      expect(answer.ok && text(answer.value)).toBe(`${a.peerId}:hello`);
      const empty = await a.request(b.peerId, ECHO, new Uint8Array(0));
      expect(empty.ok && text(empty.value)).toBe(`${a.peerId}:`);
    });

    it('a handler error, oversize either way, a timeout or an unknown protocol are error values', async () => {
      const [a, b, release] = await served({ maxRequestBytes: 64, maxResponseBytes: 1000, handlerTimeoutMs: 300 });
      try {
        const cases: Array<[string, Promise<{ ok: boolean; error?: { code: string } }>]> = [
          ['remote-failed', a.request(b.peerId, ECHO, utf8('throw'))],
          ['too-large', a.request(b.peerId, ECHO, new Uint8Array(65))], // over the server's cap
          ['too-large', a.request(b.peerId, ECHO, new Uint8Array(11), { maxRequestBytes: 10 })], // over ours: never sent
          ['too-large', a.request(b.peerId, ECHO, utf8('big:1001'))], // the handler's answer over the server's cap
          ['too-large', a.request(b.peerId, ECHO, utf8('big:500'), { maxResponseBytes: 499 })], // over our cap
          ['timeout', a.request(b.peerId, ECHO, utf8('hang'), { timeoutMs: 150 })], // we give up
          ['timeout', a.request(b.peerId, ECHO, utf8('hang'))], // the server gives up on its handler
          ['unsupported-protocol', a.request(b.peerId, protocolId('nothing-here'), utf8('x'))],
          ['not-connected', a.request(a.peerId, ECHO, utf8('x'))],
        ];
        for (const [code, pending] of cases) {
          const outcome = await pending;
          expect({ code, got: outcome.ok ? 'ok' : outcome.error?.code }).toEqual({ code, got: code });
        }
        const big = await a.request(b.peerId, ECHO, utf8('big:1000'));
        expect(big.ok && big.value.length).toBe(1000); // exactly at the cap is fine
        const still = await a.request(b.peerId, ECHO, utf8('alive'));
        expect(still.ok && text(still.value)).toBe(`${a.peerId}:alive`);
      } finally {
        release();
      }
    });

    it('a request whose server goes away ends with "closed", not at its timeout', async () => {
      const [a, b, release] = await served();
      try {
        const pending = a.request(b.peerId, ECHO, utf8('hang'), { timeoutMs: 30_000 });
        await waitFor('the handler to be running', () => handled.includes('hang'), wait);
        await b.stop();
        const outcome = await pending;
        expect(outcome.ok || outcome.error.code).toBe('closed');
      } finally {
        release();
      }
    });

    it('garbage on the request protocol gets an error status or a closed stream, and the server lives on', async () => {
      const [a, b] = await served({ maxRequestBytes: 1024 });
      const tooLong = Uint8Array.of(0xff, 0xff, 0xff, 0xff);
      expect(await harness.sendRaw(a, b.peerId, ECHO, tooLong)).toEqual(Uint8Array.of(REPLY_STATUS.requestTooLarge));
      const truncated = Uint8Array.of(0, 0, 0, 10, 1, 2, 3);
      expect(await harness.sendRaw(a, b.peerId, ECHO, truncated)).toEqual(Uint8Array.of(REPLY_STATUS.malformedRequest));
      const trailing = Uint8Array.from([...encodeRequest(utf8('x')), 9, 9]);
      expect(await harness.sendRaw(a, b.peerId, ECHO, trailing)).toEqual(Uint8Array.of(REPLY_STATUS.malformedRequest));
      // The raw path itself is sound: a well-formed frame gets a well-formed answer.
      const okReply = await harness.sendRaw(a, b.peerId, ECHO, encodeRequest(utf8('raw')));
      expect(okReply?.[0]).toBe(REPLY_STATUS.ok);
      expect(text(okReply!.subarray(5))).toBe(`${a.peerId}:raw`);

      const rng = createRng(0x6a7b);
      for (let i = 0; i < 30; i++) {
        const junk = rng.bytes(rng.int(2) === 0 ? rng.int(8) : rng.int(3000));
        const reply = await harness.sendRaw(a, b.peerId, ECHO, junk);
        if (reply !== undefined && reply.length > 0) expect(reply.length === 1 || reply[0] === REPLY_STATUS.ok, `seed 0x6a7b case ${i}`).toBe(true);
      }
      const still = await a.request(b.peerId, ECHO, utf8('alive'));
      expect(still.ok && text(still.value)).toBe(`${a.peerId}:alive`);
    });
  });
}

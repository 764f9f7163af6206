/**
 * The libp2p adapter over real TCP and WebSockets on 127.0.0.1: the shared contract, then what
 * only a real gossipsub has — peer scores — and the transports and keys it is built from.
 * No mDNS (multicast leaves loopback); every node is stopped after each test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { nobleEd25519 } from '../../src/core/identity.js';
import { PEER_SCORE_THRESHOLDS } from '../../src/p2p/gossip-score.js';
import { createLibp2pNetwork, type Libp2pNetwork } from '../../src/p2p/libp2p-host.js';
import { protocolId, type PeerNetwork } from '../../src/p2p/network.js';
import { peerIdOfPublicKey, peerIdOfSeed, publicKeyOfPeerId } from '../../src/p2p/peer-id.js';
import { repeatUntil, waitFor } from '../support/wait.js';
import { runNetworkContract } from './network-contract.js';

const start = (seed: Uint8Array): Promise<Libp2pNetwork> => createLibp2pNetwork({ seed, heartbeatMs: 100 });

describe('libp2p network: the contract', () => {
  runNetworkContract(() => ({
    settleMs: 8000,
    create: start,
    sendRaw: async (from, to, protocol, bytes) => {
      const reply = await (from as Libp2pNetwork).rawExchange(to, protocol, bytes);
      return reply.ok ? reply.value : undefined;
    },
  }));
});

describe('libp2p network', () => {
  const nodes: PeerNetwork[] = [];
  const node = async (fill: number): Promise<Libp2pNetwork> => {
    const n = await start(new Uint8Array(32).fill(fill));
    nodes.push(n);
    return n;
  };
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.stop()));
  });

  it('takes its peer id from the seed it is given', async () => {
    const seed = new Uint8Array(32).fill(201);
    const a = await node(201);
    expect(a.peerId).toBe(peerIdOfSeed(seed));
    const publicKey = nobleEd25519.publicKeyOf(seed);
    expect(a.peerId).toBe(peerIdOfPublicKey(publicKey));
    expect(publicKeyOfPeerId(a.peerId)).toEqual(publicKey);
    expect(publicKeyOfPeerId('not a peer id')).toBeUndefined();
    expect(a.addresses().every((address) => address.endsWith(`/p2p/${a.peerId}`))).toBe(true);
  });

  it('connects over WebSockets as well as TCP', async () => {
    const [a, b] = [await node(202), await node(203)];
    const ws = b.addresses().find((address) => address.includes('/ws/'));
    expect(ws, b.addresses().join(' ')).toBeDefined();
    expect(await a.dial(ws!)).toEqual({ ok: true, value: b.peerId });
    b.serve(protocolId('echo'), async (_from, request) => request);
    const answer = await a.request(b.peerId, protocolId('echo'), utf8('over ws'));
    expect(answer.ok && new TextDecoder().decode(answer.value)).toBe('over ws');
  });

  it('dials the bootstrap addresses it is given (those an invitation carries)', async () => {
    const convenor = await node(207);
    const invitee = await createLibp2pNetwork({ seed: new Uint8Array(32).fill(208), bootstrap: [convenor.addresses()[0]!] });
    nodes.push(invitee);
    await waitFor('the invitee to reach the convenor', () => invitee.connectedPeers().includes(convenor.peerId), { timeoutMs: 8000 });
  });

  it('a peer whose messages are rejected loses score until it is graylisted; a well-behaved one does not', async () => {
    const [good, bad, judge] = [await node(204), await node(205), await node(206)];
    expect(await good.dial(judge.addresses()[0]!)).toMatchObject({ ok: true });
    expect(await bad.dial(judge.addresses()[0]!)).toMatchObject({ ok: true });
    judge.subscribe('plenary/scored', (m) => (new TextDecoder().decode(m.data).startsWith('forged') ? 'reject' : 'accept'), () => {});
    good.subscribe('plenary/scored', () => 'accept', () => {});
    bad.subscribe('plenary/scored', () => 'accept', () => {});
    await waitFor('both see the judge subscribed', () => good.subscribers('plenary/scored').includes(judge.peerId) && bad.subscribers('plenary/scored').includes(judge.peerId), {
      timeoutMs: 8000,
    });
    let n = 0;
    await repeatUntil(
      'the judge to give the forger a negative score',
      () => bad.publish('plenary/scored', utf8(`forged:${n++}`)),
      () => judge.scoreOf(bad.peerId) < 0,
      { timeoutMs: 8000, intervalMs: 100 },
    );
    await repeatUntil(
      'the forger to be graylisted',
      () => bad.publish('plenary/scored', utf8(`forged:${n++}`)),
      () => judge.scoreOf(bad.peerId) < PEER_SCORE_THRESHOLDS.graylistThreshold,
      { timeoutMs: 8000, intervalMs: 100 },
    );
    for (let k = 0; k < 3; k++) await good.publish('plenary/scored', utf8(`honest:${k}`));
    await waitFor('the judge scores the honest peer', () => judge.scoreOf(good.peerId) >= 0, { timeoutMs: 3000 });
    expect(judge.scoreOf(good.peerId)).toBeGreaterThanOrEqual(0);
  });
});

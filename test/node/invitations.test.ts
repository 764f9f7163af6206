/**
 * Invitation codes (checksummed, versioned, decoded without throwing on any input) and the
 * inviter's refusals on a MemoryHub: an expired secret, a request from a peer not of its key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeInvitation, encodeInvitation, type Invitation } from '../../src/node/invitation-code.js';
import type { NegotiationId, PartyId } from '../../src/core/identity.js';
import { DelegationNode } from '../../src/node/delegation-node.js';
import { MemoryHub } from '../../src/p2p/memory-network.js';
import { createRng } from '../support/rng.js';
import { FUZZ_RUNS, mutate } from '../support/fuzz.js';
import { must, removeTempDirs, tempDir } from './node-fixtures.js';

const nodes: DelegationNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.close()));
  removeTempDirs();
});

const SAMPLE: Invitation = {
  negotiation: 'ab'.repeat(32) as NegotiationId,
  inviter: 'cd'.repeat(16) as PartyId,
  secret: new Uint8Array(32).fill(7),
  expiresAt: 1_800_000_000_000,
  addresses: ['/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWAwHwXgHEz8mxQbars5qZRptsmMr8So7Qq7xFSKELBCwR'],
};

describe('invitation codes', () => {
  it('round-trip, and a changed character, a cut or another version is caught', () => {
    const code = encodeInvitation(SAMPLE);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeInvitation(code)).toEqual({ ok: true, value: SAMPLE });
    const flipped = code.slice(0, 10) + (code[10] === 'A' ? 'B' : 'A') + code.slice(11);
    expect(decodeInvitation(flipped)).toMatchObject({ ok: false, error: expect.stringMatching(/checksum/) });
    expect(decodeInvitation(code.slice(0, 20))).toMatchObject({ ok: false });
    expect(decodeInvitation('not a code!')).toMatchObject({ ok: false, error: expect.stringMatching(/base64url/) });
  });

  it('never throws on mutated codes (seed 41)', () => {
    const rng = createRng(41);
    const bytes = new Uint8Array(Buffer.from(encodeInvitation(SAMPLE), 'base64url'));
    for (let i = 0; i < FUZZ_RUNS; i++) {
      const code = Buffer.from(mutate(bytes, rng)).toString('base64url');
      const decoded = decodeInvitation(code);
      if (decoded.ok) expect(decoded.value.negotiation, `seed 41 run ${i}`).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe('the inviter', () => {
  it('refuses an expired secret, and the invitee refuses an expired code before dialling', async () => {
    const hub = new MemoryHub({ seed: 3 });
    let clock = 1_700_000_000_000;
    const open = async (now: () => number) => {
      const node = await DelegationNode.open({ dataDir: tempDir(), flushDelayMs: 5, now, network: async (seed) => hub.createNetwork({ seed }), invitations: { ttlMs: 60_000 } });
      nodes.push(node);
      return node;
    };
    const inviter = await open(() => clock);
    const invitee = await open(() => 1_700_000_000_000);
    const late = await open(() => 1_700_000_000_000 + 120_000);
    for (const [i, n] of nodes.entries()) await must(n, 'identity.create', { name: `D${i}` });
    const negotiation = (await must(inviter, 'negotiations.create', { title: 'T', parties: [] })).id;
    const { code } = await must(inviter, 'invitations.create', { negotiation });
    expect(await late.call('invitations.join', { code })).toMatchObject({ ok: false, error: { code: 'bad-invitation', message: expect.stringMatching(/expired/) } });
    await must(inviter, 'invitations.create', { negotiation }); // created later: still open, so the gate lets the invitee ask
    clock += 61_000; // the first code's secret has expired at the inviter
    await must(inviter, 'invitations.create', { negotiation });
    const refused = await invitee.call('invitations.join', { code });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invitation-refused', message: expect.stringMatching(/expired/) } });
    expect((await must(inviter, 'negotiations.get', { negotiation })).partyCount).toBe(1);
    expect(await must(inviter, 'adoption.proposals', { negotiation })).toEqual([]);
  });
});

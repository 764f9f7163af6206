/**
 * Catch-up in detail, on the in-memory network: answers come in pages (`more`) that the requester
 * keeps asking for; a proposal too large to gossip reaches the others by catch-up, prompted by a
 * vote for a header they have not seen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { adoptBody } from '../../src/core/ledger/body.js';
import { MemoryHub } from '../../src/p2p/memory-network.js';
import { MAX_GOSSIP_BYTES } from '../../src/p2p/network.js';
import { createRng } from '../support/rng.js';
import { waitFor } from '../support/wait.js';
import { openTreaty, paragraphLength, typeWord } from './room-acceptance.js';
import { converged, holdings, joinRoom, roomNegotiation, type Delegate } from './room-fixtures.js';

describe('negotiation room: catch-up', () => {
  const delegates: Delegate[] = [];
  afterEach(async () => {
    for (const d of delegates.splice(0)) {
      await d.room.stop();
      await d.network.stop();
    }
  });

  it('a late joiner pages through a long history, a few KiB at a time', async () => {
    const hub = new MemoryHub({ seed: 23 });
    const negotiation = roomNegotiation(3);
    const [d0, d1] = [0, 1].map((i) =>
      joinRoom(holdings(negotiation, i), hub.createNetwork({ seed: negotiation.parties[i]!.seed }), { catchUpPageBytes: 4096 }),
    ) as [Delegate, Delegate];
    delegates.push(d0, d1);
    await d0.network.dial(d1.network.addresses()[0]!);
    await waitFor('the room to form', () => d0.network.subscribers(d0.room.topics.draft).length === 1);
    openTreaty(d0);
    await waitFor('the treaty to reach d1', () => paragraphLength(d1) > 0);
    const rng = createRng(0xca7c);
    for (let k = 0; k < 60; k++) {
      typeWord(k % 2 === 0 ? d0 : d1, rng, ` k${k}`);
      await (k % 2 === 0 ? d0 : d1).room.flush();
    }
    await waitFor('the two to converge', () => converged([d0, d1]));

    const late = joinRoom(holdings(negotiation, 2), hub.createNetwork({ seed: negotiation.parties[2]!.seed }), { antiEntropyMs: 0 });
    delegates.push(late);
    await late.network.dial(d0.network.addresses()[0]!);
    await waitFor('the late joiner to catch up', () => converged(delegates));
    const pages = late.events.count((e) => e.type === 'catch-up' && e.phase === 'page' && e.envelopes > 0);
    expect(pages, 'a 4 KiB page holds a dozen keystroke envelopes: several pages').toBeGreaterThan(3);
    expect(late.events.count((e) => e.type === 'catch-up' && e.phase === 'done')).toBeGreaterThan(0);
  });

  it('a proposal too large for gossip reaches the others by catch-up, prompted by a vote for it', async () => {
    const hub = new MemoryHub({ seed: 29 });
    const negotiation = roomNegotiation(3);
    for (let i = 0; i < 3; i++) {
      delegates.push(joinRoom(holdings(negotiation, i), hub.createNetwork({ seed: negotiation.parties[i]!.seed }), { antiEntropyMs: 0 }));
    }
    const [d0, d1, d2] = delegates as [Delegate, Delegate, Delegate];
    for (const [a, b] of [[d0, d1], [d0, d2], [d1, d2]] as const) await a.network.dial(b.network.addresses()[0]!);
    await waitFor('the room to form', () => delegates.every((d) => d.network.subscribers(d.room.topics.ledger).length === 2));
    openTreaty(d0);
    await waitFor('the treaty to spread', () => converged(delegates) && paragraphLength(d2) > 0);

    const big = adoptBody({ title: 'Convention', text: 'Article 1.', yjsState: createRng(3).bytes(MAX_GOSSIP_BYTES + 1000), label: 'Annexes' });
    const proposed = await d0.room.propose(big);
    if (!proposed.ok) throw new Error(proposed.error);
    await hub.idle();
    expect(d1.ledger.tally(proposed.value), 'too large to gossip').toBeUndefined();
    await d0.room.vote(proposed.value);
    await waitFor('the others to fetch the proposal', () => [d1, d2].every((d) => d.ledger.tally(proposed.value) !== undefined));
    await d1.room.vote(proposed.value);
    await waitFor('the adoption to be final everywhere', () => delegates.every((d) => d.ledger.height === 1));
  });
});

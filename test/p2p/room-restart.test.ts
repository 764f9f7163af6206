/**
 * A node restarted from its record: ledger and draft rebuilt from what the sink stored (nothing
 * else survives), a new epoch for its author; it drafts on and converges with the others, and
 * what it had sent before the restart is not sent again under a different content.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryHub } from '../../src/p2p/memory-network.js';
import { createRng } from '../support/rng.js';
import { waitFor } from '../support/wait.js';
import { openTreaty, paragraphLength, typeWord } from './room-acceptance.js';
import { adoption, converged, holdings, joinRoom, reopen, roomNegotiation, type Delegate } from './room-fixtures.js';

describe('negotiation room: restart from the record', () => {
  const delegates: Delegate[] = [];
  afterEach(async () => {
    for (const d of delegates.splice(0)) {
      await d.room.stop();
      await d.network.stop();
    }
  });

  it('a delegation reopened from its stored envelopes and blocks, under a new epoch, drafts on and converges', async () => {
    const hub = new MemoryHub({ seed: 13 });
    const negotiation = roomNegotiation(3);
    const start = (held: ReturnType<typeof holdings>): Delegate => {
      const d = joinRoom(held, hub.createNetwork({ seed: held.party.seed }));
      delegates.push(d);
      return d;
    };
    const [d0, d1, d2] = [0, 1, 2].map((i) => start(holdings(negotiation, i))) as [Delegate, Delegate, Delegate];
    for (const [a, b] of [[d0, d1], [d0, d2], [d1, d2]] as const) await a.network.dial(b.network.addresses()[0]!);
    await waitFor('the room to form', () => delegates.every((d) => d.room.partyPeers().length === 2 && d.network.subscribers(d.room.topics.draft).length === 2));
    openTreaty(d0);
    await waitFor('the treaty to reach everyone', () => delegates.every((d) => paragraphLength(d) > 0));
    const rng = createRng(0x5e57);
    for (let k = 0; k < 6; k++) for (const d of [d0, d1, d2]) typeWord(d, rng, ` r${d.party.index}k${k}`);
    await waitFor('all to converge', () => converged(delegates) && paragraphLength(d0) > 0);
    const proposed = await d2.room.propose(adoption(d2.draft, 'Draft 1'));
    if (!proposed.ok) throw new Error(proposed.error);
    await waitFor('the proposal to spread', () => delegates.every((d) => d.ledger.tally(proposed.value) !== undefined));
    for (const d of delegates) await d.room.vote(proposed.value);
    await waitFor('the adoption to be final', () => delegates.every((d) => d.ledger.height === 1 && d.records.height === 1));

    await d2.room.stop();
    await hub.idle();
    await d2.network.stop();
    delegates.splice(delegates.indexOf(d2), 1);
    const ownBefore = d2.draft.frontierOf(d2.party.spec.id);
    const reopened = await reopen(negotiation, 2, d2.records, 2);
    expect(reopened.draft.frontierOf(d2.party.spec.id)).toBe(ownBefore);
    expect(reopened.ledger.height).toBe(1);

    typeWord(d0, rng, ' meanwhile');
    const back = start(reopened);
    await back.network.dial(d0.network.addresses()[0]!);
    await back.network.dial(d1.network.addresses()[0]!);
    typeWord(back, rng, ' after restart');
    await waitFor('all three to converge again', () => converged(delegates) && delegates.every((d) => d.draft.frontierOf(d2.party.spec.id) === ownBefore + 1));
    expect(delegates.every((d) => d.draft.conflicts().length === 0)).toBe(true);
    expect(back.errors).toEqual([]);
  });
});

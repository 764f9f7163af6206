/**
 * A removal rotates the room key: once the block is final the remaining parties write under the
 * new epoch, refuse writes under the old one (minEpoch), and the gate drops the removed party's
 * peer. Kept connected on purpose here (as if it slipped past a gate), it reads nothing new, and
 * what it still writes under the old key changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { removeBody } from '../../src/core/ledger/body.js';
import { nextRoomKey } from '../../src/core/room/room-key.js';
import { MemoryHub } from '../../src/p2p/memory-network.js';
import { createRng } from '../support/rng.js';
import { waitFor } from '../support/wait.js';
import { openTreaty, paragraphLength, typeWord } from './room-acceptance.js';
import { canonicalHash, converged, holdings, joinRoom, roomNegotiation, twoThirds, type Delegate } from './room-fixtures.js';

describe('negotiation room: removal and key rotation', () => {
  const delegates: Delegate[] = [];
  afterEach(async () => {
    for (const d of delegates.splice(0)) {
      await d.room.stop();
      await d.network.stop();
    }
  });

  for (const keptConnected of [false, true]) {
    it(`the removed party is ${keptConnected ? 'kept connected but reads and writes nothing' : 'dropped by the gate'}; the others go on under the new key`, async () => {
      const hub = new MemoryHub({ seed: 17 });
      const negotiation = roomNegotiation(3, twoThirds);
      const removedPeer = hub.createNetwork({ seed: negotiation.parties[2]!.seed });
      const alsoAdmit = keptConnected ? (peer: string) => peer === removedPeer.peerId : undefined;
      const [d0, d1] = [0, 1].map((i) =>
        joinRoom(holdings(negotiation, i), hub.createNetwork({ seed: negotiation.parties[i]!.seed }), alsoAdmit ? { gate: { alsoAdmit } } : {}),
      ) as [Delegate, Delegate];
      const d2 = joinRoom(holdings(negotiation, 2), removedPeer);
      delegates.push(d0, d1, d2);
      for (const [a, b] of [[d0, d1], [d0, d2], [d1, d2]] as const) await a.network.dial(b.network.addresses()[0]!);
      await waitFor('the room to form', () => delegates.every((d) => d.network.subscribers(d.room.topics.draft).length === 2));
      openTreaty(d0);
      await waitFor('the treaty to reach everyone', () => converged(delegates) && paragraphLength(d2) > 0);

      const remaining = d0.ledger.members().list().filter((p) => p.id !== d2.party.spec.id);
      const body = removeBody(d2.party.spec.id, 'withdrew', nextRoomKey(d0.keyring.current!), remaining, d0.ledger.negotiation);
      if (!body.ok) throw new Error(body.error);
      const proposed = await d0.room.propose(body.value);
      if (!proposed.ok) throw new Error(proposed.error);
      await waitFor('d1 to see the removal', () => d1.ledger.tally(proposed.value) !== undefined);
      for (const d of [d0, d1]) await d.room.vote(proposed.value);
      await waitFor('the removal to be final for the remaining parties', () => d0.ledger.height === 1 && d1.ledger.height === 1);
      expect([d0.keyring.current?.epoch, d1.keyring.current?.epoch]).toEqual([1, 1]);
      expect(d2.keyring.has(1)).toBe(false);

      if (!keptConnected) {
        await waitFor('the gate to drop the removed party', () => !d0.network.connectedPeers().includes(d2.network.peerId) && !d1.network.connectedPeers().includes(d2.network.peerId));
      }
      const frozen = canonicalHash(d2.draft);
      const rng = createRng(0x0e90);
      typeWord(d0, rng, ' after the removal');
      typeWord(d2, rng, ' from outside'); // sealed under epoch 0
      // d2's edit is sealed when its coalescing window closes, a timer that a loaded machine may run
      // after the others have converged: wait for it, then for its delivery to be judged.
      await waitFor("the removed party's write to be sealed", () => d2.draft.frontierOf(d2.party.spec.id) === 1);
      await waitFor('the remaining parties to converge', () => converged([d0, d1]) && canonicalHash(d0.draft) !== frozen);
      await hub.idle();
      expect(canonicalHash(d2.draft)).not.toBe(canonicalHash(d0.draft));
      expect(d0.draft.frontierOf(d2.party.spec.id), 'nothing written after the removal counts').toBe(d2.draft.frontierOf(d2.party.spec.id) - 1);
      if (keptConnected) {
        await waitFor('d0 to have ignored the old-epoch write', () =>
          d0.events.count((e) => e.type === 'rejected-message' && e.peer === d2.network.peerId && e.verdict === 'ignore') > 0,
        );
        expect(d2.events.count((e) => e.type === 'text-changed' && e.origin === 'remote')).toBeGreaterThan(0); // before the removal
        const refused = await d2.room.catchUp(d0.network.peerId);
        expect(refused).toMatchObject({ ok: false, detail: 'refused: not-a-party' });
      }
    });
  }
});

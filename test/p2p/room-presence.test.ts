/**
 * Presence, on the in-memory network with time driven by hand: published on join, on change
 * (throttled) and every 10 s; others' entries expire 30 s after the last one, or at once on
 * 'leaving'; replays and forgeries change nothing. A party that connects or is admitted is
 * greeted at once (rate-limited), not at the next refresh.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { admitBody } from '../../src/core/ledger/body.js';
import { MemoryHub } from '../../src/p2p/memory-network.js';
import { ManualTimers } from '../../src/p2p/room/timers.js';
import { encodePresence, signPresence } from '../../src/p2p/wire/presence.js';
import { waitFor } from '../support/wait.js';
import { consensus, holdings, joinRoom, roomNegotiation, type Delegate } from './room-fixtures.js';
import { RawPeer } from './room-raw-peer.js';

describe('negotiation room: presence', () => {
  const delegates: Delegate[] = [];
  afterEach(async () => {
    for (const d of delegates.splice(0)) {
      await d.room.stop();
      await d.network.stop();
    }
  });

  it('shows who is here and where their cursor is, forgets who left or fell silent, and ignores replays', async () => {
    const hub = new MemoryHub({ seed: 5 });
    const time = new ManualTimers();
    const negotiation = roomNegotiation(4);
    for (let i = 0; i < 3; i++) {
      delegates.push(joinRoom(holdings(negotiation, i), hub.createNetwork({ seed: negotiation.parties[i]!.seed }), { clock: time, timers: time }));
    }
    const [d0, d1, d2] = delegates as [Delegate, Delegate, Delegate];
    for (const [a, b] of [[d0, d1], [d0, d2], [d1, d2]] as const) await a.network.dial(b.network.addresses()[0]!);
    await waitFor('the presence topic to be joined everywhere', () =>
      delegates.every((d) => delegates.every((o) => o === d || d.network.subscribers(d.room.topics.presence).includes(o.network.peerId))),
    );
    time.advance(10_000); // the refresh tick: everyone announces itself
    await waitFor('d0 to see d1 and d2', () => d0.room.presences().size === 2);
    expect(d0.room.presences().get(d1.party.spec.id)?.status).toBe('active');

    d1.room.setPresence({ cursor: { paragraphId: 'p1', index: 4, length: 2 } });
    d1.room.setPresence({ cursor: { paragraphId: 'p1', index: 5, length: 0 }, status: 'idle' }); // within the throttle: one publish
    time.advance(50);
    await waitFor("d0 to see d1's cursor", () => d0.room.presences().get(d1.party.spec.id)?.cursor?.index === 5);
    expect(d0.room.presences().get(d1.party.spec.id)).toMatchObject({ status: 'idle', cursor: { paragraphId: 'p1', index: 5, length: 0 } });
    const cursorEvents = d0.events.count((e) => e.type === 'presence' && e.party === d1.party.spec.id && e.presence?.cursor !== undefined);
    expect(cursorEvents).toBe(1);

    // A party (here: party 3, holding the room key) replays d1's older presence and forges one.
    const mallory = holdings(negotiation, 3);
    const raw = new RawPeer(hub.createNetwork({ seed: mallory.party.seed }), d0.ledger.negotiation, mallory.keyring);
    raw.listen();
    await raw.network.dial(d0.network.addresses()[0]!);
    await waitFor('mallory in the presence topic', () => d0.network.subscribers(d0.room.topics.presence).includes(raw.network.peerId));
    const old = signPresence(d1.party.signer, { negotiation: d0.ledger.negotiation, party: d1.party.spec.id, at: time.now() - 5000, status: 'active' });
    const forged = { ...signPresence(mallory.party.signer, { negotiation: d0.ledger.negotiation, party: mallory.party.spec.id, at: time.now(), status: 'active' }), party: d1.party.spec.id };
    await raw.publishSealed('presence', encodePresence(old));
    await raw.publishSealed('presence', encodePresence(forged));
    await waitFor('d0 to reject the forgery', () => d0.events.count((e) => e.type === 'rejected-message' && e.channel === 'presence' && e.verdict === 'reject') === 1);
    await hub.idle();
    expect(d0.room.presences().get(d1.party.spec.id)?.status).toBe('idle');
    await raw.network.stop();

    await d2.room.stop(); // says goodbye
    delegates.splice(delegates.indexOf(d2), 1);
    await hub.idle(); // let the goodbye leave before the link goes down
    await d2.network.stop();
    await waitFor('d0 to forget d2 at once', () => !d0.room.presences().has(d2.party.spec.id));

    hub.partition([[d0.network], [d1.network]]); // d1 falls silent for d0
    time.advance(29_000);
    expect(d0.room.presences().has(d1.party.spec.id)).toBe(true);
    time.advance(11_000);
    expect(d0.room.presences().has(d1.party.spec.id)).toBe(false);
    expect(d0.events.items.filter((e) => e.type === 'presence' && e.presence === null).map((e) => e.type === 'presence' && e.party)).toEqual([
      d2.party.spec.id,
      d1.party.spec.id,
    ]);
    expect(d0.errors).toEqual([]);
  });

  /** Moves hand-driven time in steps of `stepMs` until `condition` holds; returns the time it took. */
  async function stepUntil(what: string, hub: MemoryHub, time: ManualTimers, condition: () => boolean, limitMs: number, stepMs = 50): Promise<number> {
    const start = time.now();
    for (;;) {
      await hub.idle();
      if (condition()) return time.now() - start;
      if (time.now() - start >= limitMs) throw new Error(`${what}: not within ${limitMs} ms of room time`);
      time.advance(stepMs);
    }
  }

  const presencesFrom = (d: Delegate, from: Delegate) => d.events.count((e) => e.type === 'presence' && e.party === from.party.spec.id && e.presence !== null);

  it('greets parties that connect at once, not at the next refresh, and at most once a second however many arrive', async () => {
    const hub = new MemoryHub({ seed: 6 });
    const time = new ManualTimers();
    const negotiation = roomNegotiation(5);
    for (let i = 0; i < 5; i++) {
      delegates.push(joinRoom(holdings(negotiation, i), hub.createNetwork({ seed: negotiation.parties[i]!.seed }), { clock: time, timers: time, antiEntropyMs: 0 }));
    }
    const [hubParty, ...others] = delegates as [Delegate, ...Delegate[]];
    await hub.idle(); // everyone's first presence went out to no one
    for (const d of others) await d.network.dial(hubParty.network.addresses()[0]!); // four arrive at once
    const seesAll = () => delegates.every((d) => d.room.presences().size === 4);
    const took = await stepUntil('everyone to see everyone', hub, time, seesAll, 9_000);
    expect(took).toBeLessThan(3_000); // a refresh would take 10 s
    // The party they all connected to greeted them in at most one publish per second.
    for (const d of others) expect(presencesFrom(d, hubParty)).toBeLessThanOrEqual(Math.floor(took / 1_000) + 1);
    expect(delegates.flatMap((d) => d.errors)).toEqual([]);
  });

  it('greets a newly admitted party, which greets back: each sees the other at once', async () => {
    const hub = new MemoryHub({ seed: 7 });
    const time = new ManualTimers();
    const negotiation = roomNegotiation(2, consensus);
    const newcomerNetwork = hub.createNetwork({ seed: roomNegotiation(3).parties[2]!.seed });
    const tuning = { clock: time, timers: time, antiEntropyMs: 0, behindDelayMs: 50 };
    const [d0, d1] = [0, 1].map((i) =>
      joinRoom(holdings(negotiation, i), hub.createNetwork({ seed: negotiation.parties[i]!.seed }), { ...tuning, gate: { alsoAdmit: (peer) => peer === newcomerNetwork.peerId } }),
    ) as [Delegate, Delegate];
    const newcomer = joinRoom(holdings(negotiation, 2), newcomerNetwork, tuning); // not a party yet: holds no room key
    delegates.push(d0, d1, newcomer);
    await d0.network.dial(d1.network.addresses()[0]!);
    await newcomer.network.dial(d0.network.addresses()[0]!);
    await stepUntil('the parties to see each other', hub, time, () => d0.room.presences().size === 1 && d1.room.presences().size === 1, 3_000);
    expect(newcomer.room.presences().size).toBe(0);

    const body = admitBody(newcomer.party.spec, d0.keyring.current!, d0.ledger.negotiation);
    if (!body.ok) throw new Error(body.error);
    const proposed = await d0.room.propose(body.value);
    if (!proposed.ok) throw new Error(proposed.error);
    await stepUntil('d1 to see the proposal', hub, time, () => d1.ledger.tally(proposed.value) !== undefined, 3_000);
    await d1.room.vote(proposed.value);
    await d0.room.vote(proposed.value);
    await stepUntil('the admission to be final everywhere', hub, time, () => [d0, d1, newcomer].every((d) => d.ledger.height === 1), 3_000);
    const took = await stepUntil(
      'the newcomer and the parties to see each other',
      hub,
      time,
      () => newcomer.room.presences().size === 2 && d0.room.presences().has(newcomer.party.spec.id) && d1.room.presences().has(newcomer.party.spec.id),
      9_000,
    );
    expect(took).toBeLessThan(3_000); // a refresh would take 10 s
    expect(delegates.flatMap((d) => d.errors)).toEqual([]);
  });
});

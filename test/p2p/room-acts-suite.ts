/**
 * Acts in the room, run on every adapter (room-acts-memory.test.ts, room-acts-libp2p.test.ts):
 * honest delegations adopt a text, then sign and ratify it; a delegation that joins late catches
 * every act up and derives the same treaty; a hostile party's forged acts are rejected at every
 * node (and cost it its gossip score where the adapter scores), its withheld act leaves a gap every
 * node shows, and its two acts under one number are evidence at every node.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NO_PREVIOUS, actHashOf, encodeAct, signAct, type Act, type ActPayload } from '../../src/core/acts/act.js';
import { dayOf, type Day } from '../../src/core/acts/day.js';
import { verifyActEquivocation } from '../../src/core/acts/evidence.js';
import { deriveTreatyState, type TreatyState } from '../../src/core/acts/treaty-state.js';
import { toHex, utf8 } from '../../src/core/bytes.js';
import { negotiationIdFromBytes, type PartyId } from '../../src/core/identity.js';
import { negotiationIdOf } from '../../src/core/charter.js';
import type { PeerId, PeerNetwork } from '../../src/p2p/network.js';
import { encodeActsMessage } from '../../src/p2p/wire/acts.js';
import { repeatUntil, waitFor } from '../support/wait.js';
import type { RoomAdapter } from './room-acceptance.js';
import { holdings, joinRoom, roomNegotiation, scheme, textBodyOf, type Delegate, type Party, type RoomNegotiation } from './room-fixtures.js';
import { RawPeer } from './room-raw-peer.js';

export interface ActsAdapter extends RoomAdapter {
  /** The network's gossipsub score of `peer`, where the adapter has scoring. */
  scoreOf?(network: PeerNetwork, peer: PeerId): number;
}

const day = (y: number, m: number, d: number): Day => dayOf({ year: y, month: m, day: d })!;
const stateOf = (d: Delegate): TreatyState => deriveTreatyState(d.room.acts.treatyView(), d.room.acts.all().map((k) => k.act), scheme, { asOf: day(2030, 1, 1) });
/** Bytes as hex, so states compare alike whether a transport handed over Buffers or Uint8Arrays. */
const plain = (value: unknown): unknown =>
  value instanceof Uint8Array ? toHex(value) : Array.isArray(value) ? value.map(plain) : typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)])) : value;
const sameState = (a: Delegate, b: Delegate): void => expect(plain(stateOf(a))).toEqual(plain(stateOf(b)));
const rejectedActs = (d: Delegate, peer: PeerId): number => d.events.count((e) => e.type === 'rejected-message' && e.peer === peer && e.channel === 'acts' && e.verdict === 'reject');

/** An act of `who` on `block` following `after` (its party's previous act), signed. */
function actOf(negotiation: RoomNegotiation, who: Party, block: Uint8Array, seq: number, after: Act | undefined, payload: ActPayload, date: Day): Act {
  const unsigned = { negotiation: negotiationIdOf(negotiation.genesis.charter), party: who.spec.id, seq, previous: after ? actHashOf(after) : NO_PREVIOUS, block, date, ...payload };
  return signAct(who.signer, unsigned as Act);
}

export function runRoomActs(make: () => ActsAdapter): void {
  const adapter = make();
  const timeout = { timeoutMs: adapter.timeoutMs };
  const delegates: Delegate[] = [];
  const networks: PeerNetwork[] = [];

  afterEach(async () => {
    for (const d of delegates.splice(0)) await d.room.stop();
    await Promise.all(networks.splice(0).map((n) => n.stop()));
  });

  async function network(seed: Uint8Array): Promise<PeerNetwork> {
    const n = await adapter.network(seed);
    networks.push(n);
    return n;
  }

  async function join(negotiation: RoomNegotiation, index: number): Promise<Delegate> {
    const d = joinRoom(holdings(negotiation, index), await network(negotiation.parties[index]!.seed), { ...adapter.tuning });
    delegates.push(d);
    return d;
  }

  async function mesh(nodes: readonly Delegate[]): Promise<void> {
    for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) await adapter.connect(nodes[i]!.network, nodes[j]!.network);
    await waitFor('everyone to see everyone on the acts topic', () => nodes.every((d) => nodes.every((o) => o === d || d.network.subscribers(d.room.topics.acts).includes(o.network.peerId))), timeout);
  }

  /** Parties 0..honest-1 of an n-party charter in a mesh, with a text adopted by them: its block hash. */
  async function adopted(n: number, honest: number) {
    const negotiation = roomNegotiation(n);
    const nodes: Delegate[] = [];
    for (let i = 0; i < honest; i++) nodes.push(await join(negotiation, i));
    await mesh(nodes);
    const proposed = await nodes[0]!.room.propose(textBodyOf('Article 1. The Parties shall share the waters.', 'Final text'));
    if (!proposed.ok) throw new Error(proposed.error);
    await waitFor('every node to see the proposal', () => nodes.every((d) => d.ledger.tally(proposed.value) !== undefined), timeout);
    for (const d of nodes) await d.room.vote(proposed.value);
    await waitFor('the text to be adopted everywhere', () => nodes.every((d) => d.ledger.height === 1), timeout);
    return { negotiation, nodes, block: proposed.value };
  }

  /** What the node does: sign the next act, check it, store it, send it. */
  async function perform(d: Delegate, negotiation: RoomNegotiation, block: Uint8Array, payload: ActPayload, date: Day): Promise<Act> {
    const chain = d.room.acts.chainOf(d.party.spec.id);
    const act = actOf(negotiation, d.party, block, chain.length, chain.at(-1), payload, date);
    const intake = d.room.acts.receive(act);
    if (intake.kind !== 'accepted') throw new Error(`own act not accepted: ${JSON.stringify(intake)}`);
    for (const kept of intake.kept) d.records.keepAct(kept);
    await d.room.publishAct(encodeAct(act));
    return act;
  }

  async function hostile(negotiation: RoomNegotiation, index: number, connectTo: readonly Delegate[]): Promise<RawPeer> {
    const held = holdings(negotiation, index);
    const raw = new RawPeer(await network(held.party.seed), held.ledger.negotiation, held.keyring);
    raw.listen();
    for (const d of connectTo) await adapter.connect(raw.network, d.network);
    await waitFor('the hostile party to be on the acts topic', () => connectTo.every((d) => d.network.subscribers(d.room.topics.acts).includes(raw.network.peerId)), timeout);
    return raw;
  }

  const sendAct = (raw: RawPeer, act: Act | Uint8Array): Promise<void> =>
    raw.publishSealed('acts', encodeActsMessage({ kind: 'act', act: act instanceof Uint8Array ? act : encodeAct(act) }));

  describe(`acts in the room over ${adapter.name}`, () => {
    it('acts reach every party; a party that was away catches every act up and derives the same treaty', async () => {
      const { negotiation, nodes, block } = await adopted(3, 2);
      const [d0, d1] = nodes as [Delegate, Delegate];
      const sign0 = await perform(d0, negotiation, block, { kind: 'definitive-signature' }, day(2027, 1, 10));
      await perform(d0, negotiation, block, { kind: 'reservation', ref: actHashOf(sign0), text: 'Article 1 applies to rivers only.' }, day(2027, 1, 10));
      await perform(d0, negotiation, block, { kind: 'consent', instrument: 'ratification' }, day(2027, 2, 1));
      await waitFor('d1 to hold d0’s three acts', () => d1.room.acts.chainOf(d0.party.spec.id).length === 3, timeout);
      await perform(d1, negotiation, block, { kind: 'definitive-signature' }, day(2027, 1, 11));
      await perform(d1, negotiation, block, { kind: 'consent', instrument: 'ratification' }, day(2027, 2, 12));
      await waitFor('d0 to hold d1’s acts', () => d0.room.acts.chainOf(d1.party.spec.id).length === 2, timeout);
      expect(d1.events.count((e) => e.type === 'act' && e.status === 'accepted' && e.from === d0.network.peerId)).toBe(3);

      const late = await join(negotiation, 2);
      await mesh([d0, d1, late]);
      await waitFor('the late party to catch up the block and every act', () => late.ledger.height === 1 && late.room.acts.all().length === 5, timeout);
      sameState(late, d0);
      expect(stateOf(late).versions[0]).toMatchObject({ status: 'awaiting-entry-into-force', consents: 2 });
      await perform(late, negotiation, block, { kind: 'consent', instrument: 'accession' }, day(2027, 3, 1));
      await waitFor('everyone to derive the treaty in force', () => [d0, d1, late].every((d) => stateOf(d).versions[0]?.status === 'in-force'), timeout);
      for (const d of [d1, late]) sameState(d, d0);
      expect(await late.records.acts(d0.party.spec.id, 0, 10)).toHaveLength(3); // stored, so served on
      expect([d0, d1, late].every((d) => d.errors.length === 0)).toBe(true);
    });

    it('forged and rule-breaking acts are rejected at every node, and cost their sender', async () => {
      const { negotiation, nodes, block } = await adopted(4, 3);
      const raw = await hostile(negotiation, 3, nodes);
      const mallory = negotiation.parties[3]!;
      const [d0] = nodes as [Delegate, Delegate, Delegate];
      const inD0sName = { ...actOf(negotiation, d0.party, block, 0, undefined, { kind: 'consent', instrument: 'ratification' }, day(2027, 1, 1)) };
      const forgedSignature = { ...inD0sName, signature: actOf(negotiation, mallory, block, 0, undefined, { kind: 'consent', instrument: 'ratification' }, day(2027, 1, 1)).signature };
      const elsewhere = { ...actOf(negotiation, mallory, block, 0, undefined, { kind: 'definitive-signature' }, day(2027, 1, 1)), negotiation: negotiationIdFromBytes(new Uint8Array(32).fill(9)) };
      const resigned = signAct(mallory.signer, elsewhere);
      const ratifyUnsigned = actOf(negotiation, mallory, block, 0, undefined, { kind: 'consent', instrument: 'ratification' }, day(2027, 1, 1)); // no signature first
      await sendAct(raw, forgedSignature);
      await sendAct(raw, resigned);
      await sendAct(raw, ratifyUnsigned);
      await sendAct(raw, utf8('not an act at all'));
      for (const d of nodes) await waitFor(`${d.party.spec.name} to reject the four`, () => rejectedActs(d, raw.network.peerId) >= 4, timeout);
      for (const d of nodes) expect(d.room.acts.all()).toEqual([]);
      if (adapter.scoreOf !== undefined) {
        const scoreOf = adapter.scoreOf;
        await repeatUntil('the forger to score below zero at d0', () => sendAct(raw, forgedSignature), () => scoreOf(d0.network, raw.network.peerId) < 0, timeout);
      }
      expect(nodes.every((d) => d.errors.length === 0)).toBe(true);
    });

    it('a withheld act leaves a gap every node shows; its later act counts once the gap is filled', async () => {
      const { negotiation, nodes, block } = await adopted(4, 3);
      const raw = await hostile(negotiation, 3, [nodes[0]!]);
      const mallory = negotiation.parties[3]!;
      const sign = actOf(negotiation, mallory, block, 0, undefined, { kind: 'definitive-signature' }, day(2027, 1, 5));
      const ratify = actOf(negotiation, mallory, block, 1, sign, { kind: 'consent', instrument: 'ratification' }, day(2027, 2, 5));
      await sendAct(raw, ratify); // act 0 withheld
      const gap = { party: mallory.spec.id as PartyId, missingSeq: 0, heldBeyond: 1 };
      await waitFor('every node to hold the later act and show the gap', () => nodes.every((d) => d.room.acts.status(actHashOf(ratify)) === 'held' && stateOf(d).gaps.length === 1), timeout);
      for (const d of nodes) {
        expect(stateOf(d).gaps).toEqual([gap]);
        expect(stateOf(d).versions[0]!.consents).toBe(0);
      }
      await sendAct(raw, sign);
      await waitFor('every node to count both', () => nodes.every((d) => d.room.acts.chainOf(mallory.spec.id).length === 2), timeout);
      for (const d of nodes) expect(stateOf(d)).toMatchObject({ gaps: [], versions: [{ consents: 1 }] });
    });

    it('two acts under one number are evidence at every node, by forwarding and catch-up', async () => {
      const { negotiation, nodes, block } = await adopted(4, 3);
      const [d0, d1, d2] = nodes as [Delegate, Delegate, Delegate];
      const raw = await hostile(negotiation, 3, [d2]); // d0 and d1 get its acts only as forwarded by d2
      const mallory = negotiation.parties[3]!;
      const first = actOf(negotiation, mallory, block, 0, undefined, { kind: 'definitive-signature' }, day(2027, 1, 5));
      const second = actOf(negotiation, mallory, block, 0, undefined, { kind: 'signature-ad-referendum' }, day(2027, 1, 6));
      await sendAct(raw, first);
      await sendAct(raw, second);
      await waitFor('every node to hold the fork', () => nodes.every((d) => d.room.acts.forks().length === 1), timeout);
      for (const d of nodes) {
        const [fork] = d.room.acts.forks();
        expect(verifyActEquivocation(fork!.evidence, mallory.spec.publicKey, scheme)).toEqual({ ok: true, value: mallory.spec.id });
        expect(stateOf(d).forks).toHaveLength(1);
        expect(d.events.count((e) => e.type === 'act' && e.status === 'fork')).toBe(1);
      }
      // Both acts are in every record, so a party that joins later receives the proof too.
      expect((await d0.records.acts(mallory.spec.id, 0, 10)).length).toBe(2);
      expect((await d1.records.acts(mallory.spec.id, 0, 10)).length).toBe(2);
    });
  });
}

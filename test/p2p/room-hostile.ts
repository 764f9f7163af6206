/**
 * Hostile peers against the room, run on every adapter: an outsider subscribed to the topics, a
 * party forging, replaying, equivocating, sending garbage, lying in catch-up answers. Honest
 * delegations must read on, converge, and expose what is provable.
 */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { deriveClientId, encodeEnvelope, envelopeSigningBytes, sealEnvelope, type EnvelopeFields } from '../../src/core/draft/envelope.js';
import { insertText } from '../../src/core/draft/treaty-ops.js';
import { negotiationIdFromBytes } from '../../src/core/identity.js';
import { encodeBlock } from '../../src/core/ledger/block.js';
import { NIL, signVote } from '../../src/core/ledger/vote.js';
import { RoomKeyring } from '../../src/core/room/keyring.js';
import { openPayload } from '../../src/core/room/payload.js';
import { createRoomKey } from '../../src/core/room/room-key.js';
import { MAX_GOSSIP_BYTES, type PeerId, type PeerNetwork } from '../../src/p2p/network.js';
import { peerIdOfSeed } from '../../src/p2p/peer-id.js';
import { CATCH_UP_PROTOCOL } from '../../src/p2p/room/topics.js';
import { encodeCatchUpRequest, encodeCatchUpResponse, decodeCatchUpResponse } from '../../src/p2p/wire/catch-up.js';
import { encodeDraftMessage } from '../../src/p2p/wire/draft-message.js';
import { encodeLedgerMessage } from '../../src/p2p/wire/ledger-message.js';
import { createRng } from '../support/rng.js';
import { repeatUntil, waitFor } from '../support/wait.js';
import { openTreaty, paragraphLength, typeWord, type RoomAdapter } from './room-acceptance.js';
import { canonicalHash, converged, holdings, joinRoom, party, roomNegotiation, textBodyOf, type Delegate, type RoomTuning } from './room-fixtures.js';
import { RawPeer } from './room-raw-peer.js';

export interface HostileAdapter extends RoomAdapter {
  /** The network's gossipsub score of `peer`, where the adapter has scoring. */
  scoreOf?(network: PeerNetwork, peer: PeerId): number;
  /** Raw bytes onto a request protocol, unframed; the raw reply. */
  sendRaw(from: PeerNetwork, to: PeerId, protocol: string, bytes: Uint8Array): Promise<Uint8Array | undefined>;
}

const rejectedFrom = (d: Delegate, peer: PeerId, channel: string, verdict = 'reject'): number =>
  d.events.count((e) => e.type === 'rejected-message' && e.peer === peer && e.channel === channel && e.verdict === verdict);

export function runRoomHostile(make: () => HostileAdapter): void {
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

  /** Parties 0..honest-1 of an n-party charter join and connect in a full mesh; the treaty is opened. */
  async function honestRoom(n: number, honest: number, tuning: RoomTuning = {}) {
    const negotiation = roomNegotiation(n);
    const started: Delegate[] = [];
    for (let i = 0; i < honest; i++) {
      const d = joinRoom(holdings(negotiation, i), await network(negotiation.parties[i]!.seed), { ...adapter.tuning, ...tuning });
      delegates.push(d);
      started.push(d);
    }
    for (let i = 0; i < honest; i++) for (let j = i + 1; j < honest; j++) await adapter.connect(started[i]!.network, started[j]!.network);
    await waitFor('the honest delegations to see each other in the room', () =>
      started.every((d) => started.every((o) => o === d || d.network.subscribers(d.room.topics.draft).includes(o.network.peerId))),
      timeout,
    );
    openTreaty(started[0]!);
    await waitFor('the treaty to reach everyone', () => started.every((d) => paragraphLength(d) > 0) && converged(started), timeout);
    return { negotiation, honest: started };
  }

  /** A party of the charter that runs no room: it writes what the test tells it to. */
  async function hostileParty(negotiation: ReturnType<typeof roomNegotiation>, index: number, connectTo: readonly Delegate[]): Promise<RawPeer> {
    const held = holdings(negotiation, index);
    const raw = new RawPeer(await network(held.party.seed), held.ledger.negotiation, held.keyring);
    raw.listen();
    for (const d of connectTo) await adapter.connect(raw.network, d.network);
    await waitFor('the hostile party to be in the mesh', () => connectTo.every((d) => d.network.subscribers(d.room.topics.draft).includes(raw.network.peerId)), timeout);
    return raw;
  }

  describe(`negotiation room against hostile peers over ${adapter.name}`, () => {
    it('a non-party subscribed to the topics reads nothing, and everything it writes is rejected', async () => {
      const outsider = party(9);
      const outsiderPeer = peerIdOfSeed(outsider.seed);
      const { negotiation, honest } = await honestRoom(3, 3, { gate: { alsoAdmit: (peer) => peer === outsiderPeer } });
      const [d0, d1] = honest as [Delegate, Delegate, Delegate];
      const spy = new RawPeer(await network(outsider.seed), d0.ledger.negotiation, new RoomKeyring([createRoomKey(0)]));
      spy.listen();
      await adapter.connect(spy.network, d0.network);
      await waitFor('the outsider to be subscribed at d0', () => d0.network.subscribers(d0.room.topics.draft).includes(spy.network.peerId), timeout);

      typeWord(d1, createRng(1), ' secretclause');
      d1.room.setPresence({ cursor: { paragraphId: 'p1', index: 3, length: 0 } });
      await waitFor('the outsider to receive the room traffic', () => spy.received.some((m) => m.topic === spy.topics.draft), timeout);
      await waitFor('d0 to hold the secret clause', () => converged(honest), timeout);
      for (const m of spy.received) {
        expect(openPayload(new RoomKeyring([createRoomKey(0)]), { negotiation: spy.negotiation, topic: m.topic, bytes: m.data }).ok).toBe(false);
        expect(Buffer.from(m.data).includes(Buffer.from('secretclause'))).toBe(false);
      }

      const before = canonicalHash(d0.draft);
      const forged = forgedEnvelope(negotiation.parties[0]!.spec.id, spy.negotiation);
      for (const channel of ['draft', 'ledger', 'presence'] as const) {
        await spy.publishSealed(channel, channel === 'draft' ? encodeDraftMessage({ kind: 'envelope', envelope: forged }) : utf8('let me in'));
        await spy.publishRaw(channel, createRng(channel.length).bytes(300));
      }
      await waitFor('d0 to reject the outsider on every topic', () => (['draft', 'ledger', 'presence'] as const).every((c) => rejectedFrom(d0, spy.network.peerId, c) >= 2), timeout);
      if (adapter.scoreOf !== undefined) {
        const scoreOf = adapter.scoreOf;
        let k = 0;
        await repeatUntil('the outsider to score below zero at d0', () => spy.publishRaw('draft', createRng(100 + k++).bytes(64)), () => scoreOf(d0.network, spy.network.peerId) < 0, timeout);
      }
      expect(canonicalHash(d0.draft)).toBe(before);
      expect(honest.every((d) => d.errors.length === 0)).toBe(true);
    });

    it('the gate keeps the peer of a non-party out of the room', async () => {
      const { honest } = await honestRoom(3, 2);
      const stranger = await network(party(10).seed);
      const dialed = await stranger.dial(honest[0]!.network.addresses()[0]!);
      expect(dialed.ok ? 'connected' : dialed.error.code).toBe('refused');
      expect(honest[0]!.network.connectedPeers()).not.toContain(stranger.peerId);
    });

    it('a party forging, tampering or replaying envelopes is rejected or ignored; two envelopes under one seq are exposed everywhere', async () => {
      const { negotiation, honest } = await honestRoom(4, 3);
      const [d0, d1, d2] = honest as [Delegate, Delegate, Delegate];
      typeWord(d0, createRng(2), ' agreed');
      await waitFor('the keystroke to spread', () => converged(honest) && d0.records.envelopeCount === 2, timeout);
      const hostile = await hostileParty(negotiation, 3, [d0, d1]);
      const mallory = negotiation.parties[3]!;
      const [genuine] = await d0.records.envelopes(d0.party.spec.id, 1, 1);
      const send = (envelope: Uint8Array): Promise<void> => hostile.publishSealed('draft', encodeDraftMessage({ kind: 'envelope', envelope }));
      const before = canonicalHash(d0.draft);

      await send(genuine!.bytes); // replay: a duplicate, ignored
      await send(forgedEnvelope(d0.party.spec.id, d0.ledger.negotiation, (m) => mallory.signer.sign(m))); // d0's name, mallory's signature
      const tampered = genuine!.bytes.slice();
      tampered[tampered.length - 70] = tampered[tampered.length - 70]! ^ 1; // inside the update
      await send(tampered);
      const elsewhere = negotiationIdFromBytes(new Uint8Array(32).fill(7));
      await send(forgedEnvelope(mallory.spec.id, elsewhere, (m) => mallory.signer.sign(m)));
      for (const d of [d0, d1]) {
        await waitFor(`${d.party.spec.name} to reject the forgeries`, () => rejectedFrom(d, hostile.network.peerId, 'draft') >= 3, timeout);
      }
      expect(canonicalHash(d0.draft)).toBe(before);

      // Mallory signs two different edits as its seq 1.
      const [first, second] = ['[alpha]', '[beta]'].map((word) => ownEdit(d0, mallory, word));
      await send(first!);
      await send(second!);
      await waitFor('every honest node to hold the proof of the double seq', () => honest.every((d) => d.events.count((e) => e.type === 'draft-conflict') === 1), timeout);
      await waitFor('the honest nodes to converge', () => converged(honest), timeout);
      expect(d2.draft.conflicts()[0]).toMatchObject({ kind: 'seq', author: mallory.spec.id, seq: 1 });
      expect(honest.every((d) => d.errors.length === 0)).toBe(true);
    });

    it('an equivocating voter is exposed at every node, and the decision is still reached', async () => {
      const { negotiation, honest } = await honestRoom(4, 3);
      const [d0, d1, d2] = honest as [Delegate, Delegate, Delegate];
      const hostile = await hostileParty(negotiation, 3, [d2]); // its votes reach d0 and d1 only by forwarding
      const proposed = await d0.room.propose(textBodyOf('Article 1. The Parties shall cooperate.'));
      if (!proposed.ok) throw new Error(proposed.error);
      await waitFor('everyone to see the proposal', () => honest.every((d) => d.ledger.tally(proposed.value) !== undefined), timeout);
      const mallory = negotiation.parties[3]!;
      for (const target of [proposed.value, NIL]) {
        await hostile.publishSealed('ledger', encodeLedgerMessage({ kind: 'vote', vote: signVote(mallory.signer, d0.ledger.negotiation, 1, 0, target) }));
      }
      await waitFor('every honest node to hold the evidence', () => honest.every((d) => d.ledger.evidence().some((e) => e.first.party === mallory.spec.id)), timeout);
      for (const d of honest) expect(d.events.count((e) => e.type === 'equivocation' && e.evidence.first.party === mallory.spec.id)).toBe(1);
      for (const d of [d1, d2]) {
        const voted = await d.room.vote(proposed.value);
        if (!voted.ok && d.ledger.height === 0) throw new Error(voted.error);
      }
      await d0.room.vote(proposed.value);
      await waitFor('the decision to be final everywhere', () => honest.every((d) => d.ledger.height === 1), timeout);
      await waitFor('the evidence to be stored', () => honest.every((d) => d.records.evidence.length >= 1), timeout);
    });

    it('garbage, oversized payloads and lying catch-up answers crash nothing', async () => {
      const { negotiation, honest } = await honestRoom(4, 3);
      const [d0] = honest as [Delegate, Delegate, Delegate];
      const hostile = await hostileParty(negotiation, 3, [d0]);
      const rng = createRng(0x6a7b);
      for (const channel of ['draft', 'ledger', 'presence'] as const) {
        await hostile.publishSealed(channel, rng.bytes(1 + rng.int(2000)));
        await hostile.publishSealed(channel, new Uint8Array(0));
        await hostile.publishRaw(channel, rng.bytes(1 + rng.int(2000)));
        await hostile.publishSealed(channel, rng.bytes(700 * 1024));
      }
      const sealedHuge = await hostile.network.publish(hostile.topics.draft, new Uint8Array(MAX_GOSSIP_BYTES + 1));
      expect(sealedHuge.ok ? 'sent' : sealedHuge.error.code).toBe('too-large');
      // Unsealed bytes and empty plaintexts are provably bad; sealed noise reads as an unknown
      // message kind (perhaps a newer version's) and is ignored.
      const from = (verdict: string): number => d0.events.count((e) => e.type === 'rejected-message' && e.peer === hostile.network.peerId && e.verdict === verdict);
      await waitFor('d0 to refuse all the garbage', () => from('reject') >= 6 && from('ignore') >= 6, timeout);

      // Catch-up requests: garbage frames, a huge announced length, another negotiation.
      for (const bytes of [rng.bytes(50), Uint8Array.of(0xff, 0xff, 0xff, 0xff), new Uint8Array(0)]) {
        const reply = await adapter.sendRaw(hostile.network, d0.network.peerId, CATCH_UP_PROTOCOL, bytes);
        expect(reply === undefined || reply[0] !== 0, 'a garbage request never gets an ok answer').toBe(true);
      }
      const other = encodeCatchUpRequest({ negotiation: negotiationIdFromBytes(new Uint8Array(32).fill(1)), height: 0, frontier: new Map(), wanted: [] });
      const refused = await hostile.network.request(d0.network.peerId, CATCH_UP_PROTOCOL, other);
      expect(refused.ok && decodeCatchUpResponse(refused.value)).toEqual({ kind: 'refused', reason: 'unknown-negotiation' });

      // A catch-up answer full of lies.
      const lie = textBodyOf('Forged text');
      hostile.network.serve(CATCH_UP_PROTOCOL, async () =>
        encodeCatchUpResponse({
          kind: 'page',
          more: true,
          envelopes: [forgedEnvelope(d0.party.spec.id, d0.ledger.negotiation, (m) => negotiation.parties[3]!.signer.sign(m)), rng.bytes(90)],
          blocks: [encodeBlock({ header: { ...fakeHeader(d0), bodyHash: new Uint8Array(32) }, body: lie, votes: [], roundChanges: [] })],
          pending: [rng.bytes(40)],
        }),
      );
      const before = canonicalHash(d0.draft);
      const summary = await d0.room.catchUp(hostile.network.peerId);
      expect(summary.ok).toBe(false);
      expect(rejectedFrom(d0, hostile.network.peerId, 'catch-up')).toBeGreaterThan(0);
      expect(d0.ledger.height).toBe(0);
      expect(canonicalHash(d0.draft)).toBe(before);

      typeWord(honest[1]!, rng, ' still standing');
      await waitFor('the honest nodes to draft on and converge', () => converged(honest) && canonicalHash(d0.draft) !== before, timeout);
      expect(honest.every((d) => d.errors.length === 0)).toBe(true);
    });
  });
}

/** An envelope for `author`, signed by `sign` (a forgery unless it is the author's key). */
function forgedEnvelope(author: EnvelopeFields['author'], negotiation: EnvelopeFields['negotiation'], sign?: (message: Uint8Array) => Uint8Array): Uint8Array {
  const fields: EnvelopeFields = { negotiation, author, seq: 1, epoch: 5, clientId: deriveClientId(author, 5), update: Uint8Array.of(0, 0) };
  const signature = sign?.(envelopeSigningBytes(fields)) ?? new Uint8Array(64).fill(3);
  return encodeEnvelope({ ...fields, signature });
}

/** A genuine envelope of `by`, seq 1: `word` typed into the paragraph of `like`'s document. */
function ownEdit(like: Delegate, by: ReturnType<typeof party>, word: string): Uint8Array {
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(like.draft.doc));
  const epoch = 3;
  doc.clientID = deriveClientId(by.spec.id, epoch);
  const before = Y.encodeStateVector(doc);
  const typed = insertText(doc, { kind: 'paragraph', paragraphId: 'p1' }, 0, word);
  if (!typed.ok) throw new Error(typed.error.message);
  const update = Y.encodeStateAsUpdate(doc, before);
  const envelope = sealEnvelope(by.signer, { negotiation: like.ledger.negotiation, author: by.spec.id, seq: 1, epoch, clientId: doc.clientID, update });
  return encodeEnvelope(envelope);
}

function fakeHeader(d: Delegate) {
  return {
    negotiation: d.ledger.negotiation,
    height: 1,
    round: 0,
    prevHash: d.ledger.tip.hash,
    kind: 'adopt' as const,
    bodyHash: new Uint8Array(32),
    proposer: d.party.spec.id,
    proposedAt: 1,
  };
}

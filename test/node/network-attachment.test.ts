/**
 * The seam where the network attaches: the node hands each negotiation's parts to `connect` and
 * from then on drives flushing and the ledger through what it returns; reports become events.
 * At compile time, the p2p room's record interfaces and methods fit the seam's shapes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PartyId } from '../../src/core/identity.js';
import type { NegotiationRoom } from '../../src/p2p/negotiation-room.js';
import type { RecordSource, RoomSink } from '../../src/p2p/room/records.js';
import type { NodeEvent } from '../../src/node/api.js';
import type { NetworkAttachment, SessionParts, SessionRecords, SessionSink } from '../../src/node/network-attachment.js';
import { OfflineRoom } from '../../src/node/offline-room.js';
import { Recorder } from '../support/wait.js';
import { draftingAlone, must, openNode, removeTempDirs, tempDir } from './node-fixtures.js';

// Compile-time: the node's record source and sink serve as the room's, and the room's methods
// are the attachment's (presence is adapted: the room speaks in signed presences).
export const recordsFit = (records: SessionRecords): RecordSource => records;
export const sinkFits = (sink: SessionSink): RoomSink => sink;
export const roomFits = (room: NegotiationRoom): Omit<NetworkAttachment, 'setCursor' | 'presences'> => room;

afterEach(removeTempDirs);

/** An attachment that records what the node asks of it, doing the work through an OfflineRoom. */
class RecordingAttachment implements NetworkAttachment {
  readonly calls: string[] = [];
  cursor: unknown;
  private readonly inner: OfflineRoom;
  constructor(readonly parts: SessionParts) {
    this.inner = new OfflineRoom(parts, { flushDelayMs: 0, now: () => 1_700_000_000_000 });
  }
  flush = () => (this.calls.push('flush'), this.inner.flush());
  propose: NetworkAttachment['propose'] = (body) => (this.calls.push(`propose ${body.kind}`), this.inner.propose(body));
  vote: NetworkAttachment['vote'] = (hash) => (this.calls.push('vote'), this.inner.vote(hash));
  decline: NetworkAttachment['decline'] = (round) => (this.calls.push(`decline ${round}`), this.inner.decline(round));
  setCursor = (cursor: unknown) => {
    this.cursor = cursor;
  };
  presences = () => [{ party: this.parts.signer.party, cursor: null, seenAt: 5 }];
  partyPeers = () => ['12D3KooWpeer'];
  stop = () => (this.calls.push('stop'), this.inner.stop());
}

describe('the network attachment seam', () => {
  it('gives connect the parts of every negotiation and drives everything through the attachment', async () => {
    const attached: RecordingAttachment[] = [];
    const dir = tempDir();
    const node = await openNode(dir, { connect: (parts) => attached[attached.push(new RecordingAttachment(parts)) - 1] });
    const events = new Recorder<NodeEvent>();
    node.events.on(events.push);
    const { negotiation } = await draftingAlone(node);
    expect(attached).toHaveLength(1);
    const [attachment] = attached as [RecordingAttachment];
    expect(attachment.parts.negotiation).toBe(negotiation);
    expect(attachment.parts.signer.party).toBe(node.party);
    expect(attachment.parts.keyring.current?.epoch).toBe(0); // the genesis room key opened for us

    const proposal = await must(node, 'adoption.propose', { negotiation, label: 'v1' });
    await must(node, 'adoption.vote', { negotiation, headerHash: proposal.headerHash });
    expect(attachment.calls).toEqual(expect.arrayContaining(['flush', 'propose adopt', 'vote']));
    await events.waitFor('block-final', (e) => e.type === 'block-final');

    // The stored records answer catch-up, from the store.
    expect((await attachment.parts.records.blocks(1, 10)).map((b) => b.height)).toEqual([1]);
    expect((await attachment.parts.records.envelopes(node.party as PartyId, 1, 100)).length).toBeGreaterThan(0);

    // Presence and peers come from the attachment; reports become events.
    await must(node, 'presence.set', { negotiation, cursor: { paragraphId: 'p-1', index: 2, length: 0 } });
    expect(attachment.cursor).toEqual({ paragraphId: 'p-1', index: 2, length: 0 });
    expect(await must(node, 'presence.list', { negotiation })).toEqual([{ party: { id: node.party, name: 'Republic of Testland' }, cursor: null, seenAt: 5 }]);
    expect((await must(node, 'negotiations.get', { negotiation })).online).toBe(1);
    attachment.parts.report({ type: 'peer', peer: '12D3KooWpeer', party: undefined, status: 'connected' });
    attachment.parts.report({ type: 'rejected-message', peer: '12D3KooWpeer', channel: 'draft', reason: 'bad signature' });
    attachment.parts.report({ type: 'text-changed', origin: 'remote', authors: [node.party as PartyId] });
    expect(events.items.filter((e) => e.type === 'peer' || e.type === 'rejected-message' || (e.type === 'text-changed' && e.origin === 'remote'))).toEqual([
      { type: 'peer', negotiation, peer: '12D3KooWpeer', party: null, status: 'connected' },
      { type: 'rejected-message', negotiation, peer: '12D3KooWpeer', channel: 'draft', reason: 'bad signature' },
      { type: 'text-changed', negotiation, origin: 'remote', authors: [node.party] },
    ]);

    await node.close();
    expect(attachment.calls[attachment.calls.length - 1]).toBe('stop');

    // Reopened: connect is asked again, for the stored negotiation.
    const again: RecordingAttachment[] = [];
    const reopened = await openNode(dir, { connect: (parts) => again[again.push(new RecordingAttachment(parts)) - 1] });
    expect(again.map((a) => a.parts.negotiation)).toEqual([negotiation]);
    expect(again[0]!.parts.ledger.height).toBe(1);
    await reopened.close();
  });

  it('stays offline when connect declines', async () => {
    const node = await openNode(tempDir(), { connect: () => undefined });
    const { negotiation } = await draftingAlone(node);
    const proposal = await must(node, 'adoption.propose', { negotiation, label: 'alone' });
    expect(await must(node, 'adoption.vote', { negotiation, headerHash: proposal.headerHash })).toMatchObject({ final: true });
    await node.close();
  });
});

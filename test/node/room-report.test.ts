import { describe, expect, it } from 'vitest';
import { toSessionReport } from '../../src/node/room-attachment.js';
import type { PeerId } from '../../src/p2p/network.js';

describe("what a room's refusals tell the delegation", () => {
  const peer = '12D3KooWpeer' as PeerId;

  it('reports a message the room rejected (forged, malformed)', () => {
    expect(toSessionReport({ type: 'rejected-message', channel: 'draft', peer, verdict: 'reject', reason: 'bad signature' })).toEqual({
      type: 'rejected-message',
      peer,
      channel: 'draft',
      reason: 'bad signature',
    });
  });

  it('keeps quiet about ignored traffic: gossip under a room key not held yet, while being admitted', () => {
    expect(toSessionReport({ type: 'rejected-message', channel: 'ledger', peer, verdict: 'ignore', reason: 'no room key held for epoch 0' })).toBeUndefined();
  });
});

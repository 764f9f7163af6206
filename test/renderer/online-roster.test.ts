import { describe, expect, it } from 'vitest';
import type { BlockView, NodeEvent, PresenceView } from '../../src/node/api.js';
import { OnlineRoster } from '../../src/renderer/app/online-roster.js';

const N = 'n1';
const here = (id: string): PresenceView => ({ party: { id, name: id }, cursor: null, seenAt: 1 });
const peer = (peerId: string, party: string | null, status: 'connected' | 'left'): NodeEvent => ({
  type: 'peer',
  negotiation: N,
  peer: peerId,
  party: party === null ? null : { id: party, name: party },
  status,
});
const presence = (party: string, on: boolean): NodeEvent => ({ type: 'presence', negotiation: N, party: { id: party, name: party }, presence: on ? here(party) : null });
const admitted = (): NodeEvent => ({ type: 'block-final', negotiation: N, block: { body: { kind: 'admit' } } as unknown as BlockView });
const names = (set: ReadonlySet<string>) => [...set].sort();

describe('who is online: one roster for the rail, the header and the draft', () => {
  it('counts a party online by a connected peer or a fresh presence, never this delegation', () => {
    let roster = OnlineRoster.empty().seed(N, [here('aa'), here('me')]);
    expect(names(roster.onlineIn(N, 'me'))).toEqual(['aa']);
    roster = roster.apply(peer('peer-b', 'bb', 'connected'));
    expect(names(roster.onlineIn(N, 'me'))).toEqual(['aa', 'bb']);
    roster = roster.apply(peer('peer-b', 'bb', 'left')).apply(presence('aa', false));
    expect(names(roster.onlineIn(N, 'me'))).toEqual([]);
    expect(roster.online(null, 'me').size).toBe(0);
  });

  it("names parties the node counts but whose peers came unnamed, when the count leaves no doubt", () => {
    // Carpathia's peer connected before it was admitted: no party on the event, no presence yet.
    let roster = OnlineRoster.empty().seed(N, [here('bb')]).apply(peer('peer-c', null, 'connected'));
    expect(names(roster.onlineIn(N, 'me'))).toEqual(['bb']);
    // The room header's negotiations.get: 2 of the 2 other parties have a connected peer.
    roster = roster.noteNode(N, { online: 2, others: ['bb', 'cc'] });
    expect(names(roster.onlineIn(N, 'me'))).toEqual(['bb', 'cc']);
    expect(roster.isOnline(N, 'cc')).toBe(true);
    expect(roster.lacksNames(N, 'me')).toBe(false);
  });

  it('does not guess when the count leaves a doubt, and says names are lacking (presence is asked again)', () => {
    const roster = OnlineRoster.empty()
      .seed(N, [here('bb')])
      .noteNode(N, { online: 2, others: ['bb', 'cc', 'dd'] });
    expect(names(roster.onlineIn(N, 'me'))).toEqual(['bb']);
    expect(roster.lacksNames(N, 'me')).toBe(true);
  });

  it("forgets the node's count once a peer comes or goes, or membership changes, until it is read again", () => {
    const counted = OnlineRoster.empty().noteNode(N, { online: 1, others: ['bb'] });
    expect(names(counted.onlineIn(N, 'me'))).toEqual(['bb']);
    expect(names(counted.apply(peer('peer-b', null, 'left')).onlineIn(N, 'me'))).toEqual([]);
    expect(names(counted.apply(admitted()).onlineIn(N, 'me'))).toEqual([]);
  });

  it('keeps the same answer object while nothing changes, so screens do not re-render for nothing', () => {
    const roster = OnlineRoster.empty().seed(N, [here('aa')]);
    expect(roster.onlineIn(N, 'me')).toBe(roster.onlineIn(N, 'me'));
    expect(roster.noteNode(N, { online: 1, others: ['aa'] }).noteNode(N, { online: 1, others: ['aa'] })).not.toBe(roster);
    const noted = roster.noteNode(N, { online: 1, others: ['aa'] });
    expect(noted.noteNode(N, { online: 1, others: ['aa'] })).toBe(noted);
    expect(roster.apply({ type: 'text-changed', negotiation: N, origin: 'remote', authors: [] })).toBe(roster);
  });

  it('is the same roster while parties only move their cursors or a known peer is announced again', () => {
    const moved = (party: string, index: number): NodeEvent => ({
      type: 'presence',
      negotiation: N,
      party: { id: party, name: party },
      presence: { party: { id: party, name: party }, cursor: { paragraphId: 'p-1', index, length: 0 }, seenAt: 2 },
    });
    const roster = OnlineRoster.empty().seed(N, [here('aa')]).apply(peer('peer-b', 'bb', 'connected'));
    expect(roster.apply(moved('aa', 3)).apply(moved('aa', 4))).toBe(roster);
    expect(roster.apply(peer('peer-b', 'bb', 'connected'))).toBe(roster);
    expect(roster.apply(presence('cc', false))).toBe(roster);
    expect(roster.apply(peer('peer-x', 'cc', 'left'))).toBe(roster);
    // What does change someone's being online still makes a new roster.
    expect(names(roster.apply(moved('cc', 1)).onlineIn(N, 'me'))).toEqual(['aa', 'bb', 'cc']);
    expect(names(roster.apply(presence('aa', false)).onlineIn(N, 'me'))).toEqual(['bb']);
    expect(names(roster.apply(peer('peer-b2', 'bb', 'connected')).apply(peer('peer-b', 'bb', 'left')).onlineIn(N, 'me'))).toEqual(['aa', 'bb']);
    // A known peer announced again still forgets a node count that may be stale.
    const counted = roster.noteNode(N, { online: 1, others: ['aa', 'bb'] });
    expect(counted.apply(peer('peer-b', 'bb', 'connected'))).not.toBe(counted);
  });
});

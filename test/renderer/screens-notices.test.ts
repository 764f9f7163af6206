import { describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../src/node/api.js';
import { addNotice, MAX_NOTICES, noticeOf } from '../../src/renderer/app/notices.js';
import { OnlineRoster } from '../../src/renderer/app/online-roster.js';

const N = 'ab'.repeat(32);
const M = 'cd'.repeat(32);
const TUVALU = { id: 'e985795d00000000000000000000000a', name: 'Tuvalu' };
const NAURU = { id: 'ab0000000000000000000000000000cd', name: 'Nauru' };
const titleOf = (id: string) => (id === N ? 'Pacific Albatross Agreement' : undefined);

describe('notices', () => {
  it('says an equivocation plainly, naming the party, height and round', () => {
    const event: NodeEvent = {
      type: 'equivocation',
      negotiation: N,
      evidence: { kind: 'votes', culprit: TUVALU, height: 3, round: 1, seq: null, description: '…', bytes: 'AA==' },
    };
    const notice = noticeOf(event, titleOf)!;
    expect(notice.text).toBe('Tuvalu signed two different proposals at height 3 round 1 — the evidence is kept');
    expect(notice.where).toBe('Pacific Albatross Agreement');
    expect(notice.tone).toBe('danger');
  });

  it('covers refused messages and node errors, and ignores other events', () => {
    const refused = noticeOf({ type: 'rejected-message', negotiation: M, peer: '12D3KooWAbcdefghijk', channel: 'draft', reason: 'bad signature' }, titleOf)!;
    expect(refused.text).toBe('A message from peer 12D3Ko…hijk was refused (draft): bad signature');
    expect(refused.where).toBe('cdcdcdcd…cdcd'); // unknown negotiation: its id, shortened
    expect(noticeOf({ type: 'node-error', negotiation: null, message: 'disk full' }, titleOf)!.text).toBe('Your node could not do something: disk full');
    expect(noticeOf({ type: 'text-changed', negotiation: N, origin: 'remote', authors: [] }, titleOf)).toBeNull();
  });

  it('folds repeats into a count, newest first, and keeps the list short', () => {
    const refused = (reason: string) => noticeOf({ type: 'rejected-message', negotiation: N, peer: 'p', channel: 'c', reason }, titleOf)!;
    let list = addNotice([], refused('a'));
    list = addNotice(list, refused('b'));
    list = addNotice(list, refused('a'));
    expect(list.map((n) => [n.text.slice(-1), n.count])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    for (let i = 0; i < 20; i++) list = addNotice(list, refused(String(i)));
    expect(list).toHaveLength(MAX_NOTICES);
    expect(list[0]!.text.endsWith('19')).toBe(true);
  });
});

describe('the online roster', () => {
  const peer = (party: typeof TUVALU, peerId: string, status: 'connected' | 'left', negotiation = N): NodeEvent => ({ type: 'peer', negotiation, peer: peerId, party, status });

  it('counts a party online while any of its peers is connected', () => {
    let r = OnlineRoster.empty().apply(peer(TUVALU, 'p1', 'connected')).apply(peer(TUVALU, 'p2', 'connected'));
    r = r.apply(peer(TUVALU, 'p1', 'left'));
    expect(r.isOnline(N, TUVALU.id)).toBe(true);
    r = r.apply(peer(TUVALU, 'p2', 'left'));
    expect(r.isOnline(N, TUVALU.id)).toBe(false);
  });

  it('takes presence into account, seeded late, until the node says it is gone', () => {
    let r = OnlineRoster.empty().seed(N, [{ party: NAURU, cursor: null, seenAt: 0 }]);
    expect(r.isOnline(N, NAURU.id)).toBe(true);
    r = r.apply({ type: 'presence', negotiation: N, party: NAURU, presence: null });
    expect(r.isOnline(N, NAURU.id)).toBe(false);
    r = r.apply({ type: 'presence', negotiation: N, party: NAURU, presence: { party: NAURU, cursor: null, seenAt: 1 } });
    // A peer of Nauru's we never heard connect leaves: its fresh presence still stands.
    r = r.apply(peer(NAURU, 'p9', 'left'));
    expect(r.isOnline(N, NAURU.id)).toBe(true);
    r = r.seed(N, []);
    expect(r.isOnline(N, NAURU.id)).toBe(false);
  });

  it('counts each party once across negotiations, never this delegation, and keeps rooms apart', () => {
    const r = OnlineRoster.empty()
      .apply(peer(TUVALU, 'p1', 'connected', N))
      .apply(peer(TUVALU, 'p1', 'connected', M))
      .apply(peer(NAURU, 'p2', 'connected', M));
    expect(r.online(null, null).size).toBe(2);
    expect(r.online(null, NAURU.id)).toEqual(new Set([TUVALU.id]));
    expect(r.online(N, null)).toEqual(new Set([TUVALU.id]));
    expect(r.isOnline(N, NAURU.id)).toBe(false);
  });

  it('leaves itself unchanged by unrelated events (so React skips a render)', () => {
    const r = OnlineRoster.empty();
    expect(r.apply({ type: 'node-error', negotiation: null, message: 'x' })).toBe(r);
  });
});

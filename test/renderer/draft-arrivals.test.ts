import { describe, expect, it } from 'vitest';
import type { NodeEvent, PresenceView } from '../../src/node/api.js';
import { ArrivalAnnouncer, type AnnouncerTimers } from '../../src/renderer/draft/arrivals.js';
import { catchUpAfter, catchUpInWords } from '../../src/renderer/draft/catch-up.js';
import { draftStatusText } from '../../src/renderer/draft/draft-status.js';
import { PresenceStore } from '../../src/renderer/draft/presence-store.js';
import { editingHereInWords } from '../../src/renderer/draft/PresenceTags.js';

const at = (id: string, name: string, paragraphId: string | null, index = 0): PresenceView => ({
  party: { id, name },
  cursor: paragraphId === null ? null : { paragraphId, index, length: 0 },
  seenAt: 1,
});
const moved = (presence: PresenceView): NodeEvent => ({ type: 'presence', negotiation: 'n', party: presence.party, presence });

/** Timers run by hand: `run()` fires what is due. */
class HandTimers implements AnnouncerTimers {
  private tasks: (() => void)[] = [];
  after(_ms: number, task: () => void): () => void {
    this.tasks.push(task);
    return () => (this.tasks = this.tasks.filter((t) => t !== task));
  }
  run(): void {
    const due = this.tasks;
    this.tasks = [];
    for (const task of due) task();
  }
  get pending(): number {
    return this.tasks.length;
  }
}

describe('who is editing where, in words', () => {
  it('says who is in a paragraph as one sentence, names in order', () => {
    expect(editingHereInWords([])).toBe('');
    expect(editingHereInWords(['Borduria'])).toBe('Borduria is editing here');
    expect(editingHereInWords(['Carpathia', 'Atlantis', 'Borduria'])).toBe('Atlantis, Borduria and Carpathia are editing here');
  });

  it('tells of arrivals in a paragraph, not of moves within one, nor of our own', () => {
    const store = new PresenceStore('me');
    const arrived: string[] = [];
    store.onArrival((p) => arrived.push(`${p.party.name}@${p.cursor?.paragraphId}`));
    store.reset([at('aa', 'Atlantis', 'p-1')]); // already there when we came: not an arrival
    store.apply(moved(at('aa', 'Atlantis', 'p-1', 5)));
    store.apply(moved(at('bb', 'Borduria', 'p-1')));
    store.apply(moved(at('aa', 'Atlantis', 'p-2')));
    store.apply(moved(at('aa', 'Atlantis', null)));
    store.apply(moved(at('me', 'Us', 'p-3')));
    expect(arrived).toEqual(['Borduria@p-1', 'Atlantis@p-2']);
  });

  it('announces arrivals politely: together, at most once per moment, each delegation where it is by then', () => {
    const said: string[] = [];
    const timers = new HandTimers();
    const labels: Record<string, string> = { 'p-1': 'Article 1, paragraph 1', 'p-2': 'Article 1, paragraph 2' };
    const announcer = new ArrivalAnnouncer((text) => said.push(text), (id) => labels[id] ?? null, 1000, timers);
    announcer.arrive(at('bb', 'Borduria', 'p-1'));
    announcer.arrive(at('aa', 'Atlantis', 'p-2'));
    announcer.arrive(at('aa', 'Atlantis', 'p-1')); // stepped on before the moment passed
    expect(said).toEqual([]);
    expect(timers.pending).toBe(1);
    timers.run();
    expect(said).toEqual(['Borduria and Atlantis are now editing Article 1, paragraph 1.']);
    announcer.arrive(at('bb', 'Borduria', 'p-2'));
    announcer.arrive(at('cc', 'Carpathia', 'p-gone')); // a paragraph since removed: nothing to say of it
    timers.run();
    expect(said.at(-1)).toBe('Borduria is now editing Article 1, paragraph 2.');
    announcer.arrive(at('cc', 'Carpathia', 'p-gone'));
    timers.run();
    expect(said).toHaveLength(2);
    announcer.dispose();
  });
});

describe('catching up, in the draft status line', () => {
  const event = (phase: 'receiving' | 'done' | 'failed', envelopes: number, blocks = 0, peer = 'peer-b'): Extract<NodeEvent, { type: 'catch-up' }> => ({
    type: 'catch-up',
    negotiation: 'n',
    peer,
    party: { id: 'bb', name: 'Borduria' },
    phase,
    envelopes,
    blocks,
  });

  it('says from whom and how much while it runs, then the usual line again', () => {
    let state = catchUpAfter(null, event('receiving', 300));
    state = catchUpAfter(state, event('receiving', 412, 1));
    expect(draftStatusText('open', 2, null, state)).toBe('Catching up with Borduria… 412 edits and 1 decision received');
    expect(catchUpAfter(state, event('done', 412, 1, 'peer-other'))).toBe(state); // another exchange's end
    state = catchUpAfter(state, event('done', 412, 1));
    expect(state).toBeNull();
    expect(draftStatusText('open', 2, null, state)).toBe('Live with 2 delegations');
    expect(catchUpAfter(catchUpAfter(null, event('receiving', 1)), event('failed', 1))).toBeNull();
  });

  it('counts in words', () => {
    expect(catchUpInWords({ peer: 'p', from: 'Atlantis', envelopes: 1, blocks: 0 })).toBe('Catching up with Atlantis… 1 edit received');
    expect(catchUpInWords({ peer: 'p', from: 'Atlantis', envelopes: 0, blocks: 2 })).toBe('Catching up with Atlantis… 2 decisions received');
  });
});

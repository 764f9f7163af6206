import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { PresenceView } from '../../src/node/api-types.js';
import { PresenceReporter, PresenceStore, type Cursor } from '../../src/renderer/draft/presence-store.js';
import { TreatyStore, sameButWords } from '../../src/renderer/draft/treaty-store.js';

function paragraph(id: string, words: string): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('id', id);
  map.set('text', new Y.Text(words));
  map.set('status', 'pending');
  return map;
}

function treaty(): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  doc.getText('title').insert(0, 'Agreement');
  doc.getArray('preamble').push([paragraph('pre-1', 'Recalling'), paragraph('pre-2', 'Noting')]);
  const article = new Y.Map<unknown>();
  article.set('id', 'art-1');
  article.set('heading', new Y.Text('Objective'));
  const list = new Y.Array<unknown>();
  list.push([paragraph('p-1', 'The Parties shall protect albatrosses.')]);
  article.set('paragraphs', list);
  doc.getArray('articles').push([article]);
  return doc;
}

const textOf = (doc: Y.Doc, index: number) => ((doc.getArray('preamble').get(index) as Y.Map<unknown>).get('text') as Y.Text);
const articleText = (doc: Y.Doc) => (((doc.getArray('articles').get(0) as Y.Map<unknown>).get('paragraphs') as Y.Array<unknown>).get(0) as Y.Map<unknown>).get('text') as Y.Text;

describe('treaty store', () => {
  it('tells only the paragraph typed in, and leaves the outline alone', () => {
    const doc = treaty();
    const store = new TreatyStore(doc);
    const outline = store.getOutline();
    const [first, second] = outline.order;
    const heard = { outline: 0, first: 0, second: 0, comments: 0 };
    store.subscribeOutline(() => heard.outline++);
    store.subscribeComments(() => heard.comments++);
    store.subscribeParagraph(first!, () => heard.first++);
    store.subscribeParagraph(second!, () => heard.second++);
    const before = store.getParagraph(second!);

    textOf(doc, 0).insert(0, 'Further ');
    expect(heard).toEqual({ outline: 0, first: 1, second: 0, comments: 0 });
    expect(store.getOutline()).toBe(outline);
    expect(store.getParagraph(first!).text).toBe('Further Recalling');
    expect(store.getParagraph(second!)).toBe(before); // the same snapshot: React skips it

    (doc.getArray('preamble').get(1) as Y.Map<unknown>).set('status', 'agreed');
    expect(heard.second).toBe(1);
    expect(store.getParagraph(second!).status).toBe('agreed');
    expect(heard.outline).toBe(0);
  });

  it('renews the outline when paragraphs are added, keeping the snapshots of the others', () => {
    const doc = treaty();
    const store = new TreatyStore(doc);
    const outline = store.getOutline();
    const kept = store.getParagraph(outline.order[2]!);
    let heard = 0;
    store.subscribeOutline(() => heard++);
    doc.getArray('preamble').insert(1, [paragraph('pre-new', 'Acknowledging')]);
    expect(heard).toBe(1);
    expect(store.getOutline().order.map((p) => p.id)).toEqual(['pre-1', 'pre-new', 'pre-2', 'p-1']);
    expect(store.getOutline().preamble.map((p) => p.place)).toEqual([1, 2, 3].map((number) => ({ kind: 'preamble', number })));
    expect(store.getParagraph(store.getOutline().order[3]!)).toBe(kept);
  });

  it('reads brackets and their options into the paragraph, and follows new options', () => {
    const doc = treaty();
    const store = new TreatyStore(doc);
    const node = store.getOutline().order[2]!;
    let heard = 0;
    store.subscribeParagraph(node, () => heard++);
    doc.transact(() => {
      articleText(doc).format(12, 5, { bracket: 'br-1' });
      const entry = new Y.Map<unknown>();
      entry.set('proposer', 'aa');
      entry.set('paragraph', 'p-1');
      entry.set('alternatives', new Y.Array());
      doc.getMap('brackets').set('br-1', entry);
    });
    expect(store.getParagraph(node).brackets).toEqual([{ bracket: 'br-1', from: 12, to: 17 }]);
    const count = heard;
    const option = new Y.Map<unknown>();
    option.set('id', 'alt-1');
    option.set('text', new Y.Text('should'));
    option.set('proposer', 'bb');
    ((doc.getMap('brackets').get('br-1') as Y.Map<unknown>).get('alternatives') as Y.Array<unknown>).push([option]);
    expect(heard).toBeGreaterThan(count);
    expect(store.getParagraph(node).entries).toEqual([{ id: 'br-1', proposer: 'aa', paragraph: 'p-1', alternatives: [{ id: 'alt-1', text: 'should', proposer: 'bb' }] }]);
  });

  it("keeps a paragraph's brackets, options and comments from one snapshot to the next while only its words change", () => {
    const doc = treaty();
    const store = new TreatyStore(doc);
    const node = store.getOutline().order[2]!;
    store.subscribeParagraph(node, () => {});
    articleText(doc).format(12, 5, { bracket: 'br-1' });
    const before = store.getParagraph(node);
    articleText(doc).insert(articleText(doc).length - 1, ' at sea'); // after the bracket
    const after = store.getParagraph(node);
    expect(after.text).toBe('The Parties shall protect albatrosses at sea.');
    expect(after).not.toBe(before);
    expect(after.brackets).toBe(before.brackets);
    expect(after.entries).toBe(before.entries);
    expect(after.comments).toBe(before.comments);
    expect(sameButWords(before, after)).toBe(true); // what the paragraph being edited skips
    articleText(doc).insert(0, 'All '); // before it: the bracket moved
    expect(store.getParagraph(node).brackets).toEqual([{ bracket: 'br-1', from: 16, to: 21 }]);
    expect(store.getParagraph(node).entries).toBe(before.entries);
    expect(sameButWords(after, store.getParagraph(node))).toBe(false);
    const moved = store.getParagraph(node);
    ((doc.getArray('articles').get(0) as Y.Map<unknown>).get('paragraphs') as Y.Array<Y.Map<unknown>>).get(0).set('status', 'agreed');
    expect(sameButWords(moved, store.getParagraph(node))).toBe(false);
  });

  it('places comments in their paragraph and the comment list, following the words', () => {
    const doc = treaty();
    const store = new TreatyStore(doc);
    const node = store.getOutline().order[2]!;
    const text = articleText(doc);
    let listed = 0;
    store.subscribeComments(() => listed++);
    const entry = new Y.Map<unknown>();
    entry.set('author', 'aa');
    entry.set('body', 'Which Parties?');
    entry.set('paragraph', 'p-1');
    entry.set('anchorStart', Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, 4, 0)));
    entry.set('anchorEnd', Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, 11, -1)));
    doc.getMap('comments').set('c-1', entry);
    expect(listed).toBe(1);
    expect(store.getParagraph(node).comments).toEqual([{ id: 'c-1', from: 4, to: 11 }]);
    text.insert(0, 'All ');
    expect(listed).toBe(2); // the quoted words moved
    expect(store.getComments()[0]).toMatchObject({ id: 'c-1', from: 8, to: 15 });
    expect(store.getParagraph(node).comments).toEqual([{ id: 'c-1', from: 8, to: 15 }]);
  });

  it('stops listening when destroyed', () => {
    const doc = treaty();
    const store = new TreatyStore(doc);
    const outline = store.getOutline();
    store.destroy();
    doc.getArray('preamble').push([paragraph('late', 'Late')]);
    expect(store.getOutline()).toBe(outline);
  });
});

const at = (id: string, name: string, paragraphId: string | null, index = 0): PresenceView => ({
  party: { id, name },
  cursor: paragraphId === null ? null : { paragraphId, index, length: 0 },
  seenAt: 1,
});

describe('presence store', () => {
  it('tells the paragraphs a cursor leaves and enters, and no others; never shows our own', () => {
    const store = new PresenceStore('me');
    const heard: Record<string, number> = { 'p-1': 0, 'p-2': 0, 'p-3': 0 };
    for (const id of Object.keys(heard)) store.subscribeParagraph(id, () => heard[id]!++);
    store.reset([at('aa', 'Tuvalu', 'p-1'), at('me', 'Us', 'p-3')]);
    expect(heard).toEqual({ 'p-1': 1, 'p-2': 0, 'p-3': 0 });
    expect(store.cursorsOf('p-1').map((p) => p.party.id)).toEqual(['aa']);
    expect(store.cursorsOf('p-3')).toEqual([]);

    store.apply({ type: 'presence', negotiation: 'n', party: { id: 'aa', name: 'Tuvalu' }, presence: at('aa', 'Tuvalu', 'p-2', 3) });
    expect(heard).toEqual({ 'p-1': 2, 'p-2': 1, 'p-3': 0 });
    store.apply({ type: 'presence', negotiation: 'n', party: { id: 'aa', name: 'Tuvalu' }, presence: null });
    expect(heard).toEqual({ 'p-1': 2, 'p-2': 2, 'p-3': 0 });
  });
});

describe('presence reporter', () => {
  afterEach(() => vi.useRealTimers());

  it('sends at most one position per interval (the last one), and "none" at once', () => {
    vi.useFakeTimers();
    const sent: Cursor[] = [];
    const reporter = new PresenceReporter((cursor) => sent.push(cursor), 100);
    const cursor = (index: number): Cursor => ({ paragraphId: 'p-1', index, length: 0 });
    reporter.report(cursor(1));
    reporter.report(cursor(2));
    reporter.report(cursor(3));
    expect(sent).toEqual([cursor(1)]);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([cursor(1), cursor(3)]);
    reporter.report(cursor(4));
    reporter.report('none');
    vi.advanceTimersByTime(500);
    expect(sent).toEqual([cursor(1), cursor(3), 'none']);
    reporter.report('none');
    expect(sent).toHaveLength(3); // not twice
    reporter.dispose();
  });
});

describe('draft status line', () => {
  it('says whether edits are live, kept offline, or not reaching the node', async () => {
    const { draftStatusText } = await import('../../src/renderer/draft/draft-status.js');
    expect(draftStatusText('open', 2, null)).toBe('Live with 2 delegations');
    expect(draftStatusText('open', 1, null)).toBe('Live with 1 delegation');
    expect(draftStatusText('open', 0, null)).toBe('Offline: your edits are kept and will merge when others reconnect');
    expect(draftStatusText('failed', 0, 'no negotiation x')).toBe('The draft could not be opened: no negotiation x');
    expect(draftStatusText('waiting', 0, null)).toMatch(/^Not connected to your node/);
  });
});

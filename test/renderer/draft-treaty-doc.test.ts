import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { paragraphLabel, readBracket, readComments, readOutline, statusOf } from '../../src/renderer/draft/treaty-doc.js';

function paragraph(id: unknown, words: string | null, status?: unknown): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  if (id !== undefined) map.set('id', id);
  if (words !== null) {
    const text = new Y.Text();
    text.insert(0, words);
    map.set('text', text);
  }
  if (status !== undefined) map.set('status', status);
  return map;
}

describe('treaty-doc readers', () => {
  it('read an empty document as an empty treaty', () => {
    const outline = readOutline(new Y.Doc());
    expect(outline.title.toString()).toBe('');
    expect(outline.preamble).toEqual([]);
    expect(outline.articles).toEqual([]);
    expect(outline.order).toEqual([]);
  });

  it('skip malformed entries and number what remains', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      doc.getArray('preamble').push([
        'a string',
        paragraph('p-a', 'Recalling'),
        paragraph('p-no-text', null),
        paragraph(42, 'id is a number'),
        paragraph('p-a', 'a duplicate id'),
        paragraph('p-b', 'Noting', 'agreed'),
      ]);
      const article = new Y.Map<unknown>();
      article.set('id', 'art-1');
      const paragraphs = new Y.Array<unknown>();
      paragraphs.push([paragraph('p-1', 'Objective'), 7]);
      article.set('paragraphs', paragraphs);
      const broken = new Y.Map<unknown>();
      broken.set('id', 'art-2');
      broken.set('heading', 'not a Y.Text');
      broken.set('paragraphs', 'not a list');
      doc.getArray('articles').push([article, 3, broken]);
    });
    const outline = readOutline(doc);
    expect(outline.preamble.map((p) => [p.id, p.place])).toEqual([
      ['p-a', { kind: 'preamble', number: 1 }],
      ['p-b', { kind: 'preamble', number: 2 }],
    ]);
    expect(outline.articles.map((a) => [a.id, a.number, a.heading, a.paragraphs.map((p) => p.id)])).toEqual([
      ['art-1', 1, null, ['p-1']],
      ['art-2', 2, null, []],
    ]);
    expect(outline.order.map((p) => p.id)).toEqual(['p-a', 'p-b', 'p-1']);
    expect(paragraphLabel(outline.order[2]!.place)).toBe('Article 1, paragraph 1');
    expect(paragraphLabel(outline.order[1]!.place)).toBe('Preamble, paragraph 2');
    expect(statusOf(outline.order[1]!.map)).toBe('agreed');
    expect(statusOf(paragraph('x', '', 'signed'))).toBe('pending');
  });

  it('read brackets totally: missing fields empty, malformed alternatives skipped', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      const brackets = doc.getMap('brackets');
      const entry = new Y.Map<unknown>();
      entry.set('proposer', 'aa');
      const alternatives = new Y.Array<unknown>();
      const good = new Y.Map<unknown>();
      good.set('id', 'alt-1');
      good.set('text', new Y.Text('should'));
      const bad = new Y.Map<unknown>();
      bad.set('id', 'alt-2');
      bad.set('text', 'plain string');
      alternatives.push([good, bad, 'junk']);
      entry.set('alternatives', alternatives);
      brackets.set('br-1', entry);
      brackets.set('br-2', 'not a map');
      brackets.set('br-3', new Y.Map());
    });
    expect(readBracket(doc, 'br-1')).toEqual({ id: 'br-1', proposer: 'aa', paragraph: '', alternatives: [{ id: 'alt-1', text: 'should', proposer: '' }] });
    expect(readBracket(doc, 'br-2')).toBeUndefined();
    expect(readBracket(doc, 'br-3')).toEqual({ id: 'br-3', proposer: '', paragraph: '', alternatives: [] });
    expect(readBracket(doc, 'missing')).toBeUndefined();
  });

  it('place comments by their anchors, and leave malformed ones unplaced', () => {
    const doc = new Y.Doc();
    doc.getArray('preamble').push([paragraph('p-1', 'The Parties shall protect albatrosses.')]);
    const text = readOutline(doc).order[0]!.text;
    const comments = doc.getMap('comments');
    const anchored = new Y.Map<unknown>();
    anchored.set('author', 'aa');
    anchored.set('body', 'Which Parties?');
    anchored.set('paragraph', 'p-1');
    anchored.set('anchorStart', Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, 4, 0)));
    anchored.set('anchorEnd', Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, 11, -1)));
    anchored.set('createdAt', 5);
    const garbled = new Y.Map<unknown>();
    garbled.set('paragraph', 'p-1');
    garbled.set('anchorStart', new Uint8Array([255, 255, 255]));
    garbled.set('anchorEnd', 'nope');
    garbled.set('createdAt', 'yesterday');
    comments.set('c-1', anchored);
    comments.set('c-2', garbled);
    comments.set('c-3', 12);
    text.insert(0, 'Now ');
    const texts = new Map([['p-1', text]]);
    const read = readComments(doc, texts);
    expect(read).toEqual([
      { id: 'c-1', author: 'aa', body: 'Which Parties?', paragraphId: 'p-1', from: 8, to: 15, createdAt: 5 },
      { id: 'c-2', author: '', body: '', paragraphId: 'p-1', from: null, to: null, createdAt: 0 },
    ]);
    expect(text.toString().slice(8, 15)).toBe('Parties');
    expect(readComments(doc, texts, 'p-2')).toEqual([]);
    // Its words deleted, a comment keeps an empty place where they were.
    text.delete(2, text.length - 2);
    expect(readComments(doc, texts, 'p-1')[0]).toMatchObject({ from: 2, to: 2 });
    // Anchored in another paragraph's text than the one it names: unplaced.
    expect(readComments(doc, new Map([['p-1', new Y.Doc().getText('x')]]), 'p-1')[0]).toMatchObject({ from: null, to: null });
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bracketIds, bracketRanges, typedAttributes } from '../../src/renderer/draft/bracket-ranges.js';
import { paragraphPieces } from '../../src/renderer/draft/paragraph-pieces.js';
import { clampPosition, cursorsIn, sameRemoteCursors } from '../../src/renderer/draft/presence-positions.js';
import type { PresenceView } from '../../src/node/api-types.js';

describe('bracket ranges from a Y.Text delta', () => {
  it('finds each bracketed stretch in UTF-16 positions, merging ops of one bracket', () => {
    const text = new Y.Doc().getText('t');
    text.insert(0, 'Parties 🐦 shall protect albatrosses', {});
    text.format(8, 8, { bracket: 'br-1' }); // "🐦 shall" (the bird is two code units)
    text.format(12, 2, { bold: true }); // a second op inside br-1
    text.format(25, 11, { bracket: 'br-2' });
    expect(bracketRanges(text.toDelta())).toEqual([
      { bracket: 'br-1', from: 8, to: 16 },
      { bracket: 'br-2', from: 25, to: 36 },
    ]);
    expect(bracketIds(bracketRanges(text.toDelta()))).toEqual(['br-1', 'br-2']);
  });

  it('ignores attributes that are not bracket ids and counts an embed as one position', () => {
    expect(
      bracketRanges([
        { insert: 'ab', attributes: { bracket: 3 } },
        { insert: { image: 'x' } },
        { insert: 'cd', attributes: { bracket: '' } },
        { insert: 'ef', attributes: { bracket: 'b' } },
      ]),
    ).toEqual([{ bracket: 'b', from: 5, to: 7 }]);
    expect(bracketRanges([])).toEqual([]);
  });

  it('lets typing join a bracket only strictly inside it', () => {
    const ranges = [{ bracket: 'br-1', from: 4, to: 9 }];
    expect(typedAttributes(ranges, 4)).toEqual({});
    expect(typedAttributes(ranges, 6)).toEqual({ bracket: 'br-1' });
    expect(typedAttributes(ranges, 9)).toEqual({});
    expect(typedAttributes([{ bracket: 'a', from: 0, to: 3 }, { bracket: 'b', from: 3, to: 5 }], 3)).toEqual({});
  });
});

const presence = (id: string, cursor: PresenceView['cursor']): PresenceView => ({ party: { id, name: `Party ${id}` }, cursor, seenAt: 1 });

describe('remote cursors', () => {
  it('clamps positions into the text and never splits a surrogate pair', () => {
    const text = 'a🐦b';
    expect(clampPosition(text, -3)).toBe(0);
    expect(clampPosition(text, 2)).toBe(1); // between the halves of the bird
    expect(clampPosition(text, 3)).toBe(3);
    expect(clampPosition(text, 99)).toBe(4);
    expect(clampPosition(text, 1.7)).toBe(1);
    expect(clampPosition(text, Number.NaN)).toBe(0);
    expect(clampPosition(text, Number.POSITIVE_INFINITY)).toBe(4);
  });

  it('places the cursors of other parties in one paragraph, sorted, without our own', () => {
    const list = [
      presence('bb', { paragraphId: 'p-1', index: 2, length: 40 }),
      presence('aa', { paragraphId: 'p-1', index: 1, length: 0 }),
      presence('me', { paragraphId: 'p-1', index: 0, length: 0 }),
      presence('cc', { paragraphId: 'p-2', index: 0, length: 0 }),
      presence('dd', null),
    ];
    expect(cursorsIn('p-1', list, 'a🐦b', 'me')).toEqual([
      { party: 'aa', name: 'Party aa', from: 1, to: 1 },
      { party: 'bb', name: 'Party bb', from: 1, to: 4 },
    ]);
  });
});

describe('paragraph pieces', () => {
  it('cuts the text at brackets, comments and carets, closing before a caret and opening after it', () => {
    const pieces = paragraphPieces(
      'Parties shall protect',
      [{ bracket: 'br-1', from: 8, to: 13 }],
      [{ id: 'c-1', from: 0, to: 10 }],
      [{ party: 'aa', name: 'Tuvalu', from: 13, to: 13 }],
    );
    expect(pieces).toEqual([
      { kind: 'text', from: 0, text: 'Parties ', bracket: null, comments: ['c-1'] },
      { kind: 'open', bracket: 'br-1' },
      { kind: 'text', from: 8, text: 'sh', bracket: 'br-1', comments: ['c-1'] },
      { kind: 'text', from: 10, text: 'all', bracket: 'br-1', comments: [] },
      { kind: 'close', bracket: 'br-1' },
      { kind: 'caret', party: 'aa', name: 'Tuvalu' },
      { kind: 'text', from: 13, text: ' protect', bracket: null, comments: [] },
    ]);
  });

  it('draws a caret in an empty paragraph', () => {
    expect(paragraphPieces('', [], [], [{ party: 'aa', name: 'Tuvalu', from: 0, to: 0 }])).toEqual([{ kind: 'caret', party: 'aa', name: 'Tuvalu' }]);
  });
});

describe('sameRemoteCursors (a paragraph keeps its cursors array while they are the same)', () => {
  const at = (party: string, from: number, to = from) => ({ party, name: party, from, to });
  it('holds for the same parties at the same places, and only then', () => {
    expect(sameRemoteCursors([at('aa', 3)], [at('aa', 3)])).toBe(true);
    expect(sameRemoteCursors([], [])).toBe(true);
    expect(sameRemoteCursors([at('aa', 3)], [at('aa', 4)])).toBe(false);
    expect(sameRemoteCursors([at('aa', 3)], [at('aa', 3, 5)])).toBe(false);
    expect(sameRemoteCursors([at('aa', 3)], [at('bb', 3)])).toBe(false);
    expect(sameRemoteCursors([at('aa', 3)], [at('aa', 3), at('bb', 1)])).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DecorationSet } from '@codemirror/view';
import { bracketRanges, type DeltaOp } from '../../src/renderer/draft/bracket-ranges.js';
import { bracketDecorations, followBracketRule } from '../../src/renderer/draft/editor-extensions.js';
import { markDecorations } from '../../src/renderer/draft/editor-marks.js';

function spans(set: DecorationSet): { from: number; to: number; kind: string }[] {
  const out: { from: number; to: number; kind: string }[] = [];
  set.between(0, 1e9, (from, to, decoration) => {
    const spec = decoration.spec as { class?: string; widget?: { constructor: { name: string } } };
    out.push({ from, to, kind: spec.class ?? spec.widget?.constructor.name ?? '?' });
  });
  return out.sort((a, b) => a.from - b.from || a.to - b.to);
}

describe('editor decorations', () => {
  it('draw each bracket as [ marked words ] from the text delta', () => {
    const text = new Y.Doc().getText('t');
    text.insert(0, 'Parties shall protect albatrosses', {});
    text.format(8, 5, { bracket: 'br-1' });
    const set = bracketDecorations(bracketRanges(text.toDelta() as DeltaOp[]), text.length);
    expect(spans(set)).toEqual([
      { from: 8, to: 8, kind: 'BracketSign' },
      { from: 8, to: 13, kind: 'cm-bracket' },
      { from: 13, to: 13, kind: 'BracketSign' },
    ]);
  });

  it('clamp brackets, cursors and comments to the document', () => {
    expect(spans(bracketDecorations([{ bracket: 'b', from: 2, to: 40 }], 5)).map((s) => [s.from, s.to])).toEqual([
      [2, 2],
      [2, 5],
      [5, 5],
    ]);
    const marks = markDecorations(
      {
        comments: [{ id: 'c', from: 3, to: 99 }],
        cursors: [{ party: 'aa', name: 'Tuvalu', from: 1, to: 50, colour: 'red', tint: 'pink' }],
      },
      10,
    );
    expect(spans(marks)).toEqual([
      { from: 1, to: 10, kind: 'remote-selection' },
      { from: 3, to: 10, kind: 'comment-anchor' },
      { from: 10, to: 10, kind: 'Caret' },
    ]);
  });
});

describe('typing next to a bracket', () => {
  it('joins the bracket only strictly inside it, as the node does', () => {
    const text = new Y.Doc().getText('t');
    text.insert(0, 'Parties shall protect', {});
    text.format(8, 5, { bracket: 'br-1' });
    const restore = followBracketRule(text);
    text.insert(13, ' not'); // just after "shall": y-codemirror inserts without attributes
    text.insert(10, 'a'); // inside
    text.insert(8, '('); // just before
    expect(text.toDelta()).toEqual([
      { insert: 'Parties (' },
      { insert: 'shaall', attributes: { bracket: 'br-1' } },
      { insert: ' not protect' },
    ]);
    restore();
    text.insert(15, 'x'); // Yjs's own rule again: the left neighbour's attributes
    expect(text.toDelta()[1]).toEqual({ insert: 'shaallx', attributes: { bracket: 'br-1' } });
  });
});

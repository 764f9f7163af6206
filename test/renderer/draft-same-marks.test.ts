import { describe, expect, it } from 'vitest';
import { sameMarks, type EditorMarks } from '../../src/renderer/draft/editor-extensions.js';

const cursor = { party: 'aa', name: 'Tuvalu', from: 3, to: 3, colour: 'red', tint: 'pink' };
const marks = (over: Partial<typeof cursor> = {}, comments = [{ id: 'c', from: 1, to: 4 }]): EditorMarks => ({ cursors: [{ ...cursor, ...over }], comments });

describe('sameMarks (the editor skips dispatching marks it already shows)', () => {
  it('holds for equal marks built anew, as a paragraph re-render builds them', () => {
    expect(sameMarks(marks(), marks())).toBe(true);
    expect(sameMarks({ cursors: [], comments: [] }, { cursors: [], comments: [] })).toBe(true);
  });

  it('fails when any drawn property differs', () => {
    for (const change of [{ party: 'bb' }, { name: 'Nauru' }, { from: 2 }, { to: 4 }, { colour: 'blue' }, { tint: 'grey' }]) {
      expect(sameMarks(marks(), marks(change))).toBe(false);
    }
    expect(sameMarks(marks(), marks({}, [{ id: 'c', from: 1, to: 5 }]))).toBe(false);
    expect(sameMarks(marks(), marks({}, [{ id: 'd', from: 1, to: 4 }]))).toBe(false);
    expect(sameMarks(marks(), marks({}, []))).toBe(false);
    expect(sameMarks(marks(), { cursors: [], comments: marks().comments })).toBe(false);
  });
});

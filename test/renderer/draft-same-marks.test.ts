import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { draftEditorExtensions, marksShown, sameMarks, setMarks, type EditorMarks } from '../../src/renderer/draft/editor-extensions.js';

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

describe('the marks an editor shows, between two setMarks', () => {
  const tuvalu = (at: number) => ({ party: 'aa', name: 'Tuvalu', from: at, to: at, colour: 'red', tint: 'pink' });
  const editor = (marks: EditorMarks) => {
    const state = EditorState.create({ doc: 'Recognising the Parties', extensions: draftEditorExtensions({ ytext: new Y.Doc().getText('t'), label: 'P', commands: { current: { escape: () => {} } }, brackets: false }) });
    return state.update({ effects: setMarks.of(marks) }).state;
  };

  it('move with the words typed around them: a caret stays by its letter, a comment does not grow at its edges', () => {
    let state = editor({ cursors: [tuvalu(12)], comments: [{ id: 'c', from: 12, to: 15 }] });
    state = state.update({ changes: { from: 0, insert: 'A ' } }).state; // before both
    expect(marksShown(state)).toMatchObject({ cursors: [{ from: 14, to: 14 }], comments: [{ from: 14, to: 17 }] });
    state = state.update({ changes: { from: 14, insert: 'x' } }).state; // at the caret and the comment's start
    expect(marksShown(state)).toMatchObject({ cursors: [{ from: 15, to: 15 }], comments: [{ from: 15, to: 18 }] });
  });

  it('so the same position from presence again is not "the same marks": the editor puts the caret back', () => {
    const marks: EditorMarks = { cursors: [tuvalu(12)], comments: [] };
    let state = editor(marks);
    expect(sameMarks(marksShown(state), marks)).toBe(true); // nothing to dispatch
    state = state.update({ changes: { from: 12, insert: 't' } }).state; // words arrive at the caret
    expect(sameMarks(marksShown(state), marks)).toBe(false); // presence still says 12: dispatch it
    state = state.update({ changes: { from: 20, insert: '!' } }).state;
    expect(marksShown(state).cursors[0]).toMatchObject({ from: 13, to: 13 });
  });
});

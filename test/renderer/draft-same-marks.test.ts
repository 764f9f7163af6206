import { EditorState, type TransactionSpec } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ySyncAnnotation, type YSyncConfig } from 'y-codemirror.next';
import { draftEditorExtensions } from '../../src/renderer/draft/editor-extensions.js';
import { MarksCourier, marksShown, marksToDispatch, sameMarks, setMarks, type EditorMarks } from '../../src/renderer/draft/editor-marks.js';
import type { EditorView } from '@codemirror/view';

const SYNC = {} as YSyncConfig;

const cursor = { party: 'aa', name: 'Tuvalu', from: 3, to: 3, colour: 'red', tint: 'pink' };
const marks = (over: Partial<typeof cursor> = {}, comments = [{ id: 'c', from: 1, to: 4 }]): EditorMarks => ({ cursors: [{ ...cursor, ...over }], comments });

describe('sameMarks (whether two sets of marks draw the same)', () => {
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

  it("words from the node do not move carets: a party's presence counts its own words, and often comes before them", () => {
    const marks: EditorMarks = { cursors: [tuvalu(13)], comments: [{ id: 'c', from: 14, to: 17 }] };
    let state = editor(marks); // Tuvalu typed 't' at 12: its presence (13) arrived first
    state = state.update({ changes: { from: 12, insert: 't' }, annotations: ySyncAnnotation.of(SYNC) }).state; // then its word
    expect(marksShown(state)).toMatchObject({ cursors: [{ from: 13, to: 13 }], comments: [{ from: 15, to: 18 }] });
    // The re-render after the word: the same presence, the comment where its anchors now resolve.
    expect(marksToDispatch(marksShown(state), marks, { cursors: [tuvalu(13)], comments: [{ id: 'c', from: 15, to: 18 }] })).toBeNull();
    // Its next word, written at its caret, moves it along (the caret stays before the letters after it).
    state = state.update({ changes: { from: 13, insert: 'he' }, annotations: ySyncAnnotation.of(SYNC) }).state;
    expect(marksShown(state).cursors[0]).toMatchObject({ from: 15, to: 15 });
    // Clamped to the words left.
    state = state.update({ changes: { from: 0, to: 22, insert: '' }, annotations: ySyncAnnotation.of(SYNC) }).state;
    expect(marksShown(state).cursors[0]).toMatchObject({ from: 4, to: 4 });
  });
});

describe('marksToDispatch (what a paragraph re-render sends to its editor)', () => {
  const tuvalu = (at: number) => ({ party: 'aa', name: 'Tuvalu', from: at, to: at, colour: 'red', tint: 'pink' });
  const shownAfter = (marks: EditorMarks, insert: { from: number; insert: string }) => {
    const state = EditorState.create({ doc: 'Recognising the Parties', extensions: draftEditorExtensions({ ytext: new Y.Doc().getText('t'), label: 'P', commands: { current: { escape: () => {} } }, brackets: false }) });
    return marksShown(state.update({ effects: setMarks.of(marks) }).state.update({ changes: insert }).state);
  };

  it('sends nothing while this delegation types before a caret that presence has not moved', () => {
    const marks: EditorMarks = { cursors: [tuvalu(12)], comments: [] };
    const shown = shownAfter(marks, { from: 3, insert: 'x' }); // the caret moved with its letter, to 13
    expect(shown.cursors[0]).toMatchObject({ from: 13 });
    expect(marksToDispatch(shown, marks, { cursors: [tuvalu(12)], comments: [] })).toBeNull();
  });

  it('sends carets that presence moved, and the first marks of a new editor', () => {
    const marks: EditorMarks = { cursors: [tuvalu(12)], comments: [] };
    const shown = shownAfter(marks, { from: 3, insert: 'x' });
    expect(marksToDispatch(shown, marks, { cursors: [tuvalu(20)], comments: [] })).toEqual({ kind: 'carets', cursors: [tuvalu(20)] });
    expect(marksToDispatch(shown, marks, { cursors: [], comments: [] })).toEqual({ kind: 'carets', cursors: [] });
    expect(marksToDispatch(shown, null, marks)).toEqual({ kind: 'carets', cursors: marks.cursors });
  });

  it('sends comment anchors that differ from those shown at once, keeping carets where typing moved them', () => {
    const marks: EditorMarks = { cursors: [tuvalu(12)], comments: [{ id: 'c', from: 0, to: 4 }] };
    const shown = shownAfter(marks, { from: 3, insert: 'x' }); // the anchor grew inside: 0..5
    expect(marksToDispatch(shown, marks, { cursors: [tuvalu(12)], comments: [{ id: 'c', from: 0, to: 5 }] })).toBeNull();
    expect(marksToDispatch(shown, marks, { cursors: [tuvalu(12)], comments: [{ id: 'c', from: 1, to: 5 }] })).toEqual({
      kind: 'now',
      marks: { cursors: [tuvalu(13)], comments: [{ id: 'c', from: 1, to: 5 }] },
    });
  });
});

describe('MarksCourier (carets moved by presence wait for the words that moved them)', () => {
  const tuvalu = (at: number) => ({ party: 'aa', name: 'Tuvalu', from: at, to: at, colour: 'red', tint: 'pink' });
  /** An editor stand-in: a state that transactions update, as EditorView.dispatch does. */
  function editor(courier: MarksCourier) {
    let state = EditorState.create({
      doc: 'Recognising the Parties',
      extensions: [draftEditorExtensions({ ytext: new Y.Doc().getText('t'), label: 'P', commands: { current: { escape: () => {} } }, brackets: false }), courier.extension],
    });
    let dispatches = 0;
    const view = {
      get state() {
        return state;
      },
      dispatch: (spec: TransactionSpec) => {
        dispatches++;
        state = state.update(spec).state;
      },
    };
    courier.attach(view as unknown as EditorView);
    view.dispatch({ effects: setMarks.of({ cursors: [tuvalu(12)], comments: [{ id: 'c', from: 14, to: 17 }] }) });
    return { view, dispatches: () => dispatches - 1 };
  }
  /** The end of the inbox's batch, run by hand. */
  function batch() {
    const waiting: (() => void)[] = [];
    return { later: (release: () => void) => void waiting.push(release), end: () => waiting.splice(0).forEach((release) => release()), size: () => waiting.length };
  }

  it("draws held carets with the node's next words, in the same transaction", () => {
    const end = batch();
    const courier = new MarksCourier(end.later);
    const { view, dispatches } = editor(courier);
    courier.hold([tuvalu(13)]); // Tuvalu typed at 12: its presence first
    expect(marksShown(view.state).cursors[0]).toMatchObject({ from: 12 });
    view.dispatch({ changes: { from: 12, insert: 't' }, annotations: ySyncAnnotation.of(SYNC) }); // then its word
    expect(marksShown(view.state)).toMatchObject({ cursors: [{ from: 13 }], comments: [{ from: 15, to: 18 }] });
    end.end(); // nothing left to draw
    expect(dispatches()).toBe(1);
    view.dispatch({ changes: { from: 0, insert: 'A ' } }); // typed here: held carets are not drawn with it
    expect(marksShown(view.state).cursors[0]).toMatchObject({ from: 15 });
    courier.attach(null);
  });

  it('draws them at the end of the batch without words, not at all where they are shown, and at once with comments', () => {
    const end = batch();
    const courier = new MarksCourier(end.later);
    const { view, dispatches } = editor(courier);
    courier.hold([tuvalu(20)]);
    courier.hold([tuvalu(21)]);
    expect(end.size()).toBe(1); // one release per batch
    end.end();
    expect(marksShown(view.state).cursors[0]).toMatchObject({ from: 21 });
    courier.hold([tuvalu(3)]);
    courier.hold([tuvalu(21)]); // back where it is shown: nothing held, nothing drawn
    end.end();
    expect(dispatches()).toBe(1);
    courier.hold([tuvalu(5)]);
    courier.now({ cursors: [tuvalu(20)], comments: [] });
    expect(marksShown(view.state)).toEqual({ cursors: [tuvalu(5)], comments: [] });
    end.end();
    expect(dispatches()).toBe(2);
    courier.attach(null);
  });
});

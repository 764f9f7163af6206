/**
 * The CodeMirror pieces of a text's live editor: brackets drawn from the Y.Text's `bracket`
 * attribute, other parties' cursors and comment anchors pushed in from outside, the draft's keys,
 * the serif look, and typing that follows the node's bracket rule.
 */
import { RangeSetBuilder, StateEffect, StateField, type ChangeDesc, type EditorState, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, WidgetType, keymap, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { ySyncAnnotation, ySyncFacet } from 'y-codemirror.next';
import * as Y from 'yjs';
import { bracketRanges, typedAttributes, type BracketRange, type DeltaOp } from './bracket-ranges.js';
import type { CommentRange } from './paragraph-pieces.js';

export interface EditorCursor {
  readonly party: string;
  readonly name: string;
  readonly from: number;
  readonly to: number;
  /** CSS colour value (may be light-dark()). */
  readonly colour: string;
  readonly tint: string;
}

export interface EditorMarks {
  readonly cursors: readonly EditorCursor[];
  readonly comments: readonly CommentRange[];
}

/** What the draft does on the editor's keys; read through a ref, so the editor is built once. */
export interface EditorCommands {
  /** Enter with the caret at the very end (a paragraph: add the next one). */
  enterAtEnd?(): void;
  /** Ctrl/Cmd+Shift+B on the selection (empty or not). */
  bracket?(from: number, to: number): void;
  /** Alt+ArrowUp / Alt+ArrowDown. */
  move?(step: -1 | 1): void;
  escape(): void;
  /** The selection while the editor has focus; null when it loses it. */
  selection?(range: { from: number; to: number } | null): void;
}

// ---- brackets: from the Y.Text itself ----

class BracketSign extends WidgetType {
  constructor(readonly sign: '[' | ']') {
    super();
  }
  override eq(other: BracketSign): boolean {
    return other.sign === this.sign;
  }
  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'cm-bracket-sign';
    span.textContent = this.sign;
    span.setAttribute('aria-hidden', 'true');
    return span;
  }
}
const OPEN = Decoration.widget({ widget: new BracketSign('['), side: -1 });
const CLOSE = Decoration.widget({ widget: new BracketSign(']'), side: 1 });

export function bracketDecorations(ranges: readonly BracketRange[], length: number): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const range of ranges) {
    const from = Math.min(range.from, length);
    const to = Math.min(range.to, length);
    if (to <= from) continue;
    builder.add(from, from, OPEN);
    builder.add(from, to, Decoration.mark({ class: 'cm-bracket', attributes: { 'data-bracket': range.bracket } }));
    builder.add(to, to, CLOSE);
  }
  return builder.finish();
}

/**
 * Redraws brackets when the text changes, including formatting-only changes from the node (which
 * change no character, so CodeMirror's document does not see them).
 */
function bracketsOf(ytext: Y.Text): Extension {
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      private destroyed = false;
      private readonly observer = (_event: Y.YTextEvent, transaction: Y.Transaction): void => {
        if (transaction.origin === this.view.state.facet(ySyncFacet)) return; // this editor's typing: update() sees it
        // Not from inside Yjs's observer call: CodeMirror may be mid-update.
        queueMicrotask(() => {
          if (!this.destroyed) this.view.dispatch({ effects: refreshBrackets.of(null) });
        });
      };
      constructor(private readonly view: EditorView) {
        this.decorations = this.compute();
        ytext.observe(this.observer);
      }
      update(update: ViewUpdate): void {
        if (update.docChanged || update.transactions.some((t) => t.effects.some((e) => e.is(refreshBrackets)))) this.decorations = this.compute();
      }
      destroy(): void {
        this.destroyed = true;
        ytext.unobserve(this.observer);
      }
      private compute(): DecorationSet {
        return bracketDecorations(bracketRanges(ytext.toDelta() as DeltaOp[]), this.view.state.doc.length);
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
}
const refreshBrackets = StateEffect.define<null>();

// ---- other parties' cursors and comment anchors: pushed in ----

export const setMarks = StateEffect.define<EditorMarks>();

class Caret extends WidgetType {
  constructor(
    readonly name: string,
    readonly colour: string,
  ) {
    super();
  }
  override eq(other: Caret): boolean {
    return other.name === this.name && other.colour === this.colour;
  }
  toDOM(): HTMLElement {
    const caret = document.createElement('span');
    caret.className = 'remote-caret';
    caret.style.setProperty('--party-colour', this.colour);
    caret.title = this.name;
    caret.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.className = 'remote-caret-name';
    label.textContent = this.name;
    caret.append(label);
    return caret;
  }
  override ignoreEvent(): boolean {
    return true;
  }
}

export function markDecorations(marks: EditorMarks, length: number): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  const clamp = (n: number) => Math.min(length, Math.max(0, n));
  for (const comment of marks.comments) {
    const from = clamp(comment.from);
    const to = clamp(comment.to);
    if (to > from) ranges.push(Decoration.mark({ class: 'comment-anchor', attributes: { 'data-comment': comment.id } }).range(from, to));
  }
  for (const cursor of marks.cursors) {
    const from = clamp(cursor.from);
    const to = clamp(cursor.to);
    if (to > from) ranges.push(Decoration.mark({ class: 'remote-selection', attributes: { style: `background: ${cursor.tint}` } }).range(from, to));
    ranges.push(Decoration.widget({ widget: new Caret(cursor.name, cursor.colour), side: 1 }).range(to));
  }
  return Decoration.set(ranges, true);
}

/** Whether two sets of marks draw the same decorations. */
export function sameMarks(a: EditorMarks, b: EditorMarks): boolean {
  return a === b || (sameComments(a.comments, b.comments) && sameCursors(a.cursors, b.cursors));
}

function sameComments(a: readonly CommentRange[], b: readonly CommentRange[]): boolean {
  return (
    a.length === b.length &&
    a.every((c, i) => {
      const d = b[i]!;
      return c.id === d.id && c.from === d.from && c.to === d.to;
    })
  );
}

function sameCursors(a: readonly EditorCursor[], b: readonly EditorCursor[]): boolean {
  return (
    a.length === b.length &&
    a.every((c, i) => {
      const d = b[i]!;
      return c.party === d.party && c.name === d.name && c.from === d.from && c.to === d.to && c.colour === d.colour && c.tint === d.tint;
    })
  );
}

/**
 * The marks to dispatch to an editor when a paragraph re-renders with `next`, or null when none
 * need be (each dispatch to the focused editor redraws its line and re-sets the DOM selection,
 * which lays out the page: ~1 ms in a long treaty). `shown` are the marks as the editor shows them
 * now (moved with the text since they were set), `sent` the marks last dispatched.
 * - Other parties' cursors are dispatched when presence moved them (they differ from `sent`), not
 *   because words were typed: the editor moves them with the text itself (marksField). Typing
 *   before a caret re-renders the paragraph with the same presence on each keystroke, and must not
 *   put the caret back where it was before the words.
 * - Comment anchors come from the text itself (Yjs positions), so they are compared with `shown`.
 */
export function marksToDispatch(shown: EditorMarks, sent: EditorMarks | null, next: EditorMarks): EditorMarks | null {
  const moved = sent === null || !sameCursors(sent.cursors, next.cursors);
  const marks = moved ? next : { cursors: shown.cursors, comments: next.comments };
  return sameMarks(shown, marks) ? null : marks;
}

/**
 * The marks shown, kept in step with the text between two setMarks: a caret stays by the letter it
 * stood by while words are typed around it. The marks themselves are kept (mapped), not only their
 * decorations, so the editor can tell whether new marks would change anything (marksShown).
 */
interface ShownMarks {
  readonly marks: EditorMarks;
  readonly decorations: DecorationSet;
}

const NO_MARKS: ShownMarks = { marks: { cursors: [], comments: [] }, decorations: Decoration.none };

/**
 * The marks after a change of the text. Words typed here move other parties' cursors (a caret
 * stays by its letter); words from the node (`remote`) do not: a party's presence counts its own
 * words already (it is sent as they are typed, and often arrives before them), and a party whose
 * text moves under its caret reports its new place. Comment anchors move with any words.
 */
export function mapMarks(marks: EditorMarks, changes: ChangeDesc, remote = false): EditorMarks {
  const after = (pos: number) => changes.mapPos(pos, 1);
  const before = (pos: number) => changes.mapPos(pos, -1);
  const kept = (pos: number) => Math.min(pos, changes.newLength);
  return {
    // A comment's anchor does not grow with words typed at its edges; a caret moves past words typed at it.
    comments: marks.comments.map((c) => ({ ...c, from: after(c.from), to: Math.max(after(c.from), before(c.to)) })),
    cursors: remote
      ? marks.cursors.map((c) => ({ ...c, from: kept(c.from), to: kept(c.to) }))
      : marks.cursors.map((c) => ({ ...c, from: Math.min(after(c.from), after(c.to)), to: after(c.to) })),
  };
}

const marksField = StateField.define<ShownMarks>({
  create: () => NO_MARKS,
  update(value, transaction) {
    let next = value;
    if (transaction.docChanged && (value.marks.cursors.length > 0 || value.marks.comments.length > 0)) {
      const marks = mapMarks(value.marks, transaction.changes, transaction.annotation(ySyncAnnotation) !== undefined);
      next = { marks, decorations: markDecorations(marks, transaction.newDoc.length) };
    }
    for (const effect of transaction.effects) {
      if (effect.is(setMarks)) next = { marks: effect.value, decorations: markDecorations(effect.value, transaction.newDoc.length) };
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field, (shown) => shown.decorations),
});

/** The marks the editor shows now (as last set, moved with the text since). */
export function marksShown(state: EditorState): EditorMarks {
  return state.field(marksField, false)?.marks ?? NO_MARKS.marks;
}

// ---- keys, look, selection ----

function draftKeys(commands: { readonly current: EditorCommands }): Extension {
  return keymap.of([
    {
      key: 'Enter',
      run: (view) => {
        const selection = view.state.selection.main;
        if (selection.empty && selection.head === view.state.doc.length) commands.current.enterAtEnd?.();
        return true; // a paragraph holds no line breaks
      },
    },
    { key: 'Shift-Enter', run: () => true },
    {
      key: 'Mod-Shift-b',
      preventDefault: true,
      run: (view) => {
        const selection = view.state.selection.main;
        commands.current.bracket?.(selection.from, selection.to); // an empty one is refused there, in words
        return true;
      },
    },
    { key: 'Alt-ArrowUp', run: () => (commands.current.move?.(-1), true) },
    { key: 'Alt-ArrowDown', run: () => (commands.current.move?.(1), true) },
    { key: 'Escape', run: () => (commands.current.escape(), true) },
  ]);
}

const look = EditorView.theme({
  '&': { fontFamily: 'var(--font-text)', fontSize: 'inherit', lineHeight: 'inherit', color: 'inherit', background: 'transparent' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'inherit', lineHeight: 'inherit', overflow: 'visible' },
  '.cm-content': { padding: '0', caretColor: 'var(--fg)', fontFamily: 'inherit' },
  '.cm-line': { padding: '0' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
});

function selectionReports(commands: { readonly current: EditorCommands }): Extension {
  return [
    EditorView.updateListener.of((update) => {
      if ((update.selectionSet || update.docChanged || update.focusChanged) && update.view.hasFocus) {
        const { from, to } = update.state.selection.main;
        commands.current.selection?.({ from, to });
      }
    }),
    EditorView.domEventHandlers({
      blur: () => {
        commands.current.selection?.(null);
        return false;
      },
    }),
  ];
}

/**
 * Yjs gives text inserted without attributes its left neighbour's, so a word typed just after
 * a bracket would join it; the node's rule (draft.insertText) is that only text typed strictly
 * inside a span joins it. y-codemirror.next inserts without attributes, so while an editor is
 * bound, its Y.Text supplies them. Returns the undo.
 */
export function followBracketRule(ytext: Y.Text): () => void {
  const insert = Y.Text.prototype.insert;
  ytext.insert = function (this: Y.Text, index: number, text: string, attributes?: Record<string, unknown>): void {
    insert.call(this, index, text, attributes ?? typedAttributes(bracketRanges(this.toDelta() as DeltaOp[]), index));
  };
  return () => void Reflect.deleteProperty(ytext, 'insert');
}

export interface EditorSetup {
  readonly ytext: Y.Text;
  readonly label: string;
  readonly commands: { readonly current: EditorCommands };
  /** Paragraphs show brackets; titles and headings have none. */
  readonly brackets: boolean;
  /** The id of what describes the text (who else is editing here). */
  readonly describedBy?: string;
}

/** Everything but the Yjs binding itself (yCollab), which the component adds first. */
export function draftEditorExtensions(setup: EditorSetup): Extension {
  return [
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({
      'aria-label': setup.label,
      'aria-multiline': setup.brackets ? 'true' : 'false',
      ...(setup.describedBy !== undefined && { 'aria-describedby': setup.describedBy }),
    }),
    look,
    draftKeys(setup.commands),
    selectionReports(setup.commands),
    marksField,
    setup.brackets ? bracketsOf(setup.ytext) : [],
  ];
}

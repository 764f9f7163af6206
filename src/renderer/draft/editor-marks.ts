/**
 * Other parties' cursors and comment anchors in a text's live editor: pushed in from presence and
 * the comments (setMarks), moved with the words typed here between two pushes, and drawn as
 * decorations. Each redraw of the focused editor's line re-sets the DOM selection, which lays out
 * the page (~1 ms in a long treaty), so marks are pushed only when they change what is drawn, and
 * a caret moved by presence waits for the words that moved it, to be drawn with them.
 */
import { EditorState, StateEffect, StateField, type ChangeDesc, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';
import { ySyncAnnotation } from 'y-codemirror.next';
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

export const setMarks = StateEffect.define<EditorMarks>();
/** Other parties' cursors alone (comment anchors stay as shown). */
export const setCursors = StateEffect.define<readonly EditorCursor[]>();

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

/** What a paragraph's re-render asks of its editor's marks (marksToDispatch). */
export type MarksChange =
  /** Presence moved other parties' cursors: they may wait for the words that moved them. */
  | { readonly kind: 'carets'; readonly cursors: readonly EditorCursor[] }
  /** Comment anchors differ from those shown: drawn at once. */
  | { readonly kind: 'now'; readonly marks: EditorMarks };

/**
 * What to send an editor when a paragraph re-renders with `next`, or null when nothing need be
 * (a paragraph re-renders on every keystroke). `shown` are the marks as the editor shows them now
 * (moved with the text since they were set), `sent` the marks last sent.
 * - Other parties' cursors are sent when presence moved them (they differ from `sent`), not
 *   because words were typed: the editor moves them with the text itself (marksField). Typing
 *   before a caret re-renders the paragraph with the same presence on each keystroke, and must not
 *   put the caret back where it was before the words.
 * - Comment anchors come from the text itself (Yjs positions), so they are compared with `shown`.
 */
export function marksToDispatch(shown: EditorMarks, sent: EditorMarks | null, next: EditorMarks): MarksChange | null {
  const moved = sent === null || !sameCursors(sent.cursors, next.cursors);
  if (!sameComments(shown.comments, next.comments)) return { kind: 'now', marks: moved ? next : { cursors: shown.cursors, comments: next.comments } };
  return moved ? { kind: 'carets', cursors: next.cursors } : null;
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
 * stays by its letter). Words from the node (`remote`) move a caret only when they were written
 * right at it (a party typing moves its own caret along, and the caret then stays before the
 * letter after it, so the line's other text is not rewritten); words before it do not: a party's
 * presence counts its own words already (it is sent as they are typed, and often arrives before
 * them), and a party whose text moves under its caret reports its new place. Comment anchors move
 * with any words.
 */
export function mapMarks(marks: EditorMarks, changes: ChangeDesc, remote = false): EditorMarks {
  const after = (pos: number) => changes.mapPos(pos, 1);
  const before = (pos: number) => changes.mapPos(pos, -1);
  const kept = (pos: number) => {
    let typedAt = 0;
    changes.iterChangedRanges((fromA, toA, fromB, toB) => {
      if (fromA === pos && toA === pos) typedAt += toB - fromB;
    });
    return Math.min(pos + typedAt, changes.newLength);
  };
  return {
    // A comment's anchor does not grow with words typed at its edges; a caret moves past words typed at it.
    comments: marks.comments.map((c) => ({ ...c, from: after(c.from), to: Math.max(after(c.from), before(c.to)) })),
    cursors: remote
      ? marks.cursors.map((c) => ({ ...c, from: kept(c.from), to: kept(c.to) }))
      : marks.cursors.map((c) => ({ ...c, from: Math.min(after(c.from), after(c.to)), to: after(c.to) })),
  };
}

export const marksField = StateField.define<ShownMarks>({
  create: () => NO_MARKS,
  update(value, transaction) {
    let next = value;
    if (transaction.docChanged && (value.marks.cursors.length > 0 || value.marks.comments.length > 0)) {
      const marks = mapMarks(value.marks, transaction.changes, transaction.annotation(ySyncAnnotation) !== undefined);
      next = { marks, decorations: markDecorations(marks, transaction.newDoc.length) };
    }
    for (const effect of transaction.effects) {
      const marks = effect.is(setMarks) ? effect.value : effect.is(setCursors) ? { cursors: effect.value, comments: next.marks.comments } : null;
      if (marks !== null) next = { marks, decorations: markDecorations(marks, transaction.newDoc.length) };
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field, (shown) => shown.decorations),
});

/** The marks the editor shows now (as last set, moved with the text since). */
export function marksShown(state: EditorState): EditorMarks {
  return state.field(marksField, false)?.marks ?? NO_MARKS.marks;
}

/**
 * Carets moved by presence, held until the node's next words for this text (a transaction of
 * y-codemirror's, extended with them: one redraw for both) or the end of the inbox's batch they
 * arrived in, whichever comes first (a party's presence is sent as it types and often arrives just
 * before its words). Comments and anything more urgent go at once (`now`), with what was held.
 */
export class MarksCourier {
  private held: readonly EditorCursor[] | null = null;
  private view: EditorView | null = null;

  /** `later` runs a function at the end of the current (or next) batch of the node's news (Inbox.addLast). */
  constructor(private readonly later: (release: () => void) => void) {}

  /** Give to the editor's extensions. */
  readonly extension: Extension = EditorState.transactionExtender.of((transaction) => {
    if (this.held === null || transaction.annotation(ySyncAnnotation) === undefined) return null;
    return { effects: setCursors.of(this.take()!) };
  });

  attach(view: EditorView | null): void {
    this.view = view;
    if (view === null) this.take();
  }

  /** Carets moved by presence: drawn with the node's next words, or at the end of the batch (not at all where they are shown). */
  hold(cursors: readonly EditorCursor[]): void {
    if (this.view !== null && sameCursors(marksShown(this.view.state).cursors, cursors)) {
      this.take();
      return;
    }
    const waiting = this.held !== null;
    this.held = cursors;
    if (!waiting) this.later(this.release);
  }

  /** Drawn now; carets held are drawn with them. */
  now(marks: EditorMarks): void {
    const held = this.take();
    this.view?.dispatch({ effects: setMarks.of(held === null ? marks : { cursors: held, comments: marks.comments }) });
  }

  private readonly release = (): void => {
    const cursors = this.take();
    if (cursors !== null) this.view?.dispatch({ effects: setCursors.of(cursors) });
  };

  private take(): readonly EditorCursor[] | null {
    const held = this.held;
    this.held = null;
    return held;
  }
}

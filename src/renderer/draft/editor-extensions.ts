/**
 * The CodeMirror pieces of a text's live editor: brackets drawn from the Y.Text's `bracket`
 * attribute, other parties' cursors and comment anchors (editor-marks.ts), the draft's keys, the
 * serif look, and typing that follows the node's bracket rule.
 */
import { RangeSetBuilder, StateEffect, type Extension } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, WidgetType, keymap, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { ySyncFacet } from 'y-codemirror.next';
import * as Y from 'yjs';
import { bracketRanges, typedAttributes, type BracketRange, type DeltaOp } from './bracket-ranges.js';
import { marksField } from './editor-marks.js';

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

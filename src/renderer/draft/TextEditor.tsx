/**
 * The live editor of one text (a paragraph, the title, a heading): CodeMirror 6 bound to the
 * Y.Text with y-codemirror.next, so typing is a local Yjs edit and never waits for the node.
 * Mounted only while its text is the active one.
 */
import { defaultKeymap } from '@codemirror/commands';
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import * as Y from 'yjs';
import type { CaretPlacement } from './active-target.js';
import { draftEditorExtensions, followBracketRule, type EditorCommands } from './editor-extensions.js';
import { MarksCourier, marksShown, marksToDispatch, setMarks, type EditorMarks } from './editor-marks.js';
import { IMMEDIATE, type Inbox } from './node-inbox.js';
import { clampPosition } from './presence-positions.js';

export interface TextEditorHandle {
  /** The selection now, in the text's positions. */
  selection(): { from: number; to: number };
  focus(): void;
}

export interface TextEditorProps {
  readonly ytext: Y.Text;
  /** The editor's accessible name, e.g. "Article 2, paragraph 1". */
  readonly label: string;
  readonly brackets: boolean;
  readonly commands: EditorCommands;
  readonly marks: EditorMarks;
  readonly caret: CaretPlacement;
  /** The id of what describes the text (who else is editing here). */
  readonly describedBy?: string;
  readonly handle?: Ref<TextEditorHandle>;
  /** Where the node's news waits to be drawn (node-inbox.ts): carets moved by presence are drawn at the end of its batch. */
  readonly inbox?: Inbox;
}

export function TextEditor({ ytext, label, brackets, commands, marks, caret, describedBy, handle, inbox = IMMEDIATE }: TextEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(commands);
  latest.current = commands;
  const firstCaret = useRef(caret);
  const latestMarks = useRef(marks);
  latestMarks.current = marks;
  /** The marks last sent (as presence placed them). */
  const sent = useRef<EditorMarks | null>(null);
  const courier = useRef<MarksCourier>(null);
  courier.current ??= new MarksCourier((release) => inbox.addLast(release));

  useEffect(() => {
    const undoManager = new Y.UndoManager(ytext);
    const restore = brackets ? followBracketRule(ytext) : () => {};
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: ytext.toString(),
        extensions: [
          draftEditorExtensions({ ytext, label, commands: latest, brackets, ...(describedBy !== undefined && { describedBy }) }),
          courier.current!.extension,
          keymap.of(yUndoManagerKeymap),
          yCollab(ytext, null, { undoManager }),
          keymap.of(defaultKeymap),
        ],
      }),
    });
    view.current = editor;
    courier.current!.attach(editor);
    const at = caretPosition(editor, firstCaret.current);
    editor.dispatch({ selection: EditorSelection.cursor(at), effects: setMarks.of(latestMarks.current), scrollIntoView: true });
    sent.current = latestMarks.current;
    editor.focus();
    return () => {
      view.current = null;
      courier.current!.attach(null);
      editor.destroy();
      undoManager.destroy();
      restore();
    };
    // The label and kind of a text do not change while its editor is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ytext]);

  // Only marks that change what is drawn are sent (marksToDispatch), and carets moved by presence
  // wait for the node's words that moved them, within the inbox's batch (MarksCourier): each redraw
  // of the focused line re-sets the DOM selection, which lays out the page (1 ms or more here).
  useEffect(() => {
    if (view.current === null) return;
    const change = marksToDispatch(marksShown(view.current.state), sent.current, marks);
    sent.current = marks;
    if (change?.kind === 'carets') courier.current!.hold(change.cursors);
    else if (change?.kind === 'now') courier.current!.now(change.marks);
  }, [marks]);

  useImperativeHandle(
    handle,
    () => ({
      selection: () => {
        const main = view.current?.state.selection.main;
        return main === undefined ? { from: 0, to: 0 } : { from: main.from, to: main.to };
      },
      focus: () => view.current?.focus(),
    }),
    [],
  );

  return <div ref={host} className="text-editor" />;
}

function caretPosition(editor: EditorView, caret: CaretPlacement): number {
  const text = editor.state.doc.toString();
  if (caret === 'start') return 0;
  if (caret === 'end') return text.length;
  if ('index' in caret) return clampPosition(text, caret.index);
  // Where the reading was clicked: the editor sets the words in the same place.
  const at = editor.posAtCoords({ x: caret.x, y: caret.y });
  return at === null ? text.length : clampPosition(text, at);
}

/**
 * The treaty's title or an article's heading: read, or live in an editor while active. These
 * hold no brackets and no cursors; Enter or Escape leaves the editor.
 */
import { useEffect, useMemo, useRef } from 'react';
import type * as Y from 'yjs';
import type { DraftTarget } from './active-target.js';
import { useDraft } from './draft-context.js';
import type { EditorCommands } from './editor-extensions.js';
import type { EditorMarks } from './editor-marks.js';
import type { Piece } from './paragraph-pieces.js';
import { Reading } from './ParagraphReading.js';
import { TextEditor } from './TextEditor.js';
import { useIsActive, useTextOf } from './use-draft.js';

const NO_MARKS: EditorMarks = { cursors: [], comments: [] };

export interface EditableLineProps {
  readonly text: Y.Text | null;
  readonly target: DraftTarget;
  readonly label: string;
  readonly placeholder: string;
  readonly className: string;
}

export function EditableLine({ text, target, label, placeholder, className }: EditableLineProps) {
  const draft = useDraft();
  const words = useTextOf(text);
  const editing = useIsActive(target);
  const reading = useRef<HTMLDivElement>(null);
  const escaping = useRef(false);
  const pieces = useMemo<Piece[]>(() => [{ kind: 'text', from: 0, text: words, bracket: null, comments: [] }], [words]);

  useEffect(() => {
    if (!editing && escaping.current) reading.current?.focus();
  }, [editing]);

  const leave = () => {
    escaping.current = true;
    draft.active.release(target);
  };
  // A cursor in the title or a heading is in no paragraph: others see none.
  const commands: EditorCommands = { escape: leave, enterAtEnd: leave, selection: () => draft.reporter.report('none') };

  if (editing && text !== null) {
    return (
      <div className={className} onBlur={(e) => e.relatedTarget !== null && !e.currentTarget.contains(e.relatedTarget) && draft.active.release(target)}>
        <TextEditor ytext={text} label={label} brackets={false} commands={commands} marks={NO_MARKS} caret={draft.active.get()?.caret ?? 'end'} inbox={draft.inbox} />
      </div>
    );
  }
  return (
    <Reading
      ref={reading}
      className={className}
      label={label}
      pieces={pieces}
      placeholder={placeholder}
      onOpen={(caret) => text !== null && draft.active.set({ target, caret })}
      onFocus={() => {
        if (escaping.current) escaping.current = false;
        else if (text !== null) draft.active.set({ target, caret: 'end' });
      }}
    />
  );
}

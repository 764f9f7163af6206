/**
 * One paragraph: its number, status, words (read, or live in the editor when it is the active
 * text), its brackets' options, and its tools while edited. It re-renders when its own text,
 * status, brackets, comments or cursors change, and on nothing else.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import * as Y from 'yjs';
import type { AttributionView, ParagraphStatus } from '../../node/api-types.js';
import { partyColourStyle } from '../app/party-colour.js';
import type { CaretPlacement, DraftTarget } from './active-target.js';
import { Attribution } from './Attribution.js';
import { BracketOptions } from './BracketOptions.js';
import { useDraft } from './draft-context.js';
import type { EditorCommands } from './editor-extensions.js';
import type { EditorMarks } from './editor-marks.js';
import { ErrorNote } from './ErrorNote.js';
import { paragraphPieces } from './paragraph-pieces.js';
import { PresenceTags, presenceTagsId } from './PresenceTags.js';
import { Reading } from './ParagraphReading.js';
import { ParagraphToolbar, STATUS_NAMES } from './ParagraphToolbar.js';
import { cursorsIn, sameRemoteCursors, type RemoteCursor } from './presence-positions.js';
import { TextEditor, type TextEditorHandle } from './TextEditor.js';
import { paragraphLabel, type PlacedParagraph } from './treaty-doc.js';
import { useAction } from './use-action.js';
import { useCursors, useIsActive, useParagraph } from './use-draft.js';

export function StatusChip({ status }: { readonly status: ParagraphStatus }) {
  return <span className={`status-chip status-${status}`}>{STATUS_NAMES[status]}</span>;
}

export const ParagraphBlock = memo(function ParagraphBlock({ node }: { readonly node: PlacedParagraph }) {
  const draft = useDraft();
  const label = paragraphLabel(node.place);
  const target = useMemo<DraftTarget>(() => ({ kind: 'paragraph', paragraphId: node.id }), [node.id]);
  const editing = useIsActive(target);
  const [attribution, setAttribution] = useState<AttributionView | null>(null);
  // While edited, the words are the editor's: a keystroke re-renders none of this, unless the
  // words show here too (bracket options, "who wrote this").
  const snapshot = useParagraph(node, (s) => !editing || attribution !== null || s.entries.length > 0);
  const presences = useCursors(node.id);
  const bracketing = useAction();
  const adding = useAction();
  const editor = useRef<TextEditorHandle>(null);
  const reading = useRef<HTMLDivElement>(null);
  const block = useRef<HTMLDivElement>(null);
  /** Escape returns focus to the reading, which must not reopen the editor then. */
  const escaping = useRef(false);

  // The same array while the cursors are the same: words typed re-render the paragraph, and its
  // tags and editor marks need not follow.
  const lastCursors = useRef<readonly RemoteCursor[]>([]);
  const cursors = useMemo(() => {
    // Placed in the words as they are now (while edited, the snapshot's may be older).
    const next = cursorsIn(node.id, presences, editing ? node.text.toString() : snapshot.text, null);
    return sameRemoteCursors(lastCursors.current, next) ? lastCursors.current : (lastCursors.current = next);
  }, [node.id, node.text, presences, snapshot.text, editing]);
  // Only the reading shows pieces: while edited, the paragraph re-renders on every keystroke for nothing else.
  const pieces = useMemo(() => (editing ? [] : paragraphPieces(snapshot.text, snapshot.brackets, snapshot.comments, cursors)), [editing, snapshot, cursors]);
  const marks = useMemo<EditorMarks>(
    () => ({
      comments: snapshot.comments,
      cursors: cursors.map((c) => {
        const style = partyColourStyle(draft.partyColour(c.party));
        return { ...c, colour: style['--party-colour'], tint: style['--party-tint'] };
      }),
    }),
    [snapshot.comments, cursors, draft],
  );

  useEffect(() => {
    if (!editing && escaping.current) reading.current?.focus();
  }, [editing]);

  // "Who wrote this" follows the words: asked again once they have changed (and settled a moment).
  const shownText = attribution?.text ?? null;
  useEffect(() => {
    if (shownText === null || shownText === snapshot.text) return;
    const timer = setTimeout(() => {
      void draft.call('attribution.paragraph', { paragraphId: node.id }).then((result) => {
        if (result.ok) setAttribution((current) => (current === null ? null : result.value));
      });
    }, 500);
    return () => clearTimeout(timer);
  }, [shownText, snapshot.text, draft, node.id]);

  const open = (caret: CaretPlacement) => draft.active.set({ target, caret });

  const bracketRange = useCallback(
    (from: number, to: number) => {
      if (to <= from) return bracketing.fail('Select the words to bracket first.');
      void bracketing.run(() => draft.call('draft.bracketSpan', { paragraphId: node.id, index: from, length: to - from }));
    },
    [bracketing, draft, node.id],
  );
  // Stable, so the toolbar (memoized) does not re-render on every keystroke.
  const editorSelection = useCallback(() => editor.current?.selection() ?? { from: 0, to: 0 }, []);
  const bracketSelection = useCallback(() => {
    const range = editorSelection();
    bracketRange(range.from, range.to);
  }, [editorSelection, bracketRange]);

  const addNext = async () => {
    const list = node.map.parent;
    const at = list instanceof Y.Array ? list.toArray().indexOf(node.map) + 1 : 0;
    const where = node.place.kind === 'preamble' ? ('preamble' as const) : { articleId: node.place.articleId };
    const added = await adding.run(() => draft.call('draft.addParagraph', at > 0 ? { in: where, index: at } : { in: where }));
    if (added !== null) draft.active.set({ target: { kind: 'paragraph', paragraphId: added.id }, caret: 'start' });
  };

  const commands: EditorCommands = {
    enterAtEnd: () => void addNext(),
    bracket: bracketRange,
    move: (step) => {
      const next = draft.neighbour(node.id, step);
      if (next !== null) draft.active.set({ target: { kind: 'paragraph', paragraphId: next }, caret: 'end' });
    },
    escape: () => {
      escaping.current = true;
      draft.active.release(target);
    },
    selection: (range) => draft.reporter.report(range === null ? 'none' : { paragraphId: node.id, index: range.from, length: range.to - range.from }),
  };

  return (
    <div
      ref={block}
      className={`paragraph${editing ? ' is-editing' : ''}`}
      data-paragraph-id={node.id}
      onBlur={(event) => {
        const next = event.relatedTarget;
        // Focus gone nowhere (another window, a removed element): stay; gone elsewhere: leave.
        if (!editing || next === null || block.current?.contains(next)) return;
        draft.active.release(target);
      }}
    >
      <div className="paragraph-number" aria-hidden="true">
        {node.place.kind === 'article' ? `${node.place.number}.` : ''}
      </div>
      <div className="paragraph-body">
        {editing ? (
          <TextEditor
            ytext={node.text}
            label={label}
            brackets
            commands={commands}
            marks={marks}
            caret={draft.active.get()?.caret ?? 'end'}
            describedBy={presenceTagsId(node.id)}
            handle={editor}
            inbox={draft.inbox}
          />
        ) : (
          <Reading
            ref={reading}
            label={label}
            pieces={pieces}
            placeholder="Empty paragraph"
            describedBy={presenceTagsId(node.id)}
            onOpen={open}
            onFocus={() => {
              if (escaping.current) escaping.current = false;
              else open('end');
            }}
          />
        )}
        <div className="paragraph-foot">
          <StatusChip status={snapshot.status} />
          <PresenceTags paragraphId={node.id} cursors={cursors} />
        </div>
        <BracketOptions text={snapshot.text} ranges={snapshot.brackets} entries={snapshot.entries} editing={editing} />
        {attribution !== null && <Attribution view={attribution} onClose={() => setAttribution(null)} />}
        <ErrorNote message={adding.error} />
        {editing && (
          <ParagraphToolbar
            paragraphId={node.id}
            status={snapshot.status}
            selection={editorSelection}
            bracketing={bracketing}
            bracketSelection={bracketSelection}
            attribution={attribution}
            onAttribution={setAttribution}
          />
        )}
      </div>
    </div>
  );
});

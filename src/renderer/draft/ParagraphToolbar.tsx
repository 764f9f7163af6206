/**
 * The tools of the paragraph being edited: its status, bracketing and commenting on the selected
 * words, and "who wrote this". Reached with Tab from the editor; every control is labelled and
 * shows its own error beside it.
 */
import { memo, useId, useState, type FormEvent } from 'react';
import type { AttributionView, ParagraphStatus } from '../../node/api-types.js';
import { useDraft } from './draft-context.js';
import { ErrorNote } from './ErrorNote.js';
import { PARAGRAPH_STATUSES } from './treaty-doc.js';
import { useAction, type Action } from './use-action.js';

export const STATUS_NAMES: Record<ParagraphStatus, string> = {
  pending: 'Pending',
  bracketed: 'Bracketed',
  'agreed-ad-referendum': 'Agreed ad referendum',
  agreed: 'Agreed',
};

export interface ParagraphToolbarProps {
  readonly paragraphId: string;
  readonly status: ParagraphStatus;
  /** The editor's selection now. */
  readonly selection: () => { from: number; to: number };
  /** Brackets the selection (shared with Ctrl/Cmd+Shift+B, whose errors show here too). */
  readonly bracketing: Action;
  readonly bracketSelection: () => void;
  readonly attribution: AttributionView | null;
  readonly onAttribution: (view: AttributionView | null) => void;
}

/** Memoized: the paragraph being edited re-renders on every keystroke, its tools need not. */
export const ParagraphToolbar = memo(function ParagraphToolbar({ paragraphId, status, selection, bracketing, bracketSelection, attribution, onAttribution }: ParagraphToolbarProps) {
  const { call } = useDraft();
  const ids = useId();
  const statusAction = useAction();
  const whoAction = useAction();
  const commenting = useAction();
  const [comment, setComment] = useState<{ from: number; to: number } | null>(null);
  const [body, setBody] = useState('');

  const setStatus = (next: ParagraphStatus) => void statusAction.run(() => call('draft.setParagraphStatus', { paragraphId, status: next }));

  const toggleAttribution = async () => {
    if (attribution !== null) return onAttribution(null);
    const view = await whoAction.run(() => call('attribution.paragraph', { paragraphId }));
    if (view !== null) onAttribution(view);
  };

  const openComment = () => {
    const range = selection();
    if (range.to <= range.from) {
      setComment(null);
      commenting.fail('Select the words to comment on first.');
      return;
    }
    commenting.clear();
    setComment(range);
  };

  const addComment = async (event: FormEvent) => {
    event.preventDefault();
    if (comment === null || body.trim() === '') return;
    const added = await commenting.run(() => call('draft.addComment', { paragraphId, index: comment.from, length: comment.to - comment.from, body }));
    if (added !== null) {
      setBody('');
      setComment(null);
    }
  };

  return (
    <div className="paragraph-toolbar" role="group" aria-label="Paragraph tools">
      <div className="tool-row">
        <label htmlFor={`${ids}-status`}>Status</label>
        <select id={`${ids}-status`} value={status} onChange={(e) => setStatus(e.target.value as ParagraphStatus)} disabled={statusAction.pending}>
          {PARAGRAPH_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_NAMES[s]}
            </option>
          ))}
        </select>
        <button type="button" onClick={bracketSelection} disabled={bracketing.pending} aria-keyshortcuts="Control+Shift+B Meta+Shift+B">
          Bracket selection
        </button>
        <button type="button" onClick={openComment}>
          Comment on selection
        </button>
        <button type="button" aria-pressed={attribution !== null} onClick={toggleAttribution} disabled={whoAction.pending}>
          Who wrote this
        </button>
      </div>
      <ErrorNote message={statusAction.error} />
      <ErrorNote message={bracketing.error} />
      <ErrorNote message={whoAction.error} />
      {comment !== null && (
        <form className="comment-form" onSubmit={addComment}>
          <label htmlFor={`${ids}-comment`}>Comment</label>
          <textarea id={`${ids}-comment`} value={body} onChange={(e) => setBody(e.target.value)} rows={2} autoFocus />
          <div className="tool-row">
            <button type="submit" disabled={commenting.pending || body.trim() === ''}>
              Add comment
            </button>
            <button type="button" className="quiet" onClick={() => setComment(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <ErrorNote message={commenting.error} />
    </div>
  );
});

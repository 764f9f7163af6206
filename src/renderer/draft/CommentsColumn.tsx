/**
 * The comments on the treaty, beside it: who wrote each, the words it is anchored to (as they
 * stand now), and what it says. Choosing one opens its paragraph, with the caret at its words.
 */
import { useMemo } from 'react';
import { partyColourStyle } from '../app/party-colour.js';
import { useDraft } from './draft-context.js';
import { paragraphLabel } from './treaty-doc.js';
import { useComments, useOutline } from './use-draft.js';

export function CommentsColumn() {
  const { active, partyName, partyColour } = useDraft();
  const comments = useComments();
  const outline = useOutline();
  const paragraphs = useMemo(() => new Map(outline.order.map((p) => [p.id, p])), [outline]);
  return (
    <aside className="comments-column" aria-label="Comments">
      <h2>Comments</h2>
      {comments.length === 0 && <p className="placeholder">No comments yet. Select words in a paragraph, then “Comment on selection”.</p>}
      <ol>
        {comments.map((comment) => {
          const paragraph = paragraphs.get(comment.paragraphId);
          const quote = paragraph !== undefined && comment.from !== null && comment.to !== null ? paragraph.text.toString().slice(comment.from, comment.to) : null;
          return (
            <li key={comment.id}>
              <button
                type="button"
                className="comment"
                disabled={paragraph === undefined}
                onClick={() => paragraph !== undefined && active.set({ target: { kind: 'paragraph', paragraphId: paragraph.id }, caret: { index: comment.from ?? 0 } })}
              >
                <span className="comment-author" style={partyColourStyle(partyColour(comment.author))}>
                  {partyName(comment.author)}
                </span>
                {paragraph !== undefined && <span className="comment-where">{paragraphLabel(paragraph.place)}</span>}
                {quote !== null && quote !== '' ? <q className="comment-quote">{quote}</q> : <span className="comment-quote placeholder">(its words are gone)</span>}
                <span className="comment-body">{comment.body}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </aside>
  );
}

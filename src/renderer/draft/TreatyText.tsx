/**
 * The treaty laid out as it reads: title, preamble, "Article N" with its heading and numbered
 * paragraphs, and the controls that add to it. Re-renders when the structure changes only.
 */
import { memo, useId, useState, type FormEvent } from 'react';
import { useDraft } from './draft-context.js';
import { EditableLine } from './EditableLine.js';
import { ErrorNote } from './ErrorNote.js';
import { ParagraphBlock } from './ParagraphBlock.js';
import type { PlacedParagraph } from './treaty-doc.js';
import { useAction } from './use-action.js';
import { useOutline } from './use-draft.js';

const TITLE = { kind: 'title' } as const;

/** Memoized: the room above re-renders on presence and peer events, which change no paragraph. */
export const TreatyText = memo(function TreatyText() {
  const outline = useOutline();
  return (
    <article className="treaty" aria-label="Treaty text">
      <EditableLine text={outline.title} target={TITLE} label="Title" placeholder="Untitled treaty" className="treaty-title" />
      <section className="treaty-part" aria-labelledby="draft-preamble">
        <h2 id="draft-preamble" className="part-heading">
          Preamble
        </h2>
        <Paragraphs list={outline.preamble} />
        <AddParagraph where="preamble" name="the preamble" />
      </section>
      {outline.articles.map((article) => (
        <section key={`${article.number}:${article.id}`} className="treaty-part" aria-labelledby={`draft-article-${article.number}`}>
          <h2 id={`draft-article-${article.number}`} className="part-heading">
            Article {article.number}
          </h2>
          <EditableLine
            text={article.heading}
            target={{ kind: 'heading', articleId: article.id }}
            label={`Article ${article.number}, heading`}
            placeholder="No heading"
            className="article-heading"
          />
          <Paragraphs list={article.paragraphs} />
          <AddParagraph where={{ articleId: article.id }} name={`Article ${article.number}`} />
        </section>
      ))}
      <AddArticle />
    </article>
  );
});

function Paragraphs({ list }: { readonly list: readonly PlacedParagraph[] }) {
  return (
    <div className="paragraphs">
      {list.map((node) => (
        <ParagraphBlock key={node.id} node={node} />
      ))}
    </div>
  );
}

function AddParagraph({ where, name }: { readonly where: 'preamble' | { readonly articleId: string }; readonly name: string }) {
  const { call, active } = useDraft();
  const action = useAction();
  const add = async () => {
    const added = await action.run(() => call('draft.addParagraph', { in: where }));
    if (added !== null) active.set({ target: { kind: 'paragraph', paragraphId: added.id }, caret: 'start' });
  };
  return (
    <div className="add-control">
      <button type="button" className="quiet" onClick={add} disabled={action.pending}>
        Add paragraph<span className="visually-hidden"> to {name}</span>
      </button>
      <ErrorNote message={action.error} />
    </div>
  );
}

function AddArticle() {
  const { call, active } = useDraft();
  const action = useAction();
  const [heading, setHeading] = useState('');
  const id = useId();
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const added = await action.run(() => call('draft.addArticle', { heading }));
    if (added === null) return; // the heading stays, to try again
    setHeading('');
    active.set({ target: { kind: 'heading', articleId: added.id }, caret: 'end' });
  };
  return (
    <form className="add-article inline-form" onSubmit={add}>
      <label htmlFor={id}>New article heading</label>
      <input id={id} value={heading} onChange={(e) => setHeading(e.target.value)} disabled={action.pending} />
      <button type="submit" disabled={action.pending}>
        Add article
      </button>
      <ErrorNote message={action.error} />
    </form>
  );
}

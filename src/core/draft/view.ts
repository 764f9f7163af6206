/**
 * A plain snapshot of the treaty's structure, for the UI and for tests: no Yjs types inside,
 * and the same on every replica holding the same edits (map entries sorted by id).
 */
import type * as Y from 'yjs';
import { readComments, type CommentView } from './comments.js';
import { bracketRuns } from './runs.js';
import {
  alternativesOf,
  articlesOf,
  findBracket,
  paragraphsIn,
  sortedKeys,
  statusOf,
  treatyRoots,
  type ParagraphNode,
  type ParagraphStatus,
} from './schema.js';

export type Segment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bracket'; readonly bracketId: string; readonly text: string };

export interface ParagraphView {
  readonly id: string;
  readonly status: ParagraphStatus;
  readonly text: string;
  readonly segments: readonly Segment[];
}

export interface ArticleView {
  readonly id: string;
  /** 1-based position, as in "Article N". */
  readonly number: number;
  readonly heading: string;
  readonly paragraphs: readonly ParagraphView[];
}

export interface AlternativeView {
  readonly id: string;
  readonly text: string;
  readonly proposer: string;
}

export interface BracketView {
  readonly id: string;
  readonly proposer: string;
  readonly paragraphId: string;
  readonly alternatives: readonly AlternativeView[];
}

export interface TreatyView {
  readonly title: string;
  readonly preamble: readonly ParagraphView[];
  readonly articles: readonly ArticleView[];
  readonly brackets: readonly BracketView[];
  readonly comments: readonly CommentView[];
}

function viewParagraph(p: ParagraphNode): ParagraphView {
  const segments: Segment[] = bracketRuns(p.text).map((run) =>
    run.bracket === null ? { kind: 'text', text: run.text } : { kind: 'bracket', bracketId: run.bracket, text: run.text },
  );
  return { id: p.id, status: statusOf(p.map), text: p.text.toString(), segments };
}

export function readTreaty(doc: Y.Doc): TreatyView {
  const roots = treatyRoots(doc);
  const brackets: BracketView[] = [];
  for (const id of sortedKeys(roots.brackets)) {
    const bracket = findBracket(doc, id);
    if (bracket === undefined) continue;
    brackets.push({
      id,
      proposer: bracket.proposer,
      paragraphId: bracket.paragraph,
      alternatives: alternativesOf(bracket).map((a) => ({ id: a.id, text: a.text.toString(), proposer: a.proposer })),
    });
  }
  return {
    title: roots.title.toString(),
    preamble: paragraphsIn(roots.preamble).map(viewParagraph),
    articles: articlesOf(doc).map((a, i) => ({
      id: a.id,
      number: i + 1,
      heading: a.heading?.toString() ?? '',
      paragraphs: paragraphsIn(a.paragraphs).map(viewParagraph),
    })),
    brackets,
    comments: readComments(doc),
  };
}

/**
 * The treaty's Y.Doc as the renderer reads it. The layout is the node's (docs/api.md, "Yjs sync
 * channel"; src/core/draft/schema.ts), which the renderer may not import, so it is read here again:
 *
 *   title      Y.Text
 *   preamble   Y.Array<Paragraph>
 *   articles   Y.Array<Y.Map { id, heading: Y.Text, paragraphs: Y.Array<Paragraph> }>
 *   brackets   Y.Map<id, Y.Map { proposer, paragraph, alternatives: Y.Array<Y.Map { id, text: Y.Text, proposer }> }>
 *   comments   Y.Map<id, Y.Map { author, body, paragraph, anchorStart, anchorEnd, createdAt }>
 *   Paragraph = Y.Map { id, text: Y.Text, status }
 *
 * A bracketed span carries the format attribute `bracket: <id>` in its paragraph's text.
 * Every party can write anything Yjs expresses, so every reader is total, as the core's are:
 * malformed entries are skipped, missing fields read as empty, map entries are read sorted by id.
 */
import * as Y from 'yjs';
import type { ParagraphStatus } from '../../node/api-types.js';

export const PARAGRAPH_STATUSES: readonly ParagraphStatus[] = ['pending', 'bracketed', 'agreed-ad-referendum', 'agreed'];

export interface TreatyRoots {
  readonly title: Y.Text;
  readonly preamble: Y.Array<unknown>;
  readonly articles: Y.Array<unknown>;
  readonly brackets: Y.Map<unknown>;
  readonly comments: Y.Map<unknown>;
}

export function treatyRoots(doc: Y.Doc): TreatyRoots {
  return {
    title: doc.getText('title'),
    preamble: doc.getArray('preamble'),
    articles: doc.getArray('articles'),
    brackets: doc.getMap('brackets'),
    comments: doc.getMap('comments'),
  };
}

export function stringField(map: Y.Map<unknown>, key: string): string {
  const value = map.get(key);
  return typeof value === 'string' ? value : '';
}

export function textField(map: Y.Map<unknown>, key: string): Y.Text | null {
  const value = map.get(key);
  return value instanceof Y.Text ? value : null;
}

export function statusOf(map: Y.Map<unknown>): ParagraphStatus {
  const value = map.get('status');
  return PARAGRAPH_STATUSES.includes(value as ParagraphStatus) ? (value as ParagraphStatus) : 'pending';
}

export interface ParagraphNode {
  readonly id: string;
  readonly map: Y.Map<unknown>;
  readonly text: Y.Text;
}

export interface ArticleNode {
  readonly id: string;
  readonly map: Y.Map<unknown>;
  readonly heading: Y.Text | null;
  readonly paragraphs: readonly ParagraphNode[];
}

/** The well-formed paragraphs of a list, in order. */
export function paragraphsIn(list: unknown): ParagraphNode[] {
  const out: ParagraphNode[] = [];
  if (!(list instanceof Y.Array)) return out;
  for (const entry of list.toArray() as unknown[]) {
    if (!(entry instanceof Y.Map)) continue;
    const text = textField(entry, 'text');
    if (text === null) continue;
    out.push({ id: stringField(entry, 'id'), map: entry, text });
  }
  return out;
}

/** The articles, in order (an article with no paragraph list has no paragraphs). */
export function articlesOf(doc: Y.Doc): ArticleNode[] {
  const out: ArticleNode[] = [];
  for (const entry of treatyRoots(doc).articles.toArray()) {
    if (!(entry instanceof Y.Map)) continue;
    out.push({ id: stringField(entry, 'id'), map: entry, heading: textField(entry, 'heading'), paragraphs: paragraphsIn(entry.get('paragraphs')) });
  }
  return out;
}

/** Where a paragraph stands: in the preamble, or numbered in an article. */
export type ParagraphPlace = { readonly kind: 'preamble'; readonly number: number } | { readonly kind: 'article'; readonly article: number; readonly articleId: string; readonly number: number };

export interface PlacedParagraph extends ParagraphNode {
  readonly place: ParagraphPlace;
}

/**
 * The treaty's structure, without its words: what the paragraph list renders. Paragraphs whose
 * id is empty or repeats an earlier one are left out (a party's malformed write); the first wins,
 * as in the node's readers.
 */
export interface TreatyOutline {
  readonly title: Y.Text;
  readonly preamble: readonly PlacedParagraph[];
  readonly articles: readonly { readonly id: string; readonly number: number; readonly heading: Y.Text | null; readonly paragraphs: readonly PlacedParagraph[] }[];
  /** Every paragraph in document order. */
  readonly order: readonly PlacedParagraph[];
}

export function readOutline(doc: Y.Doc): TreatyOutline {
  const seen = new Set<string>();
  const order: PlacedParagraph[] = [];
  const keep = (p: ParagraphNode, place: ParagraphPlace): PlacedParagraph | null => {
    if (p.id === '' || seen.has(p.id)) return null;
    seen.add(p.id);
    const placed = { ...p, place };
    order.push(placed);
    return placed;
  };
  const preamble: PlacedParagraph[] = [];
  for (const p of paragraphsIn(treatyRoots(doc).preamble)) {
    const placed = keep(p, { kind: 'preamble', number: preamble.length + 1 });
    if (placed !== null) preamble.push(placed);
  }
  const articles = articlesOf(doc).map((a, i) => {
    const paragraphs: PlacedParagraph[] = [];
    for (const p of a.paragraphs) {
      const placed = keep(p, { kind: 'article', article: i + 1, articleId: a.id, number: paragraphs.length + 1 });
      if (placed !== null) paragraphs.push(placed);
    }
    return { id: a.id, number: i + 1, heading: a.heading, paragraphs };
  });
  return { title: treatyRoots(doc).title, preamble, articles, order };
}

/** "Article 2, paragraph 1" / "Preamble, paragraph 3": the name of a paragraph's editor. */
export function paragraphLabel(place: ParagraphPlace): string {
  return place.kind === 'preamble' ? `Preamble, paragraph ${place.number}` : `Article ${place.article}, paragraph ${place.number}`;
}

export interface AlternativeEntry {
  readonly id: string;
  readonly text: string;
  readonly proposer: string;
}

export interface BracketEntry {
  readonly id: string;
  readonly proposer: string;
  /** The paragraph the bracket was opened in. */
  readonly paragraph: string;
  readonly alternatives: readonly AlternativeEntry[];
}

/** A bracket's entry, or undefined if there is none of the right shape. */
export function readBracket(doc: Y.Doc, id: string): BracketEntry | undefined {
  const map = treatyRoots(doc).brackets.get(id);
  if (!(map instanceof Y.Map)) return undefined;
  const list = map.get('alternatives');
  const alternatives: AlternativeEntry[] = [];
  if (list instanceof Y.Array) {
    for (const entry of list.toArray() as unknown[]) {
      if (!(entry instanceof Y.Map)) continue;
      const text = textField(entry, 'text');
      if (text === null) continue;
      alternatives.push({ id: stringField(entry, 'id'), text: text.toString(), proposer: stringField(entry, 'proposer') });
    }
  }
  return { id, proposer: stringField(map, 'proposer'), paragraph: stringField(map, 'paragraph'), alternatives };
}

export interface CommentEntry {
  readonly id: string;
  readonly author: string;
  readonly body: string;
  readonly paragraphId: string;
  /** Where its words are now in the paragraph's text; null once they are gone (or never resolved). */
  readonly from: number | null;
  readonly to: number | null;
  readonly createdAt: number;
}

function resolveAnchor(doc: Y.Doc, anchor: unknown, text: Y.Text | undefined): number | null {
  if (!(anchor instanceof Uint8Array) || text === undefined) return null;
  try {
    const absolute = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(anchor), doc);
    return absolute !== null && absolute.type === text ? absolute.index : null;
  } catch {
    return null; // a malformed anchor: the comment stays, unplaced
  }
}

/** One comment, placed in its paragraph's text (`texts`: paragraph id → text); undefined if malformed. */
export function readComment(doc: Y.Doc, id: string, texts: ReadonlyMap<string, Y.Text>): CommentEntry | undefined {
  const entry = treatyRoots(doc).comments.get(id);
  if (!(entry instanceof Y.Map)) return undefined;
  const paragraphId = stringField(entry, 'paragraph');
  const text = texts.get(paragraphId);
  let from = resolveAnchor(doc, entry.get('anchorStart'), text);
  let to = resolveAnchor(doc, entry.get('anchorEnd'), text);
  if (from === null || to === null || to < from) from = to = null;
  const createdAt = entry.get('createdAt');
  return {
    id,
    author: stringField(entry, 'author'),
    body: stringField(entry, 'body'),
    paragraphId,
    from,
    to,
    createdAt: typeof createdAt === 'number' && Number.isSafeInteger(createdAt) ? createdAt : 0,
  };
}

/** The paragraph a comment names, or null if the entry is malformed. */
export function commentParagraph(doc: Y.Doc, id: string): string | null {
  const entry = treatyRoots(doc).comments.get(id);
  return entry instanceof Y.Map ? stringField(entry, 'paragraph') : null;
}

/**
 * The comments, sorted by id. `texts` maps paragraph ids to their texts (readOutline's order);
 * pass `onlyParagraph` to read one paragraph's comments.
 */
export function readComments(doc: Y.Doc, texts: ReadonlyMap<string, Y.Text>, onlyParagraph?: string): CommentEntry[] {
  const out: CommentEntry[] = [];
  for (const id of [...treatyRoots(doc).comments.keys()].sort()) {
    if (onlyParagraph !== undefined && commentParagraph(doc, id) !== onlyParagraph) continue;
    const comment = readComment(doc, id, texts);
    if (comment !== undefined) out.push(comment);
  }
  return out;
}

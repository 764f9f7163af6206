/**
 * The treaty, as shared Yjs types on one Y.Doc:
 *
 *   title      Y.Text
 *   preamble   Y.Array<Paragraph>
 *   articles   Y.Array<Y.Map { id: string, heading: Y.Text, paragraphs: Y.Array<Paragraph> }>
 *   brackets   Y.Map<id, Y.Map { proposer: PartyId, paragraph: id,
 *                                alternatives: Y.Array<Y.Map { id, text: Y.Text, proposer }> }>
 *   comments   Y.Map<id, Y.Map { author, body, paragraph, anchorStart, anchorEnd, createdAt }>
 *   Paragraph = Y.Map { id: string, text: Y.Text, status: ParagraphStatus }
 *
 * A bracketed span is marked in its paragraph's text with the format attribute `bracket: <id>`;
 * its own words are the first option, the entry's alternatives the others.
 *
 * Any party can write anything Yjs can express, so every reader here is total: entries of the
 * wrong shape are skipped, missing fields read as empty, and nothing depends on the iteration
 * order of a Y.Map (which differs between replicas); ids are looked up, or sorted.
 */
import * as Y from 'yjs';
import { err, type Result } from '../result.js';

export const ROOT = { title: 'title', preamble: 'preamble', articles: 'articles', brackets: 'brackets', comments: 'comments' } as const;

export type ParagraphStatus = 'pending' | 'bracketed' | 'agreed-ad-referendum' | 'agreed';
export const PARAGRAPH_STATUSES: readonly ParagraphStatus[] = ['pending', 'bracketed', 'agreed-ad-referendum', 'agreed'];

export type SchemaErrorCode =
  | 'bad-id'
  | 'duplicate-id'
  | 'bad-text'
  | 'bad-status'
  | 'already-created'
  | 'unknown-article'
  | 'unknown-paragraph'
  | 'unknown-bracket'
  | 'unknown-alternative'
  | 'out-of-range'
  | 'overlapping-bracket';

export interface SchemaError {
  readonly code: SchemaErrorCode;
  readonly message: string;
}

export type SchemaResult<T = void> = Result<T, SchemaError>;

export const fail = (code: SchemaErrorCode, message: string): { ok: false; error: SchemaError } => err({ code, message });

/** Longest text one operation may insert (a whole article pasted at once fits). */
export const MAX_TEXT_LENGTH = 1_000_000;

export interface TreatyRoots {
  readonly title: Y.Text;
  readonly preamble: Y.Array<unknown>;
  readonly articles: Y.Array<unknown>;
  readonly brackets: Y.Map<unknown>;
  readonly comments: Y.Map<unknown>;
}

export function treatyRoots(doc: Y.Doc): TreatyRoots {
  return {
    title: doc.getText(ROOT.title),
    preamble: doc.getArray(ROOT.preamble),
    articles: doc.getArray(ROOT.articles),
    brackets: doc.getMap(ROOT.brackets),
    comments: doc.getMap(ROOT.comments),
  };
}

/** Ids are short, printable and stable: callers derive them (e.g. from party and a counter). */
export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(id);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text must be well-formed UTF-16: Yjs sends UTF-8, in which a lone surrogate becomes U+FFFD,
 * so the author's document would hold other text than everyone else's.
 */
export function checkText(text: unknown, what: string): SchemaError | null {
  if (typeof text !== 'string') return { code: 'bad-text', message: `${what} must be a string` };
  if (text.length > MAX_TEXT_LENGTH) return { code: 'bad-text', message: `${what} is longer than ${MAX_TEXT_LENGTH}` };
  if (LONE_SURROGATE.test(text)) return { code: 'bad-text', message: `${what} contains a lone surrogate` };
  return null;
}

/** A position inside a text must not split a surrogate pair. */
export function splitsPair(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return false;
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
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

/** A paragraph as stored: a map with an id and a text. */
export interface ParagraphNode {
  readonly id: string;
  readonly map: Y.Map<unknown>;
  readonly text: Y.Text;
}

export interface ArticleNode {
  readonly id: string;
  readonly map: Y.Map<unknown>;
  readonly heading: Y.Text | null;
  readonly paragraphs: Y.Array<unknown> | null;
}

/** The well-formed paragraphs of a list, in order. */
export function paragraphsIn(list: Y.Array<unknown> | null): ParagraphNode[] {
  const out: ParagraphNode[] = [];
  if (list === null) return out;
  for (const entry of list.toArray()) {
    if (!(entry instanceof Y.Map)) continue;
    const text = textField(entry, 'text');
    if (text === null) continue;
    out.push({ id: stringField(entry, 'id'), map: entry, text });
  }
  return out;
}

/** The well-formed articles, in order. */
export function articlesOf(doc: Y.Doc): ArticleNode[] {
  const out: ArticleNode[] = [];
  for (const entry of treatyRoots(doc).articles.toArray()) {
    if (!(entry instanceof Y.Map)) continue;
    const paragraphs = entry.get('paragraphs');
    out.push({
      id: stringField(entry, 'id'),
      map: entry,
      heading: textField(entry, 'heading'),
      paragraphs: paragraphs instanceof Y.Array ? paragraphs : null,
    });
  }
  return out;
}

/** Every paragraph, preamble first, in document order. */
export function allParagraphs(doc: Y.Doc): ParagraphNode[] {
  const out = paragraphsIn(treatyRoots(doc).preamble);
  for (const article of articlesOf(doc)) out.push(...paragraphsIn(article.paragraphs));
  return out;
}

/** The first paragraph with this id in document order (ids are meant to be unique). */
export function findParagraph(doc: Y.Doc, id: string): ParagraphNode | undefined {
  return allParagraphs(doc).find((p) => p.id === id);
}

export function findArticle(doc: Y.Doc, id: string): ArticleNode | undefined {
  return articlesOf(doc).find((a) => a.id === id);
}

/** Whether any article or paragraph already uses the id (they share one namespace). */
export function idInUse(doc: Y.Doc, id: string): boolean {
  return articlesOf(doc).some((a) => a.id === id) || allParagraphs(doc).some((p) => p.id === id);
}

export interface BracketNode {
  readonly id: string;
  readonly map: Y.Map<unknown>;
  readonly proposer: string;
  /** The paragraph the bracket was opened in. */
  readonly paragraph: string;
  readonly alternatives: Y.Array<unknown> | null;
}

export interface AlternativeNode {
  readonly id: string;
  readonly map: Y.Map<unknown>;
  readonly text: Y.Text;
  readonly proposer: string;
}

export function findBracket(doc: Y.Doc, id: string): BracketNode | undefined {
  const map = treatyRoots(doc).brackets.get(id);
  if (!(map instanceof Y.Map)) return undefined;
  const alternatives = map.get('alternatives');
  return {
    id,
    map,
    proposer: stringField(map, 'proposer'),
    paragraph: stringField(map, 'paragraph'),
    alternatives: alternatives instanceof Y.Array ? alternatives : null,
  };
}

/** The well-formed alternatives of a bracket, in order. */
export function alternativesOf(bracket: BracketNode): AlternativeNode[] {
  const out: AlternativeNode[] = [];
  for (const entry of bracket.alternatives?.toArray() ?? []) {
    if (!(entry instanceof Y.Map)) continue;
    const text = textField(entry, 'text');
    if (text === null) continue;
    out.push({ id: stringField(entry, 'id'), map: entry, text, proposer: stringField(entry, 'proposer') });
  }
  return out;
}

/** Ids of the entries of a root map, sorted (a Y.Map's own order differs between replicas). */
export function sortedKeys(map: Y.Map<unknown>): string[] {
  return [...map.keys()].sort();
}

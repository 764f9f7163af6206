/**
 * Editing the treaty's structure and text. Each operation validates its arguments against the
 * document as it stands, returns a SchemaError instead of throwing, and makes its change in one
 * transaction (so one envelope carries it). Ids are given by the caller: no randomness here.
 */
import * as Y from 'yjs';
import { ok } from '../result.js';
import { bracketAt, bracketRuns } from './runs.js';
import {
  PARAGRAPH_STATUSES,
  alternativesOf,
  articlesOf,
  checkText,
  fail,
  findArticle,
  findBracket,
  findParagraph,
  idInUse,
  isValidId,
  paragraphsIn,
  splitsPair,
  treatyRoots,
  type ParagraphStatus,
  type SchemaResult,
} from './schema.js';

/** Which text an edit addresses. */
export type TextTarget =
  | { readonly kind: 'title' }
  | { readonly kind: 'heading'; readonly articleId: string }
  | { readonly kind: 'paragraph'; readonly paragraphId: string }
  | { readonly kind: 'alternative'; readonly bracketId: string; readonly alternativeId: string };

/** Gives a new treaty its title; a treaty with a title or any content is already created. */
export function createTreaty(doc: Y.Doc, title: string): SchemaResult {
  const bad = checkText(title, 'title');
  if (bad !== null) return { ok: false, error: bad };
  const roots = treatyRoots(doc);
  if (roots.title.length > 0 || roots.preamble.length > 0 || roots.articles.length > 0) {
    return fail('already-created', 'the treaty already has a title or content');
  }
  if (title.length > 0) roots.title.insert(0, title, {});
  return ok(undefined);
}

/** Position among well-formed entries -> position in the underlying array. */
function rawIndex(list: Y.Array<unknown>, wellFormed: ReadonlyArray<{ readonly map: Y.Map<unknown> }>, index: number | undefined): number | null {
  if (index === undefined || index === wellFormed.length) return list.length;
  if (!Number.isInteger(index) || index < 0 || index > wellFormed.length) return null;
  const target = wellFormed[index]!.map;
  const raw = list.toArray().indexOf(target);
  return raw < 0 ? null : raw;
}

export function addArticle(doc: Y.Doc, options: { id: string; heading?: string; index?: number }): SchemaResult {
  const { id, heading = '', index } = options;
  if (!isValidId(id)) return fail('bad-id', `not a valid id: ${JSON.stringify(id)}`);
  if (idInUse(doc, id)) return fail('duplicate-id', `id ${id} is already in use`);
  const bad = checkText(heading, 'heading');
  if (bad !== null) return { ok: false, error: bad };
  const articles = treatyRoots(doc).articles;
  const at = rawIndex(articles, articlesOf(doc), index);
  if (at === null) return fail('out-of-range', `article index ${index} is out of range`);
  doc.transact(() => {
    const article = new Y.Map<unknown>();
    article.set('id', id);
    const text = new Y.Text();
    if (heading.length > 0) text.insert(0, heading, {});
    article.set('heading', text);
    article.set('paragraphs', new Y.Array());
    articles.insert(at, [article]);
  });
  return ok(undefined);
}

export function addParagraph(
  doc: Y.Doc,
  options: { id: string; in: 'preamble' | { articleId: string }; index?: number; text?: string },
): SchemaResult {
  const { id, index, text = '' } = options;
  if (!isValidId(id)) return fail('bad-id', `not a valid id: ${JSON.stringify(id)}`);
  if (idInUse(doc, id)) return fail('duplicate-id', `id ${id} is already in use`);
  const bad = checkText(text, 'paragraph text');
  if (bad !== null) return { ok: false, error: bad };
  let list: Y.Array<unknown>;
  if (options.in === 'preamble') {
    list = treatyRoots(doc).preamble;
  } else {
    const article = findArticle(doc, options.in.articleId);
    if (article === undefined) return fail('unknown-article', `no article ${options.in.articleId}`);
    if (article.paragraphs === null) return fail('unknown-article', `article ${options.in.articleId} has no paragraph list`);
    list = article.paragraphs;
  }
  const at = rawIndex(list, paragraphsIn(list), index);
  if (at === null) return fail('out-of-range', `paragraph index ${index} is out of range`);
  doc.transact(() => {
    const paragraph = new Y.Map<unknown>();
    paragraph.set('id', id);
    paragraph.set('status', 'pending');
    const body = new Y.Text();
    if (text.length > 0) body.insert(0, text, {});
    paragraph.set('text', body);
    list.insert(at, [paragraph]);
  });
  return ok(undefined);
}

export function setParagraphStatus(doc: Y.Doc, paragraphId: string, status: ParagraphStatus): SchemaResult {
  if (!PARAGRAPH_STATUSES.includes(status)) return fail('bad-status', `not a paragraph status: ${JSON.stringify(status)}`);
  const paragraph = findParagraph(doc, paragraphId);
  if (paragraph === undefined) return fail('unknown-paragraph', `no paragraph ${paragraphId}`);
  paragraph.map.set('status', status);
  return ok(undefined);
}

export function resolveTarget(doc: Y.Doc, target: TextTarget): SchemaResult<Y.Text> {
  switch (target.kind) {
    case 'title':
      return ok(treatyRoots(doc).title);
    case 'heading': {
      const heading = findArticle(doc, target.articleId)?.heading;
      return heading ? ok(heading) : fail('unknown-article', `no article ${target.articleId} with a heading`);
    }
    case 'paragraph': {
      const paragraph = findParagraph(doc, target.paragraphId);
      return paragraph ? ok(paragraph.text) : fail('unknown-paragraph', `no paragraph ${target.paragraphId}`);
    }
    case 'alternative': {
      const bracket = findBracket(doc, target.bracketId);
      if (bracket === undefined) return fail('unknown-bracket', `no bracket ${target.bracketId}`);
      const alternative = alternativesOf(bracket).find((a) => a.id === target.alternativeId);
      return alternative ? ok(alternative.text) : fail('unknown-alternative', `no alternative ${target.alternativeId} in ${target.bracketId}`);
    }
  }
}

/**
 * Inserts plain text. In a paragraph, text typed strictly inside a bracketed span joins the
 * span (it edits the first option); at a span's edge it stays outside.
 */
export function insertText(doc: Y.Doc, target: TextTarget, index: number, text: string): SchemaResult {
  const bad = checkText(text, 'text');
  if (bad !== null) return { ok: false, error: bad };
  const resolved = resolveTarget(doc, target);
  if (!resolved.ok) return resolved;
  const ytext = resolved.value;
  const current = ytext.toString();
  if (!Number.isInteger(index) || index < 0 || index > ytext.length) return fail('out-of-range', `index ${index} is outside 0..${ytext.length}`);
  if (splitsPair(current, index)) return fail('out-of-range', `index ${index} splits a surrogate pair`);
  if (text.length === 0) return ok(undefined);
  let attributes: Record<string, string | null> = {};
  if (target.kind === 'paragraph' && index > 0) {
    const runs = bracketRuns(ytext);
    const left = bracketAt(runs, index - 1);
    if (left !== null && left === bracketAt(runs, index)) attributes = { bracket: left };
  }
  ytext.insert(index, text, attributes);
  return ok(undefined);
}

export function deleteText(doc: Y.Doc, target: TextTarget, index: number, length: number): SchemaResult {
  const resolved = resolveTarget(doc, target);
  if (!resolved.ok) return resolved;
  const ytext = resolved.value;
  if (!Number.isInteger(index) || !Number.isInteger(length) || index < 0 || length < 0 || index + length > ytext.length) {
    return fail('out-of-range', `range ${index}+${length} is outside 0..${ytext.length}`);
  }
  const current = ytext.toString();
  if (splitsPair(current, index) || splitsPair(current, index + length)) return fail('out-of-range', 'the range splits a surrogate pair');
  if (length > 0) ytext.delete(index, length);
  return ok(undefined);
}

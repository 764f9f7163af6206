/**
 * Comments on a stretch of a paragraph. The stretch is anchored by Yjs relative positions, so
 * it follows the words through everyone's later edits. Comments are not part of the treaty text.
 */
import * as Y from 'yjs';
import type { PartyId } from '../identity.js';
import { ok } from '../result.js';
import {
  checkText,
  fail,
  findParagraph,
  isValidId,
  sortedKeys,
  splitsPair,
  stringField,
  treatyRoots,
  allParagraphs,
  type SchemaResult,
} from './schema.js';

export interface NewComment {
  readonly id: string;
  readonly author: PartyId;
  readonly body: string;
  readonly paragraphId: string;
  readonly index: number;
  readonly length: number;
  /** Milliseconds since the epoch, given by the caller (the core reads no clock). */
  readonly createdAt: number;
}

export interface CommentView {
  readonly id: string;
  readonly author: string;
  readonly body: string;
  readonly paragraphId: string;
  /** Where the anchored stretch is now, or null if its anchors no longer resolve in the paragraph. */
  readonly from: number | null;
  readonly to: number | null;
  readonly createdAt: number;
}

export function addComment(doc: Y.Doc, comment: NewComment): SchemaResult {
  const { id, author, body, paragraphId, index, length, createdAt } = comment;
  if (!isValidId(id)) return fail('bad-id', `not a valid id: ${JSON.stringify(id)}`);
  const comments = treatyRoots(doc).comments;
  if (comments.has(id)) return fail('duplicate-id', `comment ${id} already exists`);
  const bad = checkText(body, 'comment');
  if (bad !== null) return { ok: false, error: bad };
  if (!Number.isSafeInteger(createdAt) || createdAt < 0) return fail('out-of-range', 'createdAt must be a non-negative integer');
  const paragraph = findParagraph(doc, paragraphId);
  if (paragraph === undefined) return fail('unknown-paragraph', `no paragraph ${paragraphId}`);
  const text = paragraph.text;
  if (!Number.isInteger(index) || !Number.isInteger(length) || index < 0 || length < 0 || index + length > text.length) {
    return fail('out-of-range', `range ${index}+${length} is outside 0..${text.length}`);
  }
  const current = text.toString();
  if (splitsPair(current, index) || splitsPair(current, index + length)) return fail('out-of-range', 'the range splits a surrogate pair');
  // The start sticks to the first commented character, the end to the last one.
  const start = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index, 0));
  const end = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index + length, -1));
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    entry.set('author', author);
    entry.set('body', body);
    entry.set('paragraph', paragraphId);
    entry.set('anchorStart', start);
    entry.set('anchorEnd', end);
    entry.set('createdAt', createdAt);
    comments.set(id, entry);
  });
  return ok(undefined);
}

function resolveAnchor(doc: Y.Doc, anchor: unknown, text: Y.Text | undefined): number | null {
  if (!(anchor instanceof Uint8Array) || text === undefined) return null;
  try {
    const absolute = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(anchor), doc);
    return absolute !== null && absolute.type === text ? absolute.index : null;
  } catch {
    return null; // a malformed anchor written by someone: the comment stays, unplaced
  }
}

/** All comments, sorted by id. */
export function readComments(doc: Y.Doc): CommentView[] {
  const comments = treatyRoots(doc).comments;
  const texts = new Map<string, Y.Text>();
  for (const p of allParagraphs(doc)) if (!texts.has(p.id)) texts.set(p.id, p.text); // first wins, as in findParagraph
  const out: CommentView[] = [];
  for (const id of sortedKeys(comments)) {
    const entry = comments.get(id);
    if (!(entry instanceof Y.Map)) continue;
    const paragraphId = stringField(entry, 'paragraph');
    const text = texts.get(paragraphId);
    const createdAt = entry.get('createdAt');
    let from = resolveAnchor(doc, entry.get('anchorStart'), text);
    let to = resolveAnchor(doc, entry.get('anchorEnd'), text);
    if (from === null || to === null || to < from) from = to = null;
    out.push({
      id,
      author: stringField(entry, 'author'),
      body: stringField(entry, 'body'),
      paragraphId,
      from,
      to,
      createdAt: typeof createdAt === 'number' && Number.isSafeInteger(createdAt) ? createdAt : 0,
    });
  }
  return out;
}

/**
 * What one accepted edit did to the treaty, read from its Yjs transaction: the characters of text
 * it inserted and deleted (titles, headings, paragraphs, alternatives; not ids, statuses or bracket
 * marks), and the paragraphs it touched (their text, status, brackets, alternatives, comments).
 *
 * Reads the document's items without splitting them, so it can run in 'afterTransaction'. Cost:
 * the items the transaction created or deleted, never the whole text.
 */
import * as Y from 'yjs';

export interface EditEffect {
  inserted: number;
  deleted: number;
  /** Paragraph ids, in the order first touched. */
  readonly paragraphs: Set<string>;
}

export const noEffect = (): EditEffect => ({ inserted: 0, deleted: 0, paragraphs: new Set() });

type Struct = Y.Item | Y.GC;

/** How much of a struct lies in clocks [from, to). */
function overlap(s: Struct, from: number, to: number): number {
  return Math.max(0, Math.min(s.id.clock + s.length, to) - Math.max(s.id.clock, from));
}

/** A map entry's value as written, even if the map (and so the entry) was deleted since. */
function entryOf(map: Y.Map<unknown>, key: string): unknown {
  const item = map._map.get(key);
  if (item === undefined) return undefined;
  const content = item.content.getContent();
  return content[content.length - 1];
}

/** Whether a list holds paragraphs: the preamble, or an article's `paragraphs`. */
function holdsParagraphs(list: Y.AbstractType<unknown>): boolean {
  if (!(list instanceof Y.Array)) return false;
  const owner = list._item;
  return owner === null ? Y.findRootTypeKey(list) === 'preamble' : owner.parentSub === 'paragraphs';
}

/**
 * The paragraph a type belongs to: the paragraph itself or its text, or a bracket or comment
 * naming it (an alternative's text belongs to its bracket's paragraph). Null for the title,
 * headings and anything else.
 */
export function paragraphOf(start: Y.AbstractType<unknown> | null): string | null {
  let type = start;
  for (let depth = 0; type !== null && depth < 8; depth++) {
    const owner: Y.Item | null = type._item;
    if (type instanceof Y.Map) {
      const id = entryOf(type, 'id');
      if (typeof id === 'string' && owner?.parent instanceof Y.AbstractType && holdsParagraphs(owner.parent)) return id;
      const named = entryOf(type, 'paragraph');
      if (typeof named === 'string') return named;
    }
    type = owner?.parent instanceof Y.AbstractType ? owner.parent : null;
  }
  return null;
}

function note(item: Y.Item, into: EditEffect): void {
  if (item.content instanceof Y.ContentType) {
    const id = paragraphOf(item.content.type);
    if (id !== null) into.paragraphs.add(id);
  }
  const id = paragraphOf(item.parent instanceof Y.AbstractType ? item.parent : null);
  if (id !== null) into.paragraphs.add(id);
}

/** Adds what `transaction` did to `into`. Items created and deleted within it count for neither. */
export function measureTransaction(transaction: Y.Transaction, into: EditEffect): void {
  const clients = transaction.doc.store.clients;
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    const structs = clients.get(client);
    if (after <= before || structs === undefined) continue;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const s = structs[i]!;
      if (s.id.clock >= after) break;
      if (!(s instanceof Y.Item) || s.deleted) continue;
      note(s, into);
      if (s.content instanceof Y.ContentString) into.inserted += overlap(s, before, after);
    }
  }
  for (const [client, ranges] of transaction.deleteSet.clients) {
    const structs = clients.get(client);
    // Items born in this transaction were never seen by anyone: not "deleted".
    const born = transaction.beforeState.get(client) ?? 0;
    if (structs === undefined) continue;
    for (const { clock, len } of ranges) {
      const end = Math.min(clock + len, born);
      if (end <= clock) continue;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const s = structs[i]!;
        if (s.id.clock >= end) break;
        if (!(s instanceof Y.Item)) continue;
        note(s, into);
        // A removed paragraph's words are deleted with it (Yjs deletes a type's children too).
        if (s.content instanceof Y.ContentString) into.deleted += overlap(s, clock, end);
      }
    }
  }
}

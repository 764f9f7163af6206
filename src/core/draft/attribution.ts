/**
 * Who wrote which words: each visible character of a Y.Text belongs to the item that holds it,
 * whose clientId the replica bound to the author whose signed envelope carried it.
 */
import type * as Y from 'yjs';
import type { PartyId } from '../identity.js';
import { ok } from '../result.js';
import type { DraftReplica } from './replica.js';
import { fail, findParagraph, type SchemaResult } from './schema.js';

/** Characters [from, to) of the text, in Yjs index space, written by `party`. */
export interface AttributedRun {
  readonly from: number;
  readonly to: number;
  readonly party: PartyId;
}

/**
 * Runs of a text of `doc` (or of `range` within it) by author, adjacent runs of one author
 * merged. Characters under a clientId with no binding (never the case for accepted edits) are
 * skipped; a text of another document has no runs.
 */
export function attribute(
  doc: Y.Doc,
  text: Y.Text,
  bindings: ReadonlyMap<number, PartyId>,
  range?: { readonly index: number; readonly length: number },
): AttributedRun[] {
  if (text.doc !== doc) return [];
  const lo = range?.index ?? 0;
  const hi = range === undefined ? Infinity : range.index + range.length;
  const runs: AttributedRun[] = [];
  let position = 0;
  for (let item = text._start; item !== null && position < hi; item = item.right) {
    if (item.deleted || !item.countable) continue;
    const from = Math.max(position, lo);
    const to = Math.min(position + item.length, hi);
    position += item.length;
    if (from >= to) continue;
    const party = bindings.get(item.id.client);
    if (party === undefined) continue;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.party === party && last.to === from) runs[runs.length - 1] = { from: last.from, to, party };
    else runs.push({ from, to, party });
  }
  return runs;
}

export function attributeParagraph(replica: DraftReplica, paragraphId: string): SchemaResult<AttributedRun[]> {
  const paragraph = findParagraph(replica.doc, paragraphId);
  if (paragraph === undefined) return fail('unknown-paragraph', `no paragraph ${paragraphId}`);
  return ok(attribute(replica.doc, paragraph.text, replica.bindings()));
}

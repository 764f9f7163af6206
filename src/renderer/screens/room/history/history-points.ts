/**
 * The points of a draft's history a reader can compare (adopted versions, the steps of the edit
 * history, the current draft), named in words, and the edit history's steps summed up as a
 * diplomat reads them: "Borduria, 3 edits, +42 −7 characters, in Article 1, paragraph 2". Pure.
 */
import type { EditView, ParagraphView, TreatyView, VersionView } from '../../../../node/api.js';
import { plural } from '../../common/format.js';

/** An adopted version (its height), the current draft, or the text after edit `edit` (0: before the first). */
export type HistoryPoint = number | 'draft' | { readonly edit: number };

/** A point as a <select> value: "draft", "h3", "e12". */
export function pointKey(point: HistoryPoint): string {
  if (point === 'draft') return 'draft';
  return typeof point === 'number' ? `h${point}` : `e${point.edit}`;
}

/** The point a <select> value names, or null for anything else. */
export function parsePoint(key: string): HistoryPoint | null {
  if (key === 'draft') return 'draft';
  const match = /^([he])(\d{1,15})$/.exec(key);
  if (match === null) return null;
  const n = Number(match[2]);
  if (match[1] === 'h') return n >= 1 ? n : null;
  return { edit: n };
}

export const samePoint = (a: HistoryPoint | null, b: HistoryPoint | null): boolean => a !== null && b !== null && pointKey(a) === pointKey(b);

/** "the current draft", "“First reading” (height 3)", "edit 12 (Borduria)", "the empty draft (before edit 1)". */
export function pointName(point: HistoryPoint, versions: readonly VersionView[], edits: readonly EditView[]): string {
  if (point === 'draft') return 'the current draft';
  if (typeof point === 'number') {
    const v = versions.find((x) => x.height === point);
    return v === undefined ? `height ${point}` : `“${v.label || 'untitled'}” (height ${point})`;
  }
  if (point.edit === 0) return 'the empty draft (before edit 1)';
  const step = edits.find((e) => e.index === point.edit);
  return step === undefined ? `edit ${point.edit}` : `edit ${point.edit} (${step.author.name})`;
}

/** "+42 −7 characters", "+5 characters", "no change to the text". */
export function changeInWords(inserted: number, deleted: number): string {
  if (inserted === 0 && deleted === 0) return 'no change to the text';
  const parts = [...(inserted > 0 ? [`+${inserted}`] : []), ...(deleted > 0 ? [`−${deleted}`] : [])];
  return `${parts.join(' ')} ${inserted + deleted === 1 ? 'character' : 'characters'}`;
}

/** "Borduria, 3 edits, +42 −7 characters". */
export function stepSummary(edit: EditView): string {
  return `${edit.author.name}, ${plural(edit.envelopes, 'edit', 'edits')}, ${changeInWords(edit.inserted, edit.deleted)}`;
}

/** Each paragraph's place in words: "the preamble, paragraph 2", "Article 3, paragraph 1". */
export function paragraphLabels(treaty: TreatyView): Map<string, string> {
  const labels = new Map<string, string>();
  const name = (list: readonly ParagraphView[], where: string) => list.forEach((p, i) => labels.set(p.id, `${where}, paragraph ${i + 1}`));
  name(treaty.preamble, 'the preamble');
  for (const article of treaty.articles) name(article.paragraphs, `Article ${article.number}`);
  return labels;
}

/** Where a step worked, in words: "in Article 1, paragraph 2 and a paragraph since removed". */
export function paragraphsInWords(ids: readonly string[], labels: ReadonlyMap<string, string>, shown = 3): string {
  if (ids.length === 0) return 'outside the paragraphs (title, headings or articles)';
  const known = ids.flatMap((id) => labels.get(id) ?? []);
  const gone = ids.length - known.length;
  const named = known.slice(0, shown);
  const more = known.length - named.length;
  const parts = [
    ...named,
    ...(more > 0 ? [plural(more, 'more paragraph', 'more paragraphs')] : []),
    ...(gone > 0 ? [gone === 1 ? 'a paragraph since removed' : `${gone} paragraphs since removed`] : []),
  ];
  const list = parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join('; ')} and ${parts[parts.length - 1]}`;
  return `in ${list}`;
}

/**
 * The steps loaded so far (newest first) with a page just read: a step read again replaces the
 * old one (the newest step can grow), and the list stops at the first gap in the indexes (when
 * more steps arrived than a page holds, the older pages no longer join on; they are read again).
 */
export function mergeEditPages(loaded: readonly EditView[], page: readonly EditView[]): EditView[] {
  const byIndex = new Map<number, EditView>();
  for (const e of loaded) byIndex.set(e.index, e);
  for (const e of page) byIndex.set(e.index, e);
  const all = [...byIndex.values()].sort((a, b) => b.index - a.index);
  const top = page[0]?.index;
  // Keep the run of consecutive indexes that holds the page (or, for an empty page, the newest run).
  let start = top === undefined ? 0 : all.findIndex((e) => e.index === top);
  while (start > 0 && all[start - 1]!.index === all[start]!.index + 1) start--;
  let end = start;
  while (end + 1 < all.length && all[end + 1]!.index === all[end]!.index - 1) end++;
  return all.slice(start, end + 1);
}

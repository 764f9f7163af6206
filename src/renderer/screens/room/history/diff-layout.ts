/**
 * Laying out the node's line diff (unified hunks) for reading: inline with both line numbers, or
 * side by side with removed lines facing the lines that replaced them; and, within a replaced
 * line, which words changed. Pure.
 */
import type { DiffHunk } from '../../../../node/api.js';

export type Op = ' ' | '-' | '+';

export interface InlineLine {
  readonly op: Op;
  readonly text: string;
  /** Line number in the `from` text (null for an added line). */
  readonly fromLine: number | null;
  /** Line number in the `to` text (null for a removed line). */
  readonly toLine: number | null;
  /** For a removed or added line paired with its replacement: the words, marked. */
  readonly words: readonly WordPart[] | null;
}

export interface SideCell {
  readonly line: number;
  readonly text: string;
  readonly op: Op;
  readonly words: readonly WordPart[] | null;
}

/** One row of the side-by-side view: a kept line on both sides, or a removal facing an addition (either may be missing). */
export interface SideRow {
  readonly left: SideCell | null;
  readonly right: SideCell | null;
}

export interface WordPart {
  readonly op: Op;
  readonly text: string;
}

/** Each removed run paired line by line with the added run that follows it. */
function pairs(lines: DiffHunk['lines']): { removed: string[]; added: string[]; kept: string | null }[] {
  const out: { removed: string[]; added: string[]; kept: string | null }[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.op === ' ') {
      out.push({ removed: [], added: [], kept: line.text });
      i++;
      continue;
    }
    const removed: string[] = [];
    const added: string[] = [];
    while (i < lines.length && lines[i]!.op === '-') removed.push(lines[i++]!.text);
    while (i < lines.length && lines[i]!.op === '+') added.push(lines[i++]!.text);
    out.push({ removed, added, kept: null });
  }
  return out;
}

/** Word marks for the k-th removed and added lines of a change, when both exist. */
function wordsFor(removed: readonly string[], added: readonly string[], k: number): { from: WordPart[] | null; to: WordPart[] | null } {
  const a = removed[k];
  const b = added[k];
  if (a === undefined || b === undefined) return { from: null, to: null };
  const parts = wordDiff(a, b);
  if (parts === null) return { from: null, to: null };
  return { from: parts.filter((p) => p.op !== '+'), to: parts.filter((p) => p.op !== '-') };
}

export function inlineLayout(hunks: readonly DiffHunk[]): InlineLine[][] {
  return hunks.map((hunk) => {
    const out: InlineLine[] = [];
    let from = hunk.fromLine;
    let to = hunk.toLine;
    for (const group of pairs(hunk.lines)) {
      if (group.kept !== null) {
        out.push({ op: ' ', text: group.kept, fromLine: from++, toLine: to++, words: null });
        continue;
      }
      group.removed.forEach((text, k) => out.push({ op: '-', text, fromLine: from++, toLine: null, words: wordsFor(group.removed, group.added, k).from }));
      group.added.forEach((text, k) => out.push({ op: '+', text, fromLine: null, toLine: to++, words: wordsFor(group.removed, group.added, k).to }));
    }
    return out;
  });
}

export function sideBySideLayout(hunks: readonly DiffHunk[]): SideRow[][] {
  return hunks.map((hunk) => {
    const rows: SideRow[] = [];
    let from = hunk.fromLine;
    let to = hunk.toLine;
    for (const group of pairs(hunk.lines)) {
      if (group.kept !== null) {
        rows.push({ left: { line: from++, text: group.kept, op: ' ', words: null }, right: { line: to++, text: group.kept, op: ' ', words: null } });
        continue;
      }
      const n = Math.max(group.removed.length, group.added.length);
      for (let k = 0; k < n; k++) {
        const words = wordsFor(group.removed, group.added, k);
        const a = group.removed[k];
        const b = group.added[k];
        rows.push({
          left: a === undefined ? null : { line: from++, text: a, op: '-', words: words.from },
          right: b === undefined ? null : { line: to++, text: b, op: '+', words: words.to },
        });
      }
    }
    return rows;
  });
}

/** Words and the spaces and punctuation between them, each its own token. */
export function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu) ?? [];
}

/** Above this many token pairs the word marks are skipped (the lines still show as changed). */
export const MAX_WORD_CELLS = 2_000_000;

/**
 * The words of `a` kept, removed and added to make `b` (longest common subsequence of tokens),
 * adjacent parts of one kind merged; null when the lines are too long to compare word by word.
 */
export function wordDiff(a: string, b: string): WordPart[] | null {
  const x = tokens(a);
  const y = tokens(b);
  // Common head and tail first: most edits touch a few words of a long paragraph.
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  const xs = x.slice(head, x.length - tail);
  const ys = y.slice(head, y.length - tail);
  if (xs.length * ys.length > MAX_WORD_CELLS) return null;

  const n = xs.length;
  const m = ys.length;
  // lcs[i][j]: length of the LCS of xs[i..] and ys[j..], in one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = xs[i] === ys[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    }
  }
  const parts: WordPart[] = [];
  const push = (op: Op, text: string) => {
    const prev = parts[parts.length - 1];
    if (prev !== undefined && prev.op === op) parts[parts.length - 1] = { op, text: prev.text + text };
    else if (text !== '') parts.push({ op, text });
  };
  push(' ', x.slice(0, head).join(''));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && xs[i] === ys[j]) {
      push(' ', xs[i++]!);
      j++;
    } else if (i < n && (j >= m || lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!)) {
      push('-', xs[i++]!);
    } else {
      push('+', ys[j++]!);
    }
  }
  push(' ', x.slice(x.length - tail).join(''));
  return parts;
}

/** "2 lines removed, 3 added" — a diff's size in words. */
export function diffSummary(hunks: readonly DiffHunk[]): string {
  let removed = 0;
  let added = 0;
  for (const h of hunks) {
    for (const l of h.lines) {
      if (l.op === '-') removed++;
      else if (l.op === '+') added++;
    }
  }
  if (removed === 0 && added === 0) return 'The two texts are identical';
  const r = `${removed} ${removed === 1 ? 'line' : 'lines'} removed`;
  const a = `${added} ${added === 1 ? 'line' : 'lines'} added`;
  return `${r}, ${a}`;
}

/**
 * Line-level diff between two texts (adopted versions, or a version and the draft), as
 * unified-diff hunks with three lines of context: Myers' O(ND) algorithm on what remains after
 * the common prefix and suffix. Beyond MAX_EDITS differing lines it stops looking for the
 * shortest script and shows the differing middle as removed then added (still a correct diff).
 * Pure.
 */
import type { DiffHunk, DiffLine } from './api-types.js';

export const CONTEXT_LINES = 3;
const MAX_EDITS = 2000;

/** The texts' lines ("a\nb\n" is two lines; a final line without "\n" counts). */
export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The shortest edit script of a -> b, as ops in order; null if it needs more than maxEdits. */
function myers(a: readonly string[], b: readonly string[], maxEdits: number): DiffLine[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    v = next;
  }
  if (found < 0) return null;
  // Walk back through the trace: trace[d] holds the furthest x per diagonal before step d.
  const ops: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && prev[offset + k - 1]! < prev[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = prev[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      y--;
      ops.push({ op: ' ', text: a[--x]! });
    }
    if (down) ops.push({ op: '+', text: b[--y]! });
    else ops.push({ op: '-', text: a[--x]! });
  }
  while (x > 0 && y > 0) {
    y--;
    ops.push({ op: ' ', text: a[--x]! });
  }
  return ops.reverse();
}

/** Every line of a and b, in order, marked kept, removed or added. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const middle = myers(midA, midB, MAX_EDITS) ?? [
    ...midA.map((text): DiffLine => ({ op: '-', text })),
    ...midB.map((text): DiffLine => ({ op: '+', text })),
  ];
  return [
    ...a.slice(0, start).map((text): DiffLine => ({ op: ' ', text })),
    ...middle,
    ...a.slice(endA).map((text): DiffLine => ({ op: ' ', text })),
  ];
}

/** Unified-diff hunks of from -> to, `context` unchanged lines around each change. */
export function diffHunks(from: string, to: string, context = CONTEXT_LINES): DiffHunk[] {
  const ops = diffLines(splitLines(from), splitLines(to));
  const hunks: DiffHunk[] = [];
  // Line numbers (0-based) of each op in `from` and `to`.
  const fromAt: number[] = [];
  const toAt: number[] = [];
  let f = 0;
  let t = 0;
  for (const op of ops) {
    fromAt.push(f);
    toAt.push(t);
    if (op.op !== '+') f++;
    if (op.op !== '-') t++;
  }
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.op === ' ') {
      i++;
      continue;
    }
    // A hunk from `context` lines before this change to `context` lines after the last change
    // that lies within 2 * context kept lines of the previous one.
    const first = Math.max(0, i - context);
    let last = i;
    let j = i;
    while (j < ops.length) {
      if (ops[j]!.op !== ' ') {
        last = j;
        j++;
        continue;
      }
      let run = j;
      while (run < ops.length && ops[run]!.op === ' ') run++;
      if (run < ops.length && run - j <= 2 * context) j = run;
      else break;
    }
    const end = Math.min(ops.length, last + 1 + context);
    const lines = ops.slice(first, end);
    const fromCount = lines.filter((l) => l.op !== '+').length;
    const toCount = lines.filter((l) => l.op !== '-').length;
    hunks.push({
      // As diff -u prints them: an empty side's line number is the line before it.
      fromLine: fromCount === 0 ? fromAt[first]! : fromAt[first]! + 1,
      fromCount,
      toLine: toCount === 0 ? toAt[first]! : toAt[first]! + 1,
      toCount,
      lines,
    });
    i = end;
  }
  return hunks;
}

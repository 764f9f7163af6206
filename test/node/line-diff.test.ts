/**
 * The line diff behind history.diff: every script turns one text into the other, is as short as
 * a brute-force LCS says it can be, and its hunks, applied to the old text, give the new one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiffHunk } from '../../src/node/api-types.js';
import { diffHunks, diffLines, splitLines } from '../../src/node/line-diff.js';

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  }
  return dp[a.length]![b.length]!;
}

/** Applies hunks to the old lines, checking each hunk's context and counts on the way. */
function applyHunks(from: readonly string[], hunks: readonly DiffHunk[]): string[] {
  const out: string[] = [];
  let at = 0; // next line of `from` (0-based) not yet copied
  for (const h of hunks) {
    const start = h.fromCount === 0 ? h.fromLine : h.fromLine - 1;
    out.push(...from.slice(at, start));
    at = start;
    expect(h.lines.filter((l) => l.op !== '+').length).toBe(h.fromCount);
    expect(h.lines.filter((l) => l.op !== '-').length).toBe(h.toCount);
    for (const line of h.lines) {
      if (line.op === '+') out.push(line.text);
      else {
        expect(from[at]).toBe(line.text);
        if (line.op === ' ') out.push(line.text);
        at++;
      }
    }
  }
  out.push(...from.slice(at));
  return out;
}

const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 30 });

describe('line diff', () => {
  it('scripts are correct and minimal; hunks reproduce the new text', () => {
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const ops = diffLines(a, b);
        expect(ops.filter((o) => o.op !== '+').map((o) => o.text)).toEqual(a);
        expect(ops.filter((o) => o.op !== '-').map((o) => o.text)).toEqual(b);
        expect(ops.filter((o) => o.op === ' ').length).toBe(lcsLength(a, b));
        const text = (l: string[]) => l.map((x) => `${x}\n`).join('');
        expect(applyHunks(a, diffHunks(text(a), text(b)))).toEqual(b);
      }),
      { seed: 42, numRuns: 1500 },
    );
  });

  it('prints hunks as diff -u numbers them', () => {
    const from = 'Title\n\nArticle 1\n\n1. The Parties shall protect albatrosses.\n\n2. This Agreement enters into force.\n';
    const to = 'Title\n\nArticle 1\n\n1. The Parties shall protect albatrosses and petrels.\n\n2. This Agreement enters into force.\n\n3. Reservations are not permitted.\n';
    expect(diffHunks(from, to)).toEqual([
      {
        fromLine: 2,
        fromCount: 6,
        toLine: 2,
        toCount: 8,
        lines: [
          { op: ' ', text: '' },
          { op: ' ', text: 'Article 1' },
          { op: ' ', text: '' },
          { op: '-', text: '1. The Parties shall protect albatrosses.' },
          { op: '+', text: '1. The Parties shall protect albatrosses and petrels.' },
          { op: ' ', text: '' },
          { op: ' ', text: '2. This Agreement enters into force.' },
          { op: '+', text: '' },
          { op: '+', text: '3. Reservations are not permitted.' },
        ],
      },
    ]);
    expect(diffHunks(from, from)).toEqual([]);
    expect(diffHunks('', 'a\n')).toEqual([{ fromLine: 0, fromCount: 0, toLine: 1, toCount: 1, lines: [{ op: '+', text: 'a' }] }]);
    expect(splitLines('a\nb')).toEqual(['a', 'b']);
  });

  it('stays correct when the texts differ beyond the search bound', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`);
    const ops = diffLines(a, b);
    expect(ops.filter((o) => o.op !== '+').map((o) => o.text)).toEqual(a);
    expect(ops.filter((o) => o.op !== '-').map((o) => o.text)).toEqual(b);
  });
});

import { describe, expect, it } from 'vitest';
import type { DiffHunk } from '../../src/node/api.js';
import { diffSummary, inlineLayout, sideBySideLayout, tokens, wordDiff, type WordPart } from '../../src/renderer/screens/room/history/diff-layout.js';

// A hunk as the node's history.diff returns it (docs/api.md example), with a two-line replacement.
const hunk: DiffHunk = {
  fromLine: 3,
  fromCount: 5,
  toLine: 3,
  toCount: 4,
  lines: [
    { op: ' ', text: 'Article 1' },
    { op: '-', text: '1. This Agreement applies to the high seas.' },
    { op: '-', text: '2. It enters into force at once.' },
    { op: '+', text: '1. This Agreement applies to the high seas and the exclusive economic zones.' },
    { op: ' ', text: 'Article 2' },
    { op: '-', text: 'Obsolete.' },
  ],
};

const rebuild = (parts: readonly WordPart[], keep: ' ' | '-' | '+') => parts.filter((p) => p.op === ' ' || p.op === keep).map((p) => p.text).join('');

describe('diff layout', () => {
  it('numbers inline lines on both sides and skips the side a line is missing from', () => {
    const [lines] = inlineLayout([hunk]);
    expect(lines!.map((l) => [l.op, l.fromLine, l.toLine])).toEqual([
      [' ', 3, 3],
      ['-', 4, null],
      ['-', 5, null],
      ['+', null, 4],
      [' ', 6, 5],
      ['-', 7, null],
    ]);
  });

  it('marks words only on a removed line that has a replacement', () => {
    const [lines] = inlineLayout([hunk]);
    expect(lines![1]!.words).not.toBeNull();
    expect(lines![2]!.words).toBeNull(); // the second removed line faces no added line
    expect(lines![3]!.words!.filter((w) => w.op === '+').map((w) => w.text).join('')).toBe(' and the exclusive economic zones');
    expect(lines![5]!.words).toBeNull();
  });

  it('faces removed lines with their replacements side by side, leaving gaps where one side has none', () => {
    const [rows] = sideBySideLayout([hunk]);
    expect(rows!.map((r) => [r.left?.line ?? null, r.left?.op ?? null, r.right?.line ?? null, r.right?.op ?? null])).toEqual([
      [3, ' ', 3, ' '],
      [4, '-', 4, '+'],
      [5, '-', null, null],
      [6, ' ', 5, ' '],
      [7, '-', null, null],
    ]);
  });

  it('word diffs rebuild both texts exactly, removals before additions', () => {
    const a = 'The Parties shall protect albatrosses, petrels and their habitats.';
    const b = 'The Parties should protect albatrosses and petrels, and their nesting habitats!';
    const parts = wordDiff(a, b)!;
    expect(rebuild(parts, '-')).toBe(a);
    expect(rebuild(parts, '+')).toBe(b);
    const changed = parts.filter((p) => p.op !== ' ');
    expect(changed[0]).toEqual({ op: '-', text: 'shall' });
    expect(changed[1]).toEqual({ op: '+', text: 'should' });
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.op).not.toBe(parts[i - 1]!.op); // merged runs
  });

  it('word diffs keep surrogate pairs and accents whole', () => {
    expect(tokens('Côte d’Ivoire 🐦 x')).toEqual(['Côte', ' ', 'd', '’', 'Ivoire', ' ', '🐦', ' ', 'x']);
    const parts = wordDiff('a 🐦 b', 'a 🦅 b')!;
    expect(parts).toEqual([
      { op: ' ', text: 'a ' },
      { op: '-', text: '🐦' },
      { op: '+', text: '🦅' },
      { op: ' ', text: ' b' },
    ]);
  });

  it('gives up on word marks for very long, wholly different lines', () => {
    const a = Array.from({ length: 2000 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 2000 }, (_, i) => `b${i}`).join(' ');
    expect(wordDiff(a, b)).toBeNull();
    expect(wordDiff(a, `${a} end`)).not.toBeNull(); // a shared head makes it cheap
  });

  it('summarises a diff in words', () => {
    expect(diffSummary([hunk])).toBe('3 lines removed, 1 line added');
    expect(diffSummary([])).toBe('The two texts are identical');
  });
});

import { describe, expect, it } from 'vitest';
import type { EditView, TreatyView, VersionView } from '../../src/node/api.js';
import {
  changeInWords,
  mergeEditPages,
  paragraphLabels,
  paragraphsInWords,
  parsePoint,
  pointKey,
  pointName,
  samePoint,
  stepSummary,
  type HistoryPoint,
} from '../../src/renderer/screens/room/history/history-points.js';

const borduria = { id: 'b0'.repeat(16), name: 'Borduria' };
const step = (index: number, over: Partial<EditView> = {}): EditView => ({
  index,
  author: borduria,
  seq: index,
  epoch: 1,
  envelopes: 1,
  paragraphs: [],
  inserted: 0,
  deleted: 0,
  ...over,
});
const steps = (from: number, to: number, over: Partial<EditView> = {}) => Array.from({ length: from - to + 1 }, (_, i) => step(from - i, over));

const version = { height: 3, label: 'First reading' } as VersionView;

describe('history points', () => {
  it('round-trip through a select value, and nothing else parses', () => {
    const points: HistoryPoint[] = ['draft', 1, 42, { edit: 0 }, { edit: 12 }];
    for (const p of points) expect(parsePoint(pointKey(p))).toEqual(p);
    expect(['', 'h0', 'h-1', 'e', 'e1.5', 'x3', 'h1e', 'e12345678901234567'].map(parsePoint)).toEqual(Array(8).fill(null));
    expect(samePoint({ edit: 3 }, { edit: 3 })).toBe(true);
    expect(samePoint(3, { edit: 3 })).toBe(false);
    expect(samePoint(null, 'draft')).toBe(false);
  });

  it('are named in words', () => {
    const edits = [step(12)];
    expect(pointName('draft', [version], edits)).toBe('the current draft');
    expect(pointName(3, [version], edits)).toBe('“First reading” (height 3)');
    expect(pointName(4, [version], edits)).toBe('height 4');
    expect(pointName({ edit: 12 }, [version], edits)).toBe('edit 12 (Borduria)');
    expect(pointName({ edit: 11 }, [version], edits)).toBe('edit 11');
    expect(pointName({ edit: 0 }, [version], edits)).toBe('the empty draft (before edit 1)');
  });
});

describe('edit steps in words', () => {
  it('say who, how many edits and how many characters', () => {
    expect(stepSummary(step(1, { envelopes: 3, inserted: 42, deleted: 7 }))).toBe('Borduria, 3 edits, +42 −7 characters');
    expect(stepSummary(step(1, { inserted: 1 }))).toBe('Borduria, 1 edit, +1 character');
    expect(changeInWords(0, 5)).toBe('−5 characters');
    expect(changeInWords(0, 0)).toBe('no change to the text');
  });

  it('say where, by the paragraphs’ places in the treaty', () => {
    const paragraph = (id: string) => ({ id, status: 'pending' as const, text: '', segments: [] });
    const treaty: TreatyView = {
      title: 'T',
      preamble: [paragraph('pre-1'), paragraph('pre-2')],
      articles: [
        { id: 'a1', number: 1, heading: '', paragraphs: [paragraph('p-1')] },
        { id: 'a2', number: 2, heading: '', paragraphs: [paragraph('p-2'), paragraph('p-3')] },
      ],
      brackets: [],
      comments: [],
    };
    const labels = paragraphLabels(treaty);
    expect(labels.get('pre-2')).toBe('the preamble, paragraph 2');
    expect(labels.get('p-3')).toBe('Article 2, paragraph 2');
    expect(paragraphsInWords(['p-1'], labels)).toBe('in Article 1, paragraph 1');
    expect(paragraphsInWords(['p-1', 'gone'], labels)).toBe('in Article 1, paragraph 1 and a paragraph since removed');
    expect(paragraphsInWords(['pre-1', 'pre-2', 'p-1', 'p-2', 'p-3'], labels)).toBe(
      'in the preamble, paragraph 1; the preamble, paragraph 2; Article 1, paragraph 1 and 2 more paragraphs',
    );
    expect(paragraphsInWords([], labels)).toBe('outside the paragraphs (title, headings or articles)');
  });
});

describe('pages of edits', () => {
  const indexes = (edits: readonly EditView[]) => edits.map((e) => e.index);

  it('join an older page below the loaded steps, newest first', () => {
    expect(indexes(mergeEditPages(steps(60, 11), steps(10, 1)))).toEqual(indexes(steps(60, 1)));
  });

  it('take a fresh newest page over the old copies (the newest step grows)', () => {
    const merged = mergeEditPages(steps(60, 11), [...steps(62, 61), step(60, { envelopes: 5 }), ...steps(59, 13)]);
    expect(indexes(merged)).toEqual(indexes(steps(62, 11)));
    expect(merged.find((e) => e.index === 60)!.envelopes).toBe(5);
  });

  it('drop older steps that no longer join the newest page', () => {
    expect(indexes(mergeEditPages(steps(60, 11), steps(130, 81)))).toEqual(indexes(steps(130, 81)));
  });

  it('keep what is loaded when a page brings nothing', () => {
    expect(indexes(mergeEditPages(steps(5, 1), []))).toEqual([5, 4, 3, 2, 1]);
    expect(mergeEditPages([], [])).toEqual([]);
  });
});

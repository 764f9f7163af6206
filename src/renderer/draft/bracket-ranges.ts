/**
 * Where a paragraph's brackets are, read from its Y.Text delta (the `bracket: <id>` format
 * attribute), in UTF-16 positions as the editor and the node count them.
 */

/** One op of Y.Text#toDelta(). */
export interface DeltaOp {
  readonly insert?: unknown;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

export interface BracketRange {
  readonly bracket: string;
  /** [from, to) in the paragraph's text. */
  readonly from: number;
  readonly to: number;
}

/** The bracketed stretches, in order; neighbouring ops of one bracket are one range. */
export function bracketRanges(delta: readonly DeltaOp[]): BracketRange[] {
  const out: BracketRange[] = [];
  let position = 0;
  for (const op of delta) {
    // An embed (never written by a well-behaved party) takes one position and no text.
    const length = typeof op.insert === 'string' ? op.insert.length : 1;
    const value = op.attributes?.['bracket'];
    if (typeof value === 'string' && value !== '' && length > 0) {
      const last = out[out.length - 1];
      if (last !== undefined && last.bracket === value && last.to === position) out[out.length - 1] = { ...last, to: position + length };
      else out.push({ bracket: value, from: position, to: position + length });
    }
    position += length;
  }
  return out;
}

/** The bracket covering the character at `index`, if any. */
export function bracketAt(ranges: readonly BracketRange[], index: number): string | null {
  for (const range of ranges) if (index >= range.from && index < range.to) return range.bracket;
  return null;
}

/**
 * The attributes of text typed at `index`, by the node's rule (draft.insertText): text typed
 * strictly inside a bracketed span joins it; at its edges it stays plain. (Yjs alone would carry
 * the left neighbour's bracket onto text typed just after it.)
 */
export function typedAttributes(ranges: readonly BracketRange[], index: number): Record<string, string> {
  const left = bracketAt(ranges, index - 1);
  return left !== null && left === bracketAt(ranges, index) ? { bracket: left } : {};
}

/** The distinct bracket ids of a paragraph, in order of first appearance. */
export function bracketIds(ranges: readonly BracketRange[]): string[] {
  return [...new Set(ranges.map((r) => r.bracket))];
}

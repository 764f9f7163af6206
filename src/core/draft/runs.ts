/**
 * A paragraph's text as runs: maximal stretches that share one bracket (or none), with their
 * positions in Yjs's index space.
 */
import type * as Y from 'yjs';

export interface TextRun {
  readonly text: string;
  readonly from: number;
  readonly to: number;
  /** The bracket id marking this run, or null for plain text. */
  readonly bracket: string | null;
}

export function bracketRuns(text: Y.Text): TextRun[] {
  const runs: TextRun[] = [];
  let position = 0;
  for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
    const value = op.attributes?.['bracket'];
    const bracket = typeof value === 'string' ? value : null;
    // Embeds never pass the replica; if a local one exists it takes one index and no text.
    const piece = typeof op.insert === 'string' ? op.insert : '';
    const length = typeof op.insert === 'string' ? op.insert.length : 1;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.bracket === bracket && last.to === position) {
      runs[runs.length - 1] = { text: last.text + piece, from: last.from, to: position + length, bracket };
    } else {
      runs.push({ text: piece, from: position, to: position + length, bracket });
    }
    position += length;
  }
  return runs;
}

/** The bracket covering the character at `index`, if any. */
export function bracketAt(runs: readonly TextRun[], index: number): string | null {
  for (const run of runs) if (index >= run.from && index < run.to) return run.bracket;
  return null;
}

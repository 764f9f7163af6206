/**
 * A paragraph read (not edited) as a row of pieces: its words cut wherever a bracket, a comment's
 * anchor or another party's caret begins or ends, so each piece renders as one span.
 */
import type { BracketRange } from './bracket-ranges.js';
import type { RemoteCursor } from './presence-positions.js';

export interface CommentRange {
  readonly id: string;
  readonly from: number;
  readonly to: number;
}

export type Piece =
  | { readonly kind: 'text'; readonly from: number; readonly text: string; readonly bracket: string | null; readonly comments: readonly string[] }
  | { readonly kind: 'open'; readonly bracket: string }
  | { readonly kind: 'close'; readonly bracket: string }
  | { readonly kind: 'caret'; readonly party: string; readonly name: string };

/**
 * At one position: brackets that end close first, then carets, then brackets that begin open,
 * so a caret at a bracket's edge sits outside it.
 */
export function paragraphPieces(text: string, brackets: readonly BracketRange[], comments: readonly CommentRange[], carets: readonly RemoteCursor[]): Piece[] {
  const cuts = new Set<number>([0, text.length]);
  const inText = (n: number) => Math.min(text.length, Math.max(0, n));
  for (const b of brackets) cuts.add(inText(b.from)).add(inText(b.to));
  for (const c of comments) cuts.add(inText(c.from)).add(inText(c.to));
  for (const c of carets) cuts.add(inText(c.to));
  const points = [...cuts].sort((a, b) => a - b);
  const out: Piece[] = [];
  for (let i = 0; i < points.length; i++) {
    const at = points[i]!;
    for (const b of brackets) if (inText(b.to) === at && b.to > b.from) out.push({ kind: 'close', bracket: b.bracket });
    for (const c of carets) if (inText(c.to) === at) out.push({ kind: 'caret', party: c.party, name: c.name });
    for (const b of brackets) if (inText(b.from) === at && b.to > b.from && at < text.length) out.push({ kind: 'open', bracket: b.bracket });
    const next = points[i + 1];
    if (next === undefined || next === at) continue;
    const bracket = brackets.find((b) => b.from <= at && at < b.to)?.bracket ?? null;
    const covering = comments.filter((c) => c.from <= at && at < c.to).map((c) => c.id);
    out.push({ kind: 'text', from: at, text: text.slice(at, next), bracket, comments: covering });
  }
  return out;
}

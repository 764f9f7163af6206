/**
 * Other delegations' cursors (node presence: paragraph id, index, length) as positions in a
 * paragraph's text as it stands here. A cursor may come from a slightly different version of the
 * text (theirs, a moment ago), so positions are clamped into the text and never split a
 * surrogate pair.
 */
import type { PresenceView } from '../../node/api-types.js';

export interface RemoteCursor {
  readonly party: string;
  readonly name: string;
  /** The selection [from, to); from === to for a caret. The caret is drawn at `to`. */
  readonly from: number;
  readonly to: number;
}

/** `index` as a position of `text`: a whole number in 0..length, not inside a surrogate pair. */
export function clampPosition(text: string, index: number): number {
  if (!Number.isFinite(index)) return index > 0 ? text.length : 0;
  const whole = Math.min(text.length, Math.max(0, Math.floor(index)));
  if (whole > 0 && whole < text.length) {
    const before = text.charCodeAt(whole - 1);
    const after = text.charCodeAt(whole);
    if (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) return whole - 1;
  }
  return whole;
}

/** Whether two lists of cursors are the same, party by party. */
export function sameRemoteCursors(a: readonly RemoteCursor[], b: readonly RemoteCursor[]): boolean {
  return a === b || (a.length === b.length && a.every((c, i) => c.party === b[i]!.party && c.name === b[i]!.name && c.from === b[i]!.from && c.to === b[i]!.to));
}

/** The cursors of other parties in one paragraph, sorted by party id. */
export function cursorsIn(paragraphId: string, presences: Iterable<PresenceView>, text: string, self: string | null): RemoteCursor[] {
  const out: RemoteCursor[] = [];
  for (const presence of presences) {
    const cursor = presence.cursor;
    if (cursor === null || cursor.paragraphId !== paragraphId || presence.party.id === self) continue;
    const from = clampPosition(text, cursor.index);
    const to = Math.max(from, clampPosition(text, cursor.index + Math.max(0, cursor.length)));
    out.push({ party: presence.party.id, name: presence.party.name, from, to });
  }
  return out.sort((a, b) => (a.party < b.party ? -1 : a.party > b.party ? 1 : 0));
}

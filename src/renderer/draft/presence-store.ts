/**
 * Where the other parties' cursors are: presence.list once, then 'presence' events. Paragraphs
 * subscribe to their own cursors only, so a cursor moving in one paragraph re-renders that
 * paragraph (and the one it left) alone. (Who is online at all: app/online.tsx.)
 */
import type { NodeEvent } from '../../node/api.js';
import type { PresenceView } from '../../node/api-types.js';

type Listener = () => void;
const NONE: readonly PresenceView[] = [];

export class PresenceStore {
  private readonly byParty = new Map<string, PresenceView>();
  private readonly byParagraph = new Map<string, readonly PresenceView[]>();
  private readonly paragraphListeners = new Map<string, Set<Listener>>();
  private readonly arrivalListeners = new Set<(presence: PresenceView) => void>();

  constructor(private self: string | null) {}

  setSelf(self: string | null): void {
    if (self === this.self) return;
    this.self = self;
    this.reset([...this.byParty.values()]);
  }

  /** Replaces everything with a fresh presence.list. */
  reset(list: readonly PresenceView[]): void {
    const before = new Set(this.byParagraph.keys());
    this.byParty.clear();
    for (const presence of list) this.byParty.set(presence.party.id, presence);
    this.reindex(before);
  }

  /** Follows one node event (others are ignored). */
  apply(event: NodeEvent): void {
    if (event.type === 'presence') {
      const before = new Set<string>();
      const old = this.byParty.get(event.party.id)?.cursor?.paragraphId;
      if (old !== undefined) before.add(old);
      if (event.presence === null) this.byParty.delete(event.party.id);
      else this.byParty.set(event.party.id, event.presence);
      this.reindex(before);
      const now = event.presence?.cursor?.paragraphId;
      if (now !== undefined && now !== old && event.party.id !== this.self) for (const listener of [...this.arrivalListeners]) listener(event.presence!);
    }
  }

  /**
   * Another party's cursor entered a paragraph (moving within one is not an arrival; presence.list
   * at the start is what was already there).
   */
  onArrival(listener: (presence: PresenceView) => void): () => void {
    this.arrivalListeners.add(listener);
    return () => this.arrivalListeners.delete(listener);
  }

  /** Other parties' presences with a cursor in this paragraph. */
  cursorsOf(paragraphId: string): readonly PresenceView[] {
    return this.byParagraph.get(paragraphId) ?? NONE;
  }

  subscribeParagraph(paragraphId: string, listener: Listener): () => void {
    let listeners = this.paragraphListeners.get(paragraphId);
    if (listeners === undefined) this.paragraphListeners.set(paragraphId, (listeners = new Set()));
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  private reindex(before: Set<string>): void {
    const next = new Map<string, PresenceView[]>();
    for (const presence of this.byParty.values()) {
      if (presence.cursor === null || presence.party.id === this.self) continue;
      const list = next.get(presence.cursor.paragraphId) ?? [];
      list.push(presence);
      next.set(presence.cursor.paragraphId, list);
    }
    const changed = new Set(before);
    for (const [paragraph, list] of next) {
      if (!samePresences(this.byParagraph.get(paragraph), list)) changed.add(paragraph);
    }
    for (const paragraph of this.byParagraph.keys()) if (!next.has(paragraph)) changed.add(paragraph);
    const previous = new Map(this.byParagraph);
    this.byParagraph.clear();
    for (const [paragraph, list] of next) this.byParagraph.set(paragraph, samePresences(previous.get(paragraph), list) ? previous.get(paragraph)! : list);
    for (const paragraph of changed) for (const listener of [...(this.paragraphListeners.get(paragraph) ?? [])]) listener();
  }
}

function samePresences(a: readonly PresenceView[] | undefined, b: readonly PresenceView[]): boolean {
  if (a === undefined || a.length !== b.length) return false;
  return a.every((p, i) => p.party.id === b[i]!.party.id && p.party.name === b[i]!.party.name && sameCursor(p.cursor, b[i]!.cursor));
}

function sameCursor(a: PresenceView['cursor'], b: PresenceView['cursor']): boolean {
  return a === b || (a !== null && b !== null && a.paragraphId === b.paragraphId && a.index === b.index && a.length === b.length);
}

export type Cursor = { readonly paragraphId: string; readonly index: number; readonly length: number } | 'none';

/**
 * Sends this delegation's cursor at most once per `interval` ms (the last position wins);
 * 'none' goes at once. Identical positions are not sent twice.
 */
export class PresenceReporter {
  private last: string | null = null;
  private pending: Cursor | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (cursor: Cursor) => void,
    private readonly interval = 100,
  ) {}

  report(cursor: Cursor): void {
    if (cursor === 'none') {
      this.cancel();
      this.emit(cursor);
      return;
    }
    if (this.timer !== null) {
      this.pending = cursor;
      return;
    }
    this.emit(cursor);
    this.timer = setTimeout(() => this.flush(), this.interval);
  }

  dispose(): void {
    this.cancel();
  }

  private flush(): void {
    this.timer = null;
    const pending = this.pending;
    this.pending = null;
    if (pending !== null) this.report(pending);
  }

  private cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private emit(cursor: Cursor): void {
    const key = JSON.stringify(cursor);
    if (key === this.last) return;
    this.last = key;
    this.send(cursor);
  }
}

/**
 * What the draft view renders, read from the Y.Doc and cached, with subscriptions narrow enough
 * that typing in one paragraph of a thousand re-renders that paragraph alone:
 * - the outline (structure only) changes when paragraphs or articles are added, removed or
 *   re-identified, not when words change;
 * - a paragraph's snapshot changes with its own text and status (observed on its own Y.Text and
 *   map), its brackets' entries and the comments anchored in it;
 * - the comment list changes with the comments and with the texts they quote.
 * Snapshots are immutable and cached until invalidated, as useSyncExternalStore needs.
 */
import * as Y from 'yjs';
import type { ParagraphStatus } from '../../node/api-types.js';
import { bracketIds, bracketRanges, type BracketRange, type DeltaOp } from './bracket-ranges.js';
import type { CommentRange } from './paragraph-pieces.js';
import {
  commentParagraph,
  readBracket,
  readComment,
  readOutline,
  statusOf,
  treatyRoots,
  type BracketEntry,
  type CommentEntry,
  type PlacedParagraph,
  type TreatyOutline,
} from './treaty-doc.js';

export interface ParagraphSnapshot {
  readonly id: string;
  readonly text: string;
  readonly status: ParagraphStatus;
  readonly brackets: readonly BracketRange[];
  /** The brackets of this paragraph in order, with their alternatives (empty when the entry is missing). */
  readonly entries: readonly BracketEntry[];
  /** Placed comments anchored in this paragraph. */
  readonly comments: readonly CommentRange[];
}

type Listener = () => void;

export class TreatyStore {
  private outlineCache: TreatyOutline | null = null;
  private readonly outlineListeners = new Set<Listener>();
  private readonly paragraphCache = new Map<string, { text: Y.Text; snapshot: ParagraphSnapshot }>();
  private readonly paragraphListeners = new Map<string, Set<Listener>>();
  /** Each paragraph's last snapshot, whose unchanged parts the next one reuses (keepSame). */
  private readonly lastRead = new Map<string, ParagraphSnapshot>();
  private commentsCache: readonly CommentEntry[] | null = null;
  private readonly commentListeners = new Set<Listener>();
  /** comment id -> the paragraph it names. */
  private commentIndex = new Map<string, string>();
  /** bracket id -> the paragraphs whose snapshots show it. */
  private readonly bracketIndex = new Map<string, Set<string>>();
  private readonly roots;
  private readonly off: (() => void)[] = [];

  constructor(readonly doc: Y.Doc) {
    this.roots = treatyRoots(doc);
    for (const list of [this.roots.preamble, this.roots.articles]) {
      list.observeDeep(this.onStructure);
      this.off.push(() => list.unobserveDeep(this.onStructure));
    }
    this.roots.brackets.observeDeep(this.onBrackets);
    this.roots.comments.observeDeep(this.onComments);
    this.off.push(() => this.roots.brackets.unobserveDeep(this.onBrackets), () => this.roots.comments.unobserveDeep(this.onComments));
    this.reindexComments();
  }

  destroy(): void {
    for (const off of this.off.splice(0)) off();
  }

  // ---- outline ----

  readonly getOutline = (): TreatyOutline => (this.outlineCache ??= readOutline(this.doc));

  readonly subscribeOutline = (listener: Listener): (() => void) => {
    this.outlineListeners.add(listener);
    return () => this.outlineListeners.delete(listener);
  };

  private readonly onStructure = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    let structural = false;
    const touched = new Set<string>();
    const replaced = new Set<string>();
    for (const event of events) {
      const target = event.target;
      if (target instanceof Y.Array) structural = true;
      else if (target instanceof Y.Map) {
        const keys = [...event.keys.keys()];
        if (keys.some((key) => key !== 'status')) structural = true;
        if (keys.includes('status')) touched.add(idOf(target));
      } else if (target instanceof Y.Text && target.parent instanceof Y.Map && target.parent.get('text') === target) {
        touched.add(idOf(target.parent));
      }
    }
    if (structural) {
      this.outlineCache = null;
      const byId = new Map(this.getOutline().order.map((p) => [p.id, p.text]));
      for (const [id, cached] of this.paragraphCache) {
        if (byId.get(id) !== cached.text) replaced.add(id); // the paragraph was replaced or removed
      }
      for (const id of replaced) touched.add(id);
      this.commentsCache = null;
      notify(this.outlineListeners);
      notify(this.commentListeners);
    }
    // Observed paragraphs hear of their own texts and statuses (subscribeParagraph); the cached
    // snapshots of the others are dropped silently, replaced ones are announced.
    for (const id of touched) {
      if (replaced.has(id) || (this.paragraphListeners.get(id)?.size ?? 0) === 0) this.invalidateParagraph(id);
    }
    if ([...touched].some((id) => this.paragraphHasComments(id))) {
      this.commentsCache = null;
      notify(this.commentListeners);
    }
  };

  // ---- paragraphs ----

  /** The snapshot of a paragraph of the outline. */
  getParagraph(node: PlacedParagraph): ParagraphSnapshot {
    const id = node.id;
    const cached = this.paragraphCache.get(id);
    if (cached !== undefined && cached.text === node.text) return cached.snapshot;
    const snapshot = keepSame(this.lastRead.get(id), this.readParagraph(node));
    this.paragraphCache.set(id, { text: node.text, snapshot });
    this.lastRead.set(id, snapshot);
    return snapshot;
  }

  /** Follows one paragraph: its own text and status are observed directly. */
  subscribeParagraph(node: PlacedParagraph, listener: Listener): () => void {
    let listeners = this.paragraphListeners.get(node.id);
    if (listeners === undefined) this.paragraphListeners.set(node.id, (listeners = new Set()));
    listeners.add(listener);
    const changed = (): void => {
      if (this.paragraphCache.get(node.id)?.text === node.text) this.paragraphCache.delete(node.id);
      listener();
    };
    const onMap = (event: Y.YMapEvent<unknown>): void => {
      if (event.keysChanged.has('status')) changed();
    };
    node.text.observe(changed);
    node.map.observe(onMap);
    return () => {
      listeners.delete(listener);
      node.text.unobserve(changed);
      node.map.unobserve(onMap);
    };
  }

  private readParagraph(node: PlacedParagraph): ParagraphSnapshot {
    const brackets = bracketRanges(node.text.toDelta() as DeltaOp[]);
    const ids = bracketIds(brackets);
    for (const bracket of ids) {
      let set = this.bracketIndex.get(bracket);
      if (set === undefined) this.bracketIndex.set(bracket, (set = new Set()));
      set.add(node.id);
    }
    const texts = new Map([[node.id, node.text]]);
    const comments: CommentRange[] = [];
    for (const [comment, paragraph] of this.commentIndex) {
      if (paragraph !== node.id) continue;
      const entry = readComment(this.doc, comment, texts);
      if (entry !== undefined && entry.from !== null && entry.to !== null) comments.push({ id: comment, from: entry.from, to: entry.to });
    }
    return {
      id: node.id,
      text: node.text.toString(),
      status: statusOf(node.map),
      brackets,
      entries: ids.map((id) => readBracket(this.doc, id) ?? { id, proposer: '', paragraph: node.id, alternatives: [] }),
      comments: comments.sort((a, b) => a.from - b.from || (a.id < b.id ? -1 : 1)),
    };
  }

  private invalidateParagraph(id: string): void {
    this.paragraphCache.delete(id);
    const listeners = this.paragraphListeners.get(id);
    if (listeners !== undefined) notify(listeners);
  }

  // ---- brackets ----

  private readonly onBrackets = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    const touched = new Set<string>();
    for (const event of events) {
      const ids = event.target === this.roots.brackets ? [...event.keys.keys()] : [event.path[0]];
      for (const id of ids) {
        if (typeof id !== 'string') continue;
        for (const paragraph of this.bracketIndex.get(id) ?? []) touched.add(paragraph);
        const home = readBracket(this.doc, id)?.paragraph;
        if (home) touched.add(home);
      }
    }
    for (const id of touched) this.invalidateParagraph(id);
  };

  // ---- comments ----

  readonly getComments = (): readonly CommentEntry[] => {
    if (this.commentsCache !== null) return this.commentsCache;
    const texts = new Map<string, Y.Text>();
    for (const p of this.getOutline().order) texts.set(p.id, p.text);
    const out: CommentEntry[] = [];
    for (const id of [...this.commentIndex.keys()].sort()) {
      const comment = readComment(this.doc, id, texts);
      if (comment !== undefined) out.push(comment);
    }
    return (this.commentsCache = out);
  };

  readonly subscribeComments = (listener: Listener): (() => void) => {
    this.commentListeners.add(listener);
    return () => this.commentListeners.delete(listener);
  };

  private paragraphHasComments(id: string): boolean {
    for (const paragraph of this.commentIndex.values()) if (paragraph === id) return true;
    return false;
  }

  private reindexComments(): Set<string> {
    const before = this.commentIndex;
    const after = new Map<string, string>();
    for (const id of this.roots.comments.keys()) {
      const paragraph = commentParagraph(this.doc, id);
      if (paragraph !== null) after.set(id, paragraph);
    }
    this.commentIndex = after;
    const touched = new Set<string>();
    for (const [id, paragraph] of before) if (after.get(id) !== paragraph) touched.add(paragraph);
    for (const [id, paragraph] of after) if (before.get(id) !== paragraph) touched.add(paragraph);
    return touched;
  }

  private readonly onComments = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    const touched = this.reindexComments();
    // An entry changed in place (its anchors, say) moves its marks too.
    for (const event of events) {
      const id = event.target === this.roots.comments ? null : event.path[0];
      const paragraph = typeof id === 'string' ? this.commentIndex.get(id) : undefined;
      if (paragraph !== undefined) touched.add(paragraph);
    }
    this.commentsCache = null;
    for (const id of touched) this.invalidateParagraph(id);
    notify(this.commentListeners);
  };
}

function idOf(map: Y.Map<unknown>): string {
  const id = map.get('id');
  return typeof id === 'string' ? id : '';
}

function notify(listeners: Iterable<Listener>): void {
  for (const listener of [...listeners]) listener();
}

/**
 * `next`, with the brackets, entries and comments of `previous` where they are the same: typing
 * changes the words alone, and what shows the rest (memoized) need not re-render.
 */
export function keepSame(previous: ParagraphSnapshot | undefined, next: ParagraphSnapshot): ParagraphSnapshot {
  if (previous === undefined) return next;
  const brackets = sameJson(previous.brackets, next.brackets) ? previous.brackets : next.brackets;
  const entries = sameJson(previous.entries, next.entries) ? previous.entries : next.entries;
  const comments = sameJson(previous.comments, next.comments) ? previous.comments : next.comments;
  return brackets === next.brackets && entries === next.entries && comments === next.comments ? next : { ...next, brackets, entries, comments };
}

/** Plain data (numbers, strings, arrays, objects) compared by value; small lists, so JSON is enough. */
function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Whether two snapshots of a paragraph differ in their words at most (the parts keepSame kept). */
export function sameButWords(a: ParagraphSnapshot, b: ParagraphSnapshot): boolean {
  return a.id === b.id && a.status === b.status && a.brackets === b.brackets && a.entries === b.entries && a.comments === b.comments;
}

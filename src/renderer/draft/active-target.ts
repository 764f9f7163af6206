/**
 * Which text of the draft is being edited: at most one at a time (a live CodeMirror editor is
 * costly; the other 999 paragraphs are read-only renderings). Components ask whether *they* are
 * active, so a change of focus re-renders the two paragraphs concerned, not the treaty.
 */
export type DraftTarget =
  | { readonly kind: 'title' }
  | { readonly kind: 'heading'; readonly articleId: string }
  | { readonly kind: 'paragraph'; readonly paragraphId: string };

/** Where the caret goes when the editor opens: a text position, an end, or a point clicked. */
export type CaretPlacement = 'start' | 'end' | { readonly index: number } | { readonly x: number; readonly y: number };

export interface Activation {
  readonly target: DraftTarget;
  readonly caret: CaretPlacement;
}

export function targetKey(target: DraftTarget): string {
  switch (target.kind) {
    case 'title':
      return 'title';
    case 'heading':
      return `heading:${target.articleId}`;
    case 'paragraph':
      return `paragraph:${target.paragraphId}`;
    default: {
      const never: never = target;
      return never;
    }
  }
}

export class ActiveTarget {
  private current: Activation | null = null;
  private readonly listeners = new Set<() => void>();

  readonly get = (): Activation | null => this.current;

  readonly keyNow = (): string | null => (this.current === null ? null : targetKey(this.current.target));

  set(activation: Activation | null): void {
    if (activation === null && this.current === null) return;
    this.current = activation;
    for (const listener of [...this.listeners]) listener();
  }

  /** Leaves the editor of `target` if it is the active one (a later activation wins). */
  release(target: DraftTarget): void {
    if (this.keyNow() === targetKey(target)) this.set(null);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/**
 * Tells screen readers, politely, when another delegation arrives in a paragraph: "Borduria is now
 * editing Article 1, paragraph 2." Not on every keystroke or caret move: only arrivals, and those
 * of one moment (a delegation stepping through paragraphs, several arriving at once) are said
 * together, at most once per `settleMs`, each delegation where it is by then.
 */
import type { PresenceView } from '../../node/api-types.js';
import { listInWords } from '../screens/common/format.js';

export interface AnnouncerTimers {
  after(ms: number, task: () => void): () => void;
}

const browserTimers: AnnouncerTimers = {
  after(ms, task) {
    const handle = setTimeout(task, ms);
    return () => clearTimeout(handle);
  },
};

export class ArrivalAnnouncer {
  /** party -> where it arrived last, and its name */
  private readonly pending = new Map<string, { name: string; paragraphId: string }>();
  private cancel: (() => void) | null = null;

  constructor(
    private readonly say: (text: string) => void,
    /** "Article 1, paragraph 2", or null for a paragraph no longer in the text. */
    private readonly describe: (paragraphId: string) => string | null,
    private readonly settleMs = 1_000,
    private readonly timers: AnnouncerTimers = browserTimers,
  ) {}

  arrive(presence: PresenceView): void {
    const paragraphId = presence.cursor?.paragraphId;
    if (paragraphId === undefined) return;
    this.pending.delete(presence.party.id); // re-inserted last: said in the order they settled
    this.pending.set(presence.party.id, { name: presence.party.name, paragraphId });
    this.cancel ??= this.timers.after(this.settleMs, () => this.flush()); // at most one announcement per settleMs
  }

  dispose(): void {
    this.cancel?.();
    this.cancel = null;
    this.pending.clear();
  }

  private flush(): void {
    this.cancel = null;
    const byPlace = new Map<string, string[]>();
    for (const { name, paragraphId } of this.pending.values()) {
      const place = this.describe(paragraphId);
      if (place === null) continue;
      byPlace.set(place, [...(byPlace.get(place) ?? []), name]);
    }
    this.pending.clear();
    const sentences = [...byPlace].map(([place, names]) => `${listInWords(names)} ${names.length === 1 ? 'is' : 'are'} now editing ${place}.`);
    if (sentences.length > 0) this.say(sentences.join(' '));
  }
}

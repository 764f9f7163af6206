/**
 * What the shell tells the delegation about trouble it did not cause: a peer's message refused,
 * a party caught signing two conflicting things, something the node could not do. Pure: an
 * event in, a sentence out, and a bounded list that folds repeats together.
 */
import type { NodeEvent } from '../../node/api.js';
import { shortHex } from '../screens/common/format.js';

export type NoticeTone = 'danger' | 'warning';

export interface Notice {
  /** Same key: the same trouble again (counted, not repeated). */
  readonly key: string;
  readonly tone: NoticeTone;
  readonly text: string;
  /** The negotiation concerned, by title when known. */
  readonly where: string | null;
  readonly count: number;
}

/** Keeps the shell's list short: the newest notices only. */
export const MAX_NOTICES = 6;

/** The notice for an event, or null for events that are not trouble. */
export function noticeOf(event: NodeEvent, titleOf: (negotiation: string) => string | undefined): Notice | null {
  const where = (negotiation: string | null) => (negotiation === null ? null : (titleOf(negotiation) ?? shortHex(negotiation)));
  switch (event.type) {
    case 'equivocation': {
      const e = event.evidence;
      const what =
        e.kind === 'votes'
          ? `signed two different proposals at height ${e.height ?? '?'} round ${e.round ?? '?'}`
          : `signed two different edits under sequence number ${e.seq ?? '?'}`;
      return {
        key: `equivocation:${event.negotiation}:${e.culprit.id}:${e.kind}:${e.height}:${e.round}:${e.seq}`,
        tone: 'danger',
        text: `${e.culprit.name} ${what} — the evidence is kept`,
        where: where(event.negotiation),
        count: 1,
      };
    }
    case 'rejected-message':
      return {
        key: `rejected:${event.negotiation}:${event.peer}:${event.channel}:${event.reason}`,
        tone: 'warning',
        text: `A message from peer ${shortHex(event.peer, 6, 4)} was refused (${event.channel}): ${event.reason}`,
        where: where(event.negotiation),
        count: 1,
      };
    case 'node-error':
      return {
        key: `node-error:${event.negotiation}:${event.message}`,
        tone: 'danger',
        text: `Your node could not do something: ${event.message}`,
        where: where(event.negotiation),
        count: 1,
      };
    default:
      return null;
  }
}

/** Adds a notice at the top; the same trouble again moves up with its count raised. */
export function addNotice(notices: readonly Notice[], notice: Notice): Notice[] {
  const previous = notices.find((n) => n.key === notice.key);
  const rest = notices.filter((n) => n.key !== notice.key);
  const merged = previous === undefined ? notice : { ...notice, count: previous.count + 1 };
  return [merged, ...rest].slice(0, MAX_NOTICES);
}

/**
 * What the shell tells the delegation about trouble it did not cause: a peer's message refused,
 * a party caught signing two conflicting things (proposals, edits, acts), something the node could
 * not do; and the depositary's news, a treaty entering into force (VCLT art. 77). Pure: an event
 * in, a sentence out, and a bounded list that folds repeats together.
 */
import type { EntryIntoForceNotice, NodeEvent } from '../../node/api.js';
import { shortHex } from '../screens/common/format.js';
import { equivocationConsequence, equivocationInWords } from '../screens/room/ledger/evidence-words.js';
import { datesInWords, dayInWords } from '../screens/room/treaty/treaty-words.js';

/** 'announcement': good news every party is told, not trouble. */
export type NoticeTone = 'danger' | 'warning' | 'announcement';

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

/** "The Pacific Albatross Agreement", or the title as it is when it has its own article. */
function theTitle(title: string): string {
  return /^the\s/i.test(title) ? title : `The ${title}`;
}

/**
 * "The Pacific Albatross Agreement enters into force on 14 March 2027 (“First reading”, height 3):
 * the condition … was met by Tuvalu's ratification of 12 February 2027; 30 days after." `today`
 * ("YYYY-MM-DD") decides between "enters" and "entered".
 */
export function entryIntoForceInWords(notice: EntryIntoForceNotice, title: string | undefined, today: string): string {
  const treaty = title === undefined ? 'The treaty' : theTitle(title);
  const verb = notice.inForceSince <= today ? 'entered into force on' : 'enters into force on';
  const why = /^[^:]*: (.+)$/.exec(notice.sentence)?.[1];
  const version = `“${notice.label || 'untitled'}”, height ${notice.height}`;
  return `${treaty} ${verb} ${dayInWords(notice.inForceSince)} (${version})${why === undefined ? '' : `: ${datesInWords(why)}`}.`;
}

/** The notice for an event, or null for events that are not trouble or news. */
export function noticeOf(event: NodeEvent, titleOf: (negotiation: string) => string | undefined, today = new Date().toISOString().slice(0, 10)): Notice | null {
  const where = (negotiation: string | null) => (negotiation === null ? null : (titleOf(negotiation) ?? shortHex(negotiation)));
  switch (event.type) {
    case 'equivocation': {
      const e = event.evidence;
      const then = equivocationConsequence(e);
      const what = then === '' ? equivocationInWords(e) : `${equivocationInWords(e)}: ${then}`;
      return {
        key: `equivocation:${event.negotiation}:${e.culprit.id}:${e.kind}:${e.height}:${e.round}:${e.seq}`,
        // A forked act chain holds up that party's acts; a forked vote threatens the ledger itself.
        tone: e.kind === 'acts' ? 'warning' : 'danger',
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
    case 'entry-into-force':
      return {
        key: `entry-into-force:${event.negotiation}:${event.notice.block}`,
        tone: 'announcement',
        text: entryIntoForceInWords(event.notice, titleOf(event.negotiation), today),
        // The sentence names the treaty already.
        where: null,
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

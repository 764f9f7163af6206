/** The one line at the top of the draft saying whether edits are live, in words. */
import { catchUpInWords, type CatchingUp } from './catch-up.js';
import type { SyncPhase } from './draft-sync.js';

export function draftStatusText(phase: SyncPhase, online: number, problem: string | null, catchingUp: CatchingUp | null = null): string {
  switch (phase) {
    case 'open':
      if (catchingUp !== null) return catchUpInWords(catchingUp);
      return online > 0
        ? `Live with ${online} delegation${online === 1 ? '' : 's'}`
        : 'Offline: your edits are kept and will merge when others reconnect';
    case 'waiting':
      return problem !== null
        ? `Not connected to your node (${problem}): your edits are kept here`
        : 'Not connected to your node: your edits are kept here and will be sent when it reconnects';
    case 'opening':
      return 'Opening the draft…';
    case 'failed':
      return `The draft could not be opened: ${problem ?? 'the node refused'}`;
    case 'stopped':
      return 'Your edits are not being sent to your node';
    default: {
      const never: never = phase;
      return never;
    }
  }
}

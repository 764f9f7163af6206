/** The join screen's words: a refusal in plain terms, and the wait for admission. */
import type { ApiError, NegotiationDetail, TallyView } from '../../../node/api.js';
import { listInWords } from '../common/format.js';

export function joinErrorInWords(error: ApiError): string {
  switch (error.code) {
    case 'bad-invitation':
      return `This code cannot be used: it is damaged, incomplete or expired. Ask the delegation that invited you for a new one. Details: ${error.message}`;
    case 'unreachable':
      return `The inviter's node could not be reached. It must be running and reachable from this machine; try again, or ask for a code with another address. Details: ${error.message}`;
    case 'invitation-refused':
      return `The inviter refused: ${error.message.replace(/^the inviter refused:\s*/i, '')}. Codes work once and for seven days; ask for a new one.`;
    case 'no-identity':
      return 'Name your delegation first.';
    case 'unavailable':
      return `Your node is not reachable just now: ${error.message}`;
    default:
      return error.message;
  }
}

/** "Waiting for the parties to admit you: …" — what is known of the admission's tally. */
export function admissionWaitInWords(detail: NegotiationDetail | undefined, tally: TallyView | undefined): string {
  if (tally !== undefined) {
    const signed = tally.signers.length === 0 ? 'no signature yet' : `signed by ${listInWords(tally.signers.map((s) => s.name))}`;
    return `${signed}; still needed: ${tally.stillNeeded}`;
  }
  if (detail === undefined) return 'the inviter has proposed your admission';
  return `the inviter has proposed your admission; the rule: ${detail.rules.admit}`;
}

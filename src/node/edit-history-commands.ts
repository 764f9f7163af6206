/**
 * The edit history through the API: history.edits pages through its steps, newest first, and
 * history.diff reads the text after a step through textAtEdit. Indexes are 1-based (edit 0 is the
 * empty document before the first edit), so "edit 12" on screen is `{ edit: 12 }` on the wire.
 */
import { textHash } from '../core/draft/canonical.js';
import { toHex } from '../core/bytes.js';
import { apiError, apiOk, type ArgsOf, type ResultOf } from './api.js';
import type { ApiResult, DiffSide, EditView } from './api-types.js';
import { editHistoryOf, type EditStep } from './edit-history.js';
import type { NegotiationSession } from './negotiation-session.js';

const DEFAULT_PAGE = 50;

function editView(session: NegotiationSession, step: EditStep, index: number): EditView {
  return {
    index,
    author: session.names.ref(step.author),
    seq: step.lastSeq,
    epoch: step.epoch,
    ...(step.envelopes > 1 && { firstSeq: step.firstSeq, lastSeq: step.lastSeq }),
    envelopes: step.envelopes,
    paragraphs: [...step.paragraphs],
    inserted: step.inserted,
    deleted: step.deleted,
  };
}

export const editHistoryCommands: {
  'history.edits': (session: NegotiationSession, args: ArgsOf<'history.edits'>) => Promise<ApiResult<ResultOf<'history.edits'>>>;
} = {
  'history.edits': async (session, args) => {
    const history = await editHistoryOf(session);
    const steps = history.steps;
    const total = steps.length;
    // Paging from beyond the newest step is paging from the newest.
    const before = Math.min(args.before ?? total + 1, total + 1);
    const first = Math.max(1, before - (args.limit ?? DEFAULT_PAGE));
    const edits: EditView[] = [];
    for (let index = before - 1; index >= first; index--) edits.push(editView(session, steps[index - 1]!, index));
    return apiOk({ edits, total });
  },
};

/** The canonical text after edit `index` of the history, as one side (`which`) of a diff. */
export async function textAtEdit(session: NegotiationSession, index: number, which: 'from' | 'to'): Promise<ApiResult<{ text: string; ref: DiffSide }>> {
  const history = await editHistoryOf(session);
  const total = history.steps.length;
  if (index > total) {
    return apiError('invalid-argument', `history.diff: ${which}: no edit ${index}: this node's edit history has ${total} (1 to ${total}; 0 is before the first)`);
  }
  const text = history.textAfter(index);
  const step = index === 0 ? undefined : history.steps[index - 1]!;
  const label = step === undefined ? 'before the first edit' : `after edit ${index} (${session.names.ref(step.author).name})`;
  return apiOk({ text, ref: { height: null, label, textHash: toHex(textHash(text)), edit: index } });
}

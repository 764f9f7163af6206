/**
 * The edit history as the History tab reads it: the newest page kept fresh (again when the text
 * changes or a version is adopted), older pages read on demand and kept, by index.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ApiError, EditView } from '../../../../node/api.js';
import { useNode } from '../../../app/node-context.js';
import { inNegotiation, useAction, useQuery } from '../../../app/use-query.js';
import { mergeEditPages } from './history-points.js';

export const EDIT_PAGE = 50;

export interface EditHistory {
  /** Loaded steps, newest first, consecutive indexes. */
  readonly edits: readonly EditView[];
  /** Steps in the whole history; undefined until first read. */
  readonly total: number | undefined;
  readonly error: ApiError | undefined;
  /** Reads the page before the oldest loaded step. */
  readonly older: () => void;
  readonly olderPending: boolean;
  readonly olderError: ApiError | undefined;
}

export function useEditHistory(negotiation: string): EditHistory {
  const client = useNode();
  const [edits, setEdits] = useState<readonly EditView[]>([]);
  const newest = useQuery(() => client.call('history.edits', { negotiation, limit: EDIT_PAGE }), [negotiation], {
    events: ['text-changed', 'block-final'],
    when: inNegotiation(negotiation),
  });
  useEffect(() => setEdits([]), [negotiation]);
  useEffect(() => {
    if (newest.value !== undefined) setEdits((loaded) => mergeEditPages(loaded, newest.value!.edits));
  }, [newest.value]);

  const oldest = edits[edits.length - 1]?.index;
  const read = useAction((before: number) => client.call('history.edits', { negotiation, before, limit: EDIT_PAGE }));
  const run = read.run;
  const older = useCallback(() => {
    if (oldest === undefined || oldest <= 1) return;
    void run(oldest).then((result) => {
      if (result.ok) setEdits((loaded) => mergeEditPages(loaded, result.value.edits));
    });
  }, [oldest, run]);

  return { edits, total: newest.value?.total, error: newest.error, older, olderPending: read.pending, olderError: read.error };
}

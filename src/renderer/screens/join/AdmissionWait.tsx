/**
 * The wait for admission: the admit block is being signed by the parties; this node learns it is
 * final when its catch-up brings the block. Shows what is known meanwhile, and moves on by itself.
 */
import { useEffect } from 'react';
import type { TallyView } from '../../../node/api.js';
import { useNode } from '../../app/node-context.js';
import { inNegotiation, useQuery } from '../../app/use-query.js';
import { ErrorText } from '../common/ErrorText.js';
import { admissionWaitInWords } from './join-words.js';

/** The joining node hears of its admission through catch-up, which events may not announce: look again now and then. */
const RECHECK_MS = 3000;

export function AdmissionWait({ negotiation, onAdmitted }: { readonly negotiation: string; readonly onAdmitted: () => void }) {
  const client = useNode();
  const refresh = { events: ['block-final', 'block-proposed', 'vote', 'negotiation-opened', 'peer'] as const, when: inNegotiation(negotiation) };
  const detail = useQuery(() => client.call('negotiations.get', { negotiation }), [negotiation], refresh);
  const tally = useQuery<TallyView | undefined>(
    async () => {
      const proposals = await client.call('adoption.proposals', { negotiation });
      const admit = proposals.ok ? proposals.value.find((p) => p.kind === 'admit') : undefined;
      if (admit === undefined) return { ok: true as const, value: undefined };
      return client.call('adoption.tally', { negotiation, headerHash: admit.headerHash });
    },
    [negotiation],
    refresh,
  );

  const admitted = detail.value !== undefined && detail.value.member && detail.value.status !== 'joining';
  useEffect(() => {
    if (admitted) onAdmitted();
  }, [admitted, onAdmitted]);

  const { reload: reloadDetail } = detail;
  const { reload: reloadTally } = tally;
  useEffect(() => {
    if (admitted) return;
    const timer = setInterval(() => {
      reloadDetail();
      reloadTally();
    }, RECHECK_MS);
    return () => clearInterval(timer);
  }, [admitted, reloadDetail, reloadTally]);

  return (
    <div className="admission-wait">
      <p className="progress-line" role="status">
        <progress aria-label="Waiting for the parties to admit you" />
        {admitted ? 'You are admitted. Opening the negotiation…' : `Waiting for the parties to admit you: ${admissionWaitInWords(detail.value, tally.value)}`}
      </p>
      {detail.value !== undefined && (
        <p className="muted">
          {detail.value.partyCount} {detail.value.partyCount === 1 ? 'party' : 'parties'}, convened by {detail.value.convenor.name}. You can leave this page: the
          negotiation is listed on your home screen, and your node keeps asking.
        </p>
      )}
      <ErrorText error={detail.error} />
    </div>
  );
}

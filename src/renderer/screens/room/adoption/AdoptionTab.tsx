/**
 * Adoption: propose the draft as it stands (the node fixes its exact text and hash), with texts in
 * further authentic languages if the proposer has them, then the proposals at the next height
 * with their tallies, and the last decision once final.
 */
import { useRef, useState, type FormEvent } from 'react';
import type { BlockView, IdentityView, NegotiationDetail } from '../../../../node/api.js';
import { useNode, useNodeEvent } from '../../../app/node-context.js';
import { inNegotiation, useAction, useQuery } from '../../../app/use-query.js';
import { ErrorText } from '../../common/ErrorText.js';
import { formatWhen } from '../../common/format.js';
import { Hash } from '../../common/Hash.js';
import { AuthenticTextRows } from './AuthenticTextRows.js';
import { authenticTextProblems, proposeArgs, type AuthenticTextDraft } from './authentic-texts.js';
import { ProposalCard } from './ProposalCard.js';
import { blockBodyInWords, finalInWords } from './proposal-words.js';

export function AdoptionTab({ negotiation, detail, identity }: { readonly negotiation: string; readonly detail: NegotiationDetail; readonly identity: IdentityView }) {
  const client = useNode();
  const [label, setLabel] = useState('');
  const [texts, setTexts] = useState<readonly AuthenticTextDraft[]>([]);
  const [tried, setTried] = useState(false);
  const nextKey = useRef(1);
  const proposals = useQuery(() => client.call('adoption.proposals', { negotiation }), [negotiation], {
    events: ['block-proposed', 'block-final', 'vote'],
    when: inNegotiation(negotiation),
  });
  const last = useLastBlock(negotiation, detail.height);
  const propose = useAction((l: string, t: readonly AuthenticTextDraft[]) => client.call('adoption.propose', proposeArgs(negotiation, l, t)));
  const problems = tried ? authenticTextProblems(texts) : {};

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(authenticTextProblems(texts)).length > 0) return;
    const result = await propose.run(label, texts);
    if (result.ok) {
      setLabel('');
      setTexts([]);
      setTried(false);
      proposals.reload();
    }
  };

  const list = proposals.value;
  return (
    <div className="tab-body adoption">
      {last !== undefined && (
        <section className="last-decision" aria-live="polite" aria-label="Last decision">
          <p className="last-decision-head">
            <strong>{finalInWords(last)}</strong> — {blockBodyInWords(last.body)}, {formatWhen(last.proposedAt)}
          </p>
          <p className="hash-line">
            <span className="hash-label">Block</span> <Hash value={last.headerHash} what="block hash" />
          </p>
        </section>
      )}

      {detail.member && (
        <form className="propose" onSubmit={(e) => void submit(e)}>
          <h2>Propose this text for adoption</h2>
          <p className="muted">
            The draft as it stands is fixed by the hash of its exact text; the parties then sign it. Proposing is not signing. The rule: {detail.rules.adopt}.
          </p>
          <div className="with-button">
            <label className="field grow">
              <span>Label of this version</span>
              <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={200} placeholder="e.g. First reading" />
            </label>
            <button type="submit" className="primary" disabled={propose.pending}>
              {propose.pending ? 'Proposing…' : 'Propose this text for adoption'}
            </button>
          </div>
          <AuthenticTextRows
            texts={texts}
            problems={problems}
            onChange={setTexts}
            onAdd={() => setTexts((list) => [...list, { key: nextKey.current++, language: '', text: '' }])}
          />
          <ErrorText error={propose.error} prefix="Not proposed:" />
        </form>
      )}

      <h2>Proposals awaiting signatures</h2>
      <ErrorText error={proposals.error} prefix="The proposals could not be read:" />
      {list === undefined ? (
        <p className="muted" role="status">
          Reading the proposals…
        </p>
      ) : list.length === 0 ? (
        <p className="muted">No proposal is open at height {detail.height + 1}.</p>
      ) : (
        list.map((p) => <ProposalCard key={p.headerHash} negotiation={negotiation} proposal={p} self={identity.party} member={detail.member} />)
      )}
    </div>
  );
}

/** The last final block: read at the current height, then taken from 'block-final' events. */
function useLastBlock(negotiation: string, height: number): BlockView | undefined {
  const client = useNode();
  const [fromEvent, setFromEvent] = useState<BlockView | undefined>(undefined);
  const read = useQuery(
    async () => (height === 0 ? { ok: true as const, value: [] as BlockView[] } : client.call('history.blocks', { negotiation, fromHeight: height, limit: 1 })),
    [negotiation, height],
  );
  useNodeEvent(
    (event) => {
      if (event.type === 'block-final' && event.negotiation === negotiation) setFromEvent(event.block);
    },
    ['block-final'],
  );
  const stored = read.value?.[0];
  if (fromEvent !== undefined && (stored === undefined || fromEvent.height >= stored.height)) return fromEvent;
  return stored;
}

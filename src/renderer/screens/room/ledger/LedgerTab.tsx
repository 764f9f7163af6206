/**
 * The ledger as this node holds it: every final block with its signatures, each verified again by
 * the node as it answers; the equivocation evidence; and the whole record exported to a file.
 */
import { useState } from 'react';
import type { ApiResult, BlockView, NegotiationDetail } from '../../../../node/api.js';
import type { NodeClient } from '../../../client/node-client.js';
import { useNode } from '../../../app/node-context.js';
import { inNegotiation, useAction, useQuery } from '../../../app/use-query.js';
import { ErrorText } from '../../common/ErrorText.js';
import { formatWhen } from '../../common/format.js';
import { Hash } from '../../common/Hash.js';
import { PartyName } from '../../common/PartyName.js';
import { blockBodyInWords } from '../adoption/proposal-words.js';
import { languageName } from '../adoption/authentic-texts.js';
import { equivocationConsequence, equivocationInWords } from './evidence-words.js';
import { exportFileName, exportJson } from './export-record.js';

const PAGE = 200;

/** Every final block, page by page (the command returns at most 1000 at a time). */
async function allBlocks(client: NodeClient, negotiation: string): Promise<ApiResult<BlockView[]>> {
  const out: BlockView[] = [];
  for (;;) {
    const page = await client.call('history.blocks', { negotiation, fromHeight: out.length + 1, limit: PAGE });
    if (!page.ok) return page;
    out.push(...page.value);
    if (page.value.length < PAGE) return { ok: true, value: out };
  }
}

export function LedgerTab({ negotiation, detail }: { readonly negotiation: string; readonly detail: NegotiationDetail }) {
  const client = useNode();
  const refresh = { events: ['block-final', 'equivocation'] as const, when: inNegotiation(negotiation) };
  const blocks = useQuery(() => allBlocks(client, negotiation), [negotiation], refresh);
  const evidence = useQuery(() => client.call('history.evidence', { negotiation }), [negotiation], refresh);
  const [exported, setExported] = useState<string | null>(null);
  const exporter = useAction(() => client.call('export.ledger', { negotiation }));

  const exportRecord = async () => {
    setExported(null);
    const result = await exporter.run();
    if (!result.ok) return;
    const name = exportFileName(detail.title, detail.height, new Date());
    const url = URL.createObjectURL(new Blob([exportJson(result.value, detail.title, Date.now())], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setExported(`Saved ${name}: ${result.value.blocks.length} blocks, ${result.value.envelopes.length} signed edits, ${result.value.evidence.length} pieces of evidence.`);
  };

  const list = blocks.value;
  return (
    <div className="tab-body ledger">
      <div className="page-head">
        <h2>Ledger</h2>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void exportRecord()} disabled={exporter.pending}>
            Export record
          </button>
        </div>
      </div>
      {exporter.pending && (
        <p className="progress-line" role="status">
          <progress aria-label="Exporting the record" /> Exporting the record…
        </p>
      )}
      {exported !== null && (
        <p className="ok-text" role="status">
          {exported}
        </p>
      )}
      <ErrorText error={exporter.error} prefix="The record was not exported:" />

      <p className="muted">
        Height 0 is the charter: its hash is the negotiation's id, <code className="wrap">{negotiation}</code>. Each block below is checked again by
        your node: every signature against the party's key, and the charter's rule.
      </p>
      <ErrorText error={blocks.error} prefix="The blocks could not be read:" />
      {list === undefined ? (
        <p className="muted" role="status">
          Reading the ledger…
        </p>
      ) : list.length === 0 ? (
        <p className="muted">No block yet beyond the charter.</p>
      ) : (
        <ol className="blocks">
          {[...list].reverse().map((b) => (
            <li key={b.headerHash} className="block">
              <div className="block-head">
                <span className="timeline-height">Height {b.height}</span>
                <strong>{blockBodyInWords(b.body)}</strong>
                <span className={b.verified ? 'ok-text' : 'error-text'}>{b.verified ? '✓ verified' : '✗ does not verify'}</span>
              </div>
              <p className="muted small">
                {b.body.kind === 'adopt' ? 'Adoption' : b.body.kind === 'admit' ? 'Admission' : 'Removal'} · round {b.round} · proposed by {b.proposer.name},{' '}
                {formatWhen(b.proposedAt)}
              </p>
              <p className="hash-line small">
                <span className="hash-label">Block hash</span> <Hash value={b.headerHash} what={`hash of block ${b.height}`} />
              </p>
              {b.body.kind === 'adopt' && (
                <p className="hash-line small">
                  <span className="hash-label">Text hash</span> <Hash value={b.body.textHash} what={`text hash of block ${b.height}`} copy={false} />
                </p>
              )}
              {b.body.kind === 'adopt' &&
                (b.body.authenticTexts ?? []).map((t) => (
                  <p key={t.language} className="hash-line small">
                    <span className="hash-label">{languageName(t.language)}</span>{' '}
                    <Hash value={t.textHash} what={`text hash of block ${b.height}, ${languageName(t.language)}`} copy={false} />
                  </p>
                ))}
              <table className="table signatures">
                <caption className="visually-hidden">Signatures of block {b.height}</caption>
                <thead>
                  <tr>
                    <th scope="col">Party</th>
                    <th scope="col">Signature</th>
                    <th scope="col">Checked</th>
                  </tr>
                </thead>
                <tbody>
                  {b.votes.map((v) => (
                    <tr key={v.party.id}>
                      <td>
                        <PartyName id={v.party.id} name={v.party.name} />
                      </td>
                      <td>
                        <code title={v.signature}>{v.signature.slice(0, 16)}…</code>
                      </td>
                      <td className={v.verified ? 'ok-text' : 'error-text'}>{v.verified ? '✓ verified' : '✗ not verified'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {b.roundChanges.length > 0 && (
                <p className="muted small">
                  Earlier rounds at this height ended by {b.roundChanges.length} round-change {b.roundChanges.length === 1 ? 'vote' : 'votes'} (
                  {b.roundChanges.every((v) => v.verified) ? 'all verified' : 'not all verified'}).
                </p>
              )}
            </li>
          ))}
        </ol>
      )}

      <h2>Evidence of equivocation</h2>
      <ErrorText error={evidence.error} prefix="The evidence could not be read:" />
      {evidence.value === undefined ? null : evidence.value.length === 0 ? (
        <p className="muted">None: no party has signed two conflicting things.</p>
      ) : (
        <ul className="evidence">
          {evidence.value.map((e, i) => (
            <li key={i} className="banner banner-danger">
              <p>
                <strong>{e.culprit.name}</strong> {equivocationInWords(e)}
                {equivocationConsequence(e) === '' ? '' : `: ${equivocationConsequence(e)}`}.
              </p>
              <p className="small muted">{e.description}</p>
              {e.bytes !== null && (
                <p className="small">
                  The signed evidence is in the {e.kind === 'acts' ? 'dossier (Treaty tab)' : 'exported record'}; anyone can check it with {e.culprit.name}'s public key.
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

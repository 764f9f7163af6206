/**
 * Offline review: every adopted version (height, label, date, text hash, who signed), any one read
 * in full, and the difference between any two of them or a version and the current draft.
 */
import { useEffect, useState } from 'react';
import type { VersionView } from '../../../../node/api.js';
import { useNode, useNodeEvent } from '../../../app/node-context.js';
import { inNegotiation, useQuery } from '../../../app/use-query.js';
import { ErrorText } from '../../common/ErrorText.js';
import { formatWhen, listInWords } from '../../common/format.js';
import { Hash } from '../../common/Hash.js';
import { diffSummary } from './diff-layout.js';
import { VersionDiff, type DiffMode } from './VersionDiff.js';

type Side = number | 'draft';

const sideName = (side: Side, versions: readonly VersionView[]) => {
  if (side === 'draft') return 'the current draft';
  const v = versions.find((x) => x.height === side);
  return v === undefined ? `height ${side}` : `“${v.label || 'untitled'}” (height ${side})`;
};

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function HistoryTab({ negotiation }: { readonly negotiation: string }) {
  const client = useNode();
  const versions = useQuery(() => client.call('history.versions', { negotiation }), [negotiation], { events: ['block-final'], when: inNegotiation(negotiation) });
  const list = versions.value ?? [];
  const [from, setFrom] = useState<Side | null>(null);
  const [to, setTo] = useState<Side>('draft');
  const [mode, setMode] = useState<DiffMode>('inline');
  const [reading, setReading] = useState<number | null>(null);

  // Default comparison: the latest version against the draft, once versions are known.
  const latest = list[list.length - 1]?.height;
  useEffect(() => {
    if (from === null && latest !== undefined) setFrom(latest);
  }, [from, latest]);

  const diff = useQuery(
    () => (from === null ? Promise.resolve({ ok: true as const, value: undefined }) : client.call('history.diff', { negotiation, from, to })),
    [negotiation, from, to],
  );
  // The draft moves while others type: say so rather than recompute the diff on every keystroke.
  const [draftMoved, setDraftMoved] = useState(false);
  useEffect(() => setDraftMoved(false), [diff.value]);
  useNodeEvent(
    (e) => {
      if ((from === 'draft' || to === 'draft') && 'negotiation' in e && e.negotiation === negotiation) setDraftMoved(true);
    },
    ['text-changed'],
  );

  const parse = (value: string): Side => (value === 'draft' ? 'draft' : Number(value));
  const options = (
    <>
      {list.map((v) => (
        <option key={v.height} value={v.height}>
          Height {v.height} — {v.label || 'untitled'}
        </option>
      ))}
      <option value="draft">Current draft</option>
    </>
  );

  return (
    <div className="tab-body history">
      <h2>Adopted versions</h2>
      <ErrorText error={versions.error} prefix="The versions could not be read:" />
      {versions.value === undefined ? (
        <p className="muted" role="status">
          Reading the history…
        </p>
      ) : list.length === 0 ? (
        <p className="muted">No version has been adopted yet. Once one is, it appears here, and you can compare it with the draft.</p>
      ) : (
        <ol className="timeline">
          {[...list].reverse().map((v) => (
            <li key={v.height} className="timeline-item">
              <div className="timeline-head">
                <span className="timeline-height">Height {v.height}</span>
                <strong>{v.label || 'untitled'}</strong>
                <span className="muted small">{formatWhen(v.proposedAt)}</span>
              </div>
              <p className="small">
                Proposed by {v.proposer.name}; signed by {listInWords(v.signers.map((s) => s.name))}.
              </p>
              <p className="hash-line small">
                <span className="hash-label">Text hash</span> <Hash value={v.textHash} what={`text hash of height ${v.height}`} />
              </p>
              <button type="button" className="quiet small" aria-expanded={reading === v.height} onClick={() => setReading(reading === v.height ? null : v.height)}>
                {reading === v.height ? `Hide the text of height ${v.height}` : `Read the text of height ${v.height}`}
              </button>
              {reading === v.height && (
                <div className="canonical" role="region" aria-label={`Text adopted at height ${v.height}`} tabIndex={0}>
                  <pre>{v.text}</pre>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}

      {list.length > 0 && from !== null && (
        <section className="compare" aria-labelledby="compare-title">
          <h2 id="compare-title">Compare</h2>
          <div className="compare-controls">
            <div className="field inline">
              <label htmlFor={`${negotiation}-from`}>From</label>
              <select id={`${negotiation}-from`} value={String(from)} onChange={(e) => setFrom(parse(e.target.value))}>
                {options}
              </select>
            </div>
            <div className="field inline">
              <label htmlFor={`${negotiation}-to`}>To</label>
              <select id={`${negotiation}-to`} value={String(to)} onChange={(e) => setTo(parse(e.target.value))}>
                {options}
              </select>
            </div>
            <div className="segmented" role="radiogroup" aria-label="Diff view">
              {(['inline', 'side-by-side'] as const).map((m) => (
                <label key={m} className={mode === m ? 'is-on' : ''}>
                  <input type="radio" name={`diff-mode-${negotiation}`} value={m} checked={mode === m} onChange={() => setMode(m)} />
                  {m === 'inline' ? 'Inline' : 'Side by side'}
                </label>
              ))}
            </div>
          </div>
          <ErrorText error={diff.error} prefix="The comparison failed:" />
          {draftMoved && (
            <p className="banner banner-info" role="status">
              The draft has changed since this comparison.{' '}
              <button type="button" className="link" onClick={diff.reload}>
                Compare again
              </button>
            </p>
          )}
          {diff.value !== undefined && (
            <>
              <p className="diff-summary" role="status">
                {sideName(from, list)} → {sideName(to, list)}: {diffSummary(diff.value.hunks)}.
              </p>
              <VersionDiff hunks={diff.value.hunks} mode={mode} fromName={capitalised(sideName(from, list))} toName={capitalised(sideName(to, list))} />
            </>
          )}
          {diff.loading && diff.value === undefined && (
            <p className="muted" role="status">
              Comparing…
            </p>
          )}
        </section>
      )}
    </div>
  );
}

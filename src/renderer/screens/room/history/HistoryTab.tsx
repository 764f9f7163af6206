/**
 * Offline review: every adopted version (height, label, date, text hash, who signed), any one read
 * in full, in each of its authentic languages; the finer history of signed edits, step by step; and the difference between any two
 * points of it (an adopted version, the text after an edit, the current draft).
 */
import { useEffect, useRef, useState } from 'react';
import type { EditView, VersionView } from '../../../../node/api.js';
import { useNode, useNodeEvent } from '../../../app/node-context.js';
import { inNegotiation, useQuery } from '../../../app/use-query.js';
import { ErrorText } from '../../common/ErrorText.js';
import { formatWhen, listInWords } from '../../common/format.js';
import { Hash } from '../../common/Hash.js';
import { alsoAuthenticIn } from '../adoption/authentic-texts.js';
import { TextInLanguages } from '../adoption/TextInLanguages.js';
import { diffSummary } from './diff-layout.js';
import { EditTimeline } from './EditTimeline.js';
import { changeInWords, parsePoint, pointKey, pointName, samePoint, type HistoryPoint } from './history-points.js';
import { useEditHistory } from './use-edit-history.js';
import { VersionDiff, type DiffMode } from './VersionDiff.js';

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function PointOptions({ versions, edits, chosen }: { readonly versions: readonly VersionView[]; readonly edits: readonly EditView[]; readonly chosen: readonly (HistoryPoint | null)[] }) {
  // A chosen edit that is no longer among the loaded steps stays selectable.
  const extra = chosen.filter((p): p is { edit: number } => p !== null && typeof p === 'object' && p.edit > 0 && !edits.some((e) => e.index === p.edit));
  return (
    <>
      {versions.length > 0 && (
        <optgroup label="Adopted versions">
          {versions.map((v) => (
            <option key={v.height} value={pointKey(v.height)}>
              Height {v.height} — {v.label || 'untitled'}
            </option>
          ))}
        </optgroup>
      )}
      <option value="draft">Current draft</option>
      <optgroup label="Edits">
        {extra.map((p) => (
          <option key={p.edit} value={pointKey(p)}>
            Edit {p.edit}
          </option>
        ))}
        {edits.map((e) => (
          <option key={e.index} value={pointKey({ edit: e.index })}>
            Edit {e.index} — {e.author.name}, {changeInWords(e.inserted, e.deleted)}
          </option>
        ))}
        <option value={pointKey({ edit: 0 })}>Before the first edit</option>
      </optgroup>
    </>
  );
}

export function HistoryTab({ negotiation }: { readonly negotiation: string }) {
  const client = useNode();
  const versions = useQuery(() => client.call('history.versions', { negotiation }), [negotiation], { events: ['block-final'], when: inNegotiation(negotiation) });
  const list = versions.value ?? [];
  const history = useEditHistory(negotiation);
  const [from, setFrom] = useState<HistoryPoint | null>(null);
  const [to, setTo] = useState<HistoryPoint>('draft');
  const [mode, setMode] = useState<DiffMode>('inline');
  const [reading, setReading] = useState<number | null>(null);
  const compareTitle = useRef<HTMLHeadingElement>(null);

  // Default comparison: the latest version against the draft, once versions are known.
  const latest = list[list.length - 1]?.height;
  useEffect(() => {
    if (from === null && latest !== undefined) setFrom(latest);
  }, [from, latest]);

  const compare = (a: HistoryPoint, b: HistoryPoint) => {
    setFrom(a);
    setTo(b);
    compareTitle.current?.focus();
  };

  const diff = useQuery(
    () => (from === null ? Promise.resolve({ ok: true as const, value: undefined }) : client.call('history.diff', { negotiation, from, to })),
    [negotiation, from === null ? null : pointKey(from), pointKey(to)],
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

  const name = (point: HistoryPoint) => pointName(point, list, history.edits);
  const options = <PointOptions versions={list} edits={history.edits} chosen={[from, to]} />;
  const canCompare = list.length > 0 || (history.total ?? 0) > 0;

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
              {(v.authenticTexts ?? []).length > 0 && <p className="small">{alsoAuthenticIn(v.authenticTexts)}.</p>}
              <button type="button" className="quiet small" aria-expanded={reading === v.height} onClick={() => setReading(reading === v.height ? null : v.height)}>
                {reading === v.height ? `Hide the text of height ${v.height}` : `Read the text of height ${v.height}`}
              </button>
              {reading === v.height &&
                ((v.authenticTexts ?? []).length === 0 ? (
                  <div className="canonical" role="region" aria-label={`Text adopted at height ${v.height}`} tabIndex={0}>
                    <pre>{v.text}</pre>
                  </div>
                ) : (
                  <TextInLanguages adopted={v} regionLabel={`Text adopted at height ${v.height}`} hashWhat={`text hash of height ${v.height}`} />
                ))}
            </li>
          ))}
        </ol>
      )}

      {canCompare && (
        <section className="compare" aria-labelledby="compare-title">
          <h2 id="compare-title" ref={compareTitle} tabIndex={-1}>
            Compare
          </h2>
          <div className="compare-controls">
            <div className="field inline">
              <label htmlFor={`${negotiation}-from`}>From</label>
              <select
                id={`${negotiation}-from`}
                value={from === null ? '' : pointKey(from)}
                onChange={(e) => {
                  const point = parsePoint(e.target.value);
                  if (point !== null) setFrom(point);
                }}
              >
                {from === null && (
                  <option value="" disabled>
                    Choose a point…
                  </option>
                )}
                {options}
              </select>
            </div>
            <div className="field inline">
              <label htmlFor={`${negotiation}-to`}>To</label>
              <select
                id={`${negotiation}-to`}
                value={pointKey(to)}
                onChange={(e) => {
                  const point = parsePoint(e.target.value);
                  if (point !== null) setTo(point);
                }}
              >
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
          {from === null && <p className="muted small">Choose what to compare: an adopted version, an edit (or “What changed” beside it below), or the current draft.</p>}
          <ErrorText error={diff.error} prefix="The comparison failed:" />
          {draftMoved && (
            <p className="banner banner-info" role="status">
              The draft has changed since this comparison.{' '}
              <button type="button" className="link" onClick={diff.reload}>
                Compare again
              </button>
            </p>
          )}
          {from !== null && diff.value !== undefined && (
            <>
              <p className="diff-summary" role="status">
                {capitalised(name(from))} → {name(to)}: {samePoint(from, to) ? 'the same point' : diffSummary(diff.value.hunks)}.
              </p>
              <VersionDiff hunks={diff.value.hunks} mode={mode} fromName={capitalised(name(from))} toName={capitalised(name(to))} />
            </>
          )}
          {diff.loading && diff.value === undefined && from !== null && (
            <p className="muted" role="status">
              Comparing…
            </p>
          )}
        </section>
      )}

      <EditTimeline negotiation={negotiation} history={history} onCompare={compare} />
    </div>
  );
}

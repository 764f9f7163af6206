/**
 * The finer history: every signed edit this node holds, grouped into steps, newest first, each in
 * its delegation's colour and named in words, with what it changed and where; older steps on
 * demand. Each step can be compared (what it changed, or with the current draft).
 */
import { useEffect, useRef } from 'react';
import type { EditView } from '../../../../node/api.js';
import { useNode } from '../../../app/node-context.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorText } from '../../common/ErrorText.js';
import { PartyName, usePartyColourStyle } from '../../common/PartyName.js';
import { plural } from '../../common/format.js';
import { changeInWords, paragraphLabels, paragraphsInWords, type HistoryPoint } from './history-points.js';
import type { EditHistory } from './use-edit-history.js';
import './history.css';

interface Props {
  readonly negotiation: string;
  readonly history: EditHistory;
  readonly onCompare: (from: HistoryPoint, to: HistoryPoint) => void;
}

export function EditTimeline({ negotiation, history, onCompare }: Props) {
  const client = useNode();
  const { edits, total } = history;
  // Paragraph numbers move as paragraphs come and go: read them again when the history grows.
  const treaty = useQuery(() => client.call('draft.read', { negotiation }), [negotiation]);
  const reloadTreaty = treaty.reload;
  const readAt = useRef(total);
  useEffect(() => {
    if (readAt.current === total) return;
    readAt.current = total;
    reloadTreaty();
  }, [total, reloadTreaty]);
  const labels = treaty.value === undefined ? new Map<string, string>() : paragraphLabels(treaty.value);
  const oldest = edits[edits.length - 1]?.index;

  return (
    <section className="edit-history" aria-labelledby={`${negotiation}-edits-title`}>
      <h2 id={`${negotiation}-edits-title`}>Edits</h2>
      <ErrorText error={history.error} prefix="The edits could not be read:" />
      {total === undefined ? (
        history.error === undefined && (
          <p className="muted" role="status">
            Reading the signed edits…
          </p>
        )
      ) : total === 0 ? (
        <p className="muted">No edit yet.</p>
      ) : (
        <>
          <p className="muted small">
            Every signed edit this node holds, newest first, in {plural(total, 'step', 'steps')}: one delegation’s edits in a row, in the same paragraphs.
          </p>
          <ol className="timeline edit-timeline">
            {edits.map((edit) => (
              <EditStep key={edit.index} edit={edit} where={paragraphsInWords(edit.paragraphs, labels)} onCompare={onCompare} />
            ))}
          </ol>
          {oldest !== undefined && oldest > 1 && (
            <p className="edits-more">
              <button type="button" onClick={history.older} disabled={history.olderPending}>
                {history.olderPending ? 'Reading older edits…' : 'Older edits'}
              </button>{' '}
              <span className="muted small">
                Showing edits {oldest} to {edits[0]!.index} of {total}.
              </span>
            </p>
          )}
          <ErrorText error={history.olderError} prefix="The older edits could not be read:" />
        </>
      )}
    </section>
  );
}

function EditStep({ edit, where, onCompare }: { readonly edit: EditView; readonly where: string; readonly onCompare: Props['onCompare'] }) {
  const style = usePartyColourStyle(edit.author.id);
  const seqs = edit.firstSeq !== undefined && edit.lastSeq !== undefined ? `signed edits ${edit.firstSeq}–${edit.lastSeq}` : `signed edit ${edit.seq}`;
  return (
    <li className="timeline-item edit-step" style={style}>
      <div className="timeline-head">
        <span className="timeline-height">Edit {edit.index}</span>
        <span>
          <PartyName id={edit.author.id} name={edit.author.name} />, {plural(edit.envelopes, 'edit', 'edits')}, {changeInWords(edit.inserted, edit.deleted)}
        </span>
      </div>
      <p className="small">
        {where.charAt(0).toUpperCase() + where.slice(1)}
        <span className="muted">
          {' '}
          · {seqs} of {edit.author.name}
        </span>
      </p>
      <div className="edit-actions">
        <button type="button" className="quiet small" onClick={() => onCompare({ edit: edit.index - 1 }, { edit: edit.index })}>
          <span className="visually-hidden">Edit {edit.index}: </span>What changed
        </button>
        <button type="button" className="quiet small" onClick={() => onCompare({ edit: edit.index }, 'draft')}>
          <span className="visually-hidden">Edit {edit.index}: </span>Compare with the draft
        </button>
      </div>
    </li>
  );
}

/**
 * The confirmation before an act: exactly what the delegation's key signs (the act, the adopted
 * version by its block and text hashes, the date), with the fields the act needs (instrument,
 * text, the reservation objected to, what to withdraw). Nothing typed is lost on a refusal: the
 * node's reason shows beside the button and the dialog stays open.
 */
import { useId, useState, type FormEvent } from 'react';
import type { ApiError, ConsentInstrumentName, TreatyVersionView } from '../../../../node/api.js';
import { Dialog } from '../../common/Dialog.js';
import { ErrorText } from '../../common/ErrorText.js';
import { groupHex } from '../../common/format.js';
import { actInWords, CHOICE_LABELS, draftProblem, type ActDraft, type Objectable, type Withdrawable } from './act-choices.js';
import { dayInWords, INSTRUMENT_NAMES, versionName } from './treaty-words.js';

export interface ActDialogProps {
  readonly draft: ActDraft | null;
  readonly version: TreatyVersionView;
  /** The adopted text's hash (history.versions), when known. */
  readonly textHash: string | null;
  readonly instruments: readonly ConsentInstrumentName[];
  readonly objectable: readonly Objectable[];
  readonly withdrawable: readonly Withdrawable[];
  /** The date of this delegation's last act: a new one may not be dated earlier. */
  readonly earliest: string | null;
  readonly pending: boolean;
  readonly error: ApiError | undefined;
  readonly onChange: (draft: ActDraft) => void;
  readonly onConfirm: (draft: ActDraft) => void;
  readonly onClose: () => void;
}

/** The confirming button: what pressing it does. */
const CONFIRM_LABELS: Record<ActDraft['choice'], string> = {
  initial: 'Initial the text',
  'sign-ad-referendum': 'Sign ad referendum',
  confirm: 'Confirm the signature',
  'sign-definitively': 'Sign definitively',
  deposit: 'Deposit the instrument',
  reserve: 'Make the reservation',
  declare: 'Make the declaration',
  object: 'Object',
  withdraw: 'Withdraw',
  denounce: 'Denounce the treaty',
};

const excerpt = (text: string, max = 80) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function ActDialog(props: ActDialogProps) {
  const { draft, version, onClose } = props;
  return (
    <Dialog open={draft !== null} title={draft === null ? '' : `${CHOICE_LABELS[draft.choice]}: ${versionName(version)}`} onClose={onClose} className="act-dialog">
      {draft !== null && <ActForm {...props} draft={draft} />}
    </Dialog>
  );
}

function ActForm({ draft, version, textHash, instruments, objectable, withdrawable, earliest, pending, error, onChange, onConfirm, onClose }: ActDialogProps & { readonly draft: ActDraft }) {
  const [problem, setProblem] = useState<string | null>(null);
  const pickName = useId();
  const set = (patch: Partial<ActDraft>) => {
    setProblem(null);
    onChange({ ...draft, ...patch });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const wrong = draftProblem(draft, earliest);
    setProblem(wrong);
    if (wrong === null) onConfirm(draft);
  };
  const takesText = draft.choice === 'reserve' || draft.choice === 'declare' || draft.choice === 'object';
  const textName = draft.choice === 'object' ? 'Text of the objection' : draft.choice === 'reserve' ? 'Text of the reservation' : 'Text of the declaration';
  // The first field the act needs takes the focus; else the date.
  const first = draft.choice === 'deposit' || draft.choice === 'object' || draft.choice === 'withdraw' ? 'pick' : takesText ? 'text' : 'date';

  return (
    <form onSubmit={submit} className="stack act-form" noValidate>
      {draft.choice === 'deposit' && (
        <label className="field">
          <span>Instrument</span>
          <select value={draft.instrument ?? ''} onChange={(e) => set({ instrument: (e.target.value || null) as ConsentInstrumentName | null })} autoFocus={first === 'pick'}>
            {draft.instrument === null && <option value="">Choose…</option>}
            {instruments.map((i) => (
              <option key={i} value={i}>
                {INSTRUMENT_NAMES[i]}
              </option>
            ))}
          </select>
        </label>
      )}
      {draft.choice === 'object' && (
        <fieldset className="field act-pick">
          <legend>Reservation objected to</legend>
          {objectable.map((r) => (
            <label key={r.act} className="field inline">
              <input type="radio" name={pickName} checked={draft.refersTo === r.act} onChange={() => set({ refersTo: r.act })} autoFocus={first === 'pick' && r === objectable[0]} />
              <span>
                {r.party.name}, {dayInWords(r.date)}: <q>{excerpt(r.text)}</q>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {draft.choice === 'withdraw' && (
        <fieldset className="field act-pick">
          <legend>What to withdraw</legend>
          {withdrawable.map((w) => (
            <label key={w.act} className="field inline">
              <input type="radio" name={pickName} checked={draft.refersTo === w.act} onChange={() => set({ refersTo: w.act })} autoFocus={first === 'pick' && w === withdrawable[0]} />
              <span>
                Your {w.kind} of {dayInWords(w.date)}: <q>{excerpt(w.text)}</q>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {takesText && (
        <label className="field">
          <span>{textName}</span>
          <textarea rows={5} maxLength={40_000} value={draft.text} onChange={(e) => set({ text: e.target.value })} autoFocus={first === 'text'} />
        </label>
      )}
      {draft.choice === 'object' && (
        <label className="field inline">
          <input type="checkbox" checked={draft.precludes} onChange={(e) => set({ precludes: e.target.checked })} />
          <span>The objection precludes the treaty's entry into force between your delegation and the reserving party</span>
        </label>
      )}
      <label className="field act-date">
        <span>Date of the act</span>
        <input type="date" value={draft.date} min={earliest ?? undefined} onChange={(e) => set({ date: e.target.value })} required autoFocus={first === 'date'} />
      </label>

      <div className="act-signed">
        <p>Your delegation's key signs:</p>
        <dl className="tally">
          <div>
            <dt>Act</dt>
            <dd>{actInWords(draft)}</dd>
          </div>
          <div>
            <dt>Version</dt>
            <dd>{versionName(version)}</dd>
          </div>
          <div>
            <dt>Block hash</dt>
            <dd className="hash-block" aria-label="Block hash of the version">
              {groupHex(version.block)}
            </dd>
          </div>
          {textHash !== null && (
            <div>
              <dt>Text hash</dt>
              <dd className="hash-block" aria-label="Text hash of the version">
                {groupHex(textHash)}
              </dd>
            </div>
          )}
          <div>
            <dt>Date</dt>
            <dd>{draft.date === '' ? '—' : dayInWords(draft.date)}</dd>
          </div>
        </dl>
        <p className="muted small">An act cannot be taken back: it goes to every party, numbered after your delegation's last act, and anyone can verify it.</p>
      </div>

      {problem !== null && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <ErrorText error={error} prefix="Not done:" />
      <div className="actions">
        <button type="submit" className={draft.choice === 'denounce' ? 'danger' : 'primary'} disabled={pending}>
          {pending ? 'Signing…' : CONFIRM_LABELS[draft.choice]}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * Beneath a paragraph, each of its brackets with its options: "Option 1 (original words): ... /
 * Option 2: ...". On the paragraph being edited, a party may propose an option or resolve the
 * bracket, keeping its own words or one option (through the node's commands).
 */
import { memo, useId, useState, type FormEvent } from 'react';
import type { BracketRange } from './bracket-ranges.js';
import { useDraft } from './draft-context.js';
import { ErrorNote } from './ErrorNote.js';
import type { BracketEntry } from './treaty-doc.js';
import { useAction } from './use-action.js';

export interface BracketOptionsProps {
  readonly text: string;
  readonly ranges: readonly BracketRange[];
  readonly entries: readonly BracketEntry[];
  /** Whether the paragraph is being edited (controls are shown then). */
  readonly editing: boolean;
}

/** A bracket's own words (its runs joined, should an edit have split it). */
export function bracketWords(text: string, ranges: readonly BracketRange[], id: string): string {
  return ranges
    .filter((r) => r.bracket === id)
    .map((r) => text.slice(r.from, r.to))
    .join(' … ');
}

/**
 * Memoized: a paragraph without brackets re-renders on every keystroke, and its words matter here
 * only when it has some.
 */
export const BracketOptions = memo(
  function BracketOptions({ text, ranges, entries, editing }: BracketOptionsProps) {
    if (entries.length === 0) return null;
    return (
      <div className="bracket-options">
        {entries.map((entry, i) => (
          <BracketGroup key={entry.id} number={i + 1} entry={entry} words={bracketWords(text, ranges, entry.id)} editing={editing} />
        ))}
      </div>
    );
  },
  (a, b) => a.entries === b.entries && a.ranges === b.ranges && a.editing === b.editing && (a.entries.length === 0 || a.text === b.text),
);

function BracketGroup({ number, entry, words, editing }: { readonly number: number; readonly entry: BracketEntry; readonly words: string; readonly editing: boolean }) {
  const { call, partyName } = useDraft();
  const [option, setOption] = useState('');
  const [keep, setKeep] = useState('span');
  const adding = useAction();
  const resolving = useAction();
  const ids = useId();

  const addOption = async (event: FormEvent) => {
    event.preventDefault();
    if (option.trim() === '') return;
    const added = await adding.run(() => call('draft.addAlternative', { bracketId: entry.id, text: option }));
    if (added !== null) setOption(''); // kept on failure: nothing typed is lost
  };

  const resolve = async () => {
    await resolving.run(() =>
      call('draft.resolveBracket', { bracketId: entry.id, keep: keep === 'span' ? { kind: 'span' } : { kind: 'alternative', alternativeId: keep } }),
    );
  };

  return (
    <div role="group" aria-label={`Bracket ${number}: ${words}`} className="bracket-group">
      <p className="bracket-line">
        <span className="bracket-number">[{number}]</span>{' '}
        <span className="bracket-option">
          Option 1 (original words): <span className="bracket-words">{words}</span>
        </span>
        {entry.alternatives.map((alternative, i) => (
          <span key={`${i}:${alternative.id}`} className="bracket-option">
            {' / '}Option {i + 2}: <span className="bracket-words">{alternative.text}</span>
            {alternative.proposer !== '' && <span className="proposer"> ({partyName(alternative.proposer)})</span>}
          </span>
        ))}
      </p>
      {editing && (
        <div className="bracket-controls">
          <form onSubmit={addOption} className="inline-form">
            <label htmlFor={`${ids}-option`}>New option for bracket {number}</label>
            <input id={`${ids}-option`} value={option} onChange={(e) => setOption(e.target.value)} disabled={adding.pending} />
            <button type="submit" disabled={adding.pending || option.trim() === ''}>
              Add option
            </button>
          </form>
          <ErrorNote message={adding.error} />
          <div className="inline-form">
            <label htmlFor={`${ids}-keep`}>Keep in bracket {number}</label>
            <select id={`${ids}-keep`} value={keep} onChange={(e) => setKeep(e.target.value)}>
              {/* Worded unlike the options line above, so each text names one thing on the page. */}
              <option value="span">the original words, “{words}”</option>
              {entry.alternatives.map((alternative, i) => (
                <option key={`${i}:${alternative.id}`} value={alternative.id}>
                  option {i + 2}, “{alternative.text}”
                </option>
              ))}
            </select>
            <button type="button" onClick={resolve} disabled={resolving.pending}>
              Resolve
            </button>
          </div>
          <ErrorNote message={resolving.error} />
        </div>
      )}
    </div>
  );
}

/**
 * An adopted (or proposed) text in each of its authentic languages: the one chosen shown in full,
 * and every language's hash listed, since the parties sign them all together. A text in one
 * language reads as before: the text and its hash.
 */
import { useId, useState } from 'react';
import type { AuthenticTextView } from '../../../../node/api.js';
import { Hash } from '../../common/Hash.js';
import { languagesOf } from './authentic-texts.js';
import './adoption.css';

export function TextInLanguages({
  adopted,
  regionLabel,
  hashWhat,
}: {
  readonly adopted: { readonly text: string; readonly textHash: string; readonly authenticTexts?: readonly AuthenticTextView[] };
  /** The region's name for the main text, e.g. "Exact text of Adoption of “Draft 1”". */
  readonly regionLabel: string;
  /** What the main hash is, for its label and Copy button, e.g. "text hash". */
  readonly hashWhat: string;
}) {
  const id = useId();
  const languages = languagesOf(adopted);
  const [chosen, setChosen] = useState('main');
  if (languages.length === 1) {
    return (
      <>
        <div className="canonical" role="region" aria-label={regionLabel} tabIndex={0}>
          <pre>{adopted.text}</pre>
        </div>
        <p className="hash-line">
          <span className="hash-label">Text hash</span> <Hash value={adopted.textHash} what={hashWhat} />
        </p>
      </>
    );
  }
  const shown = languages.find((l) => l.key === chosen) ?? languages[0]!;
  return (
    <div className="languages">
      <div className="field inline">
        <label htmlFor={`${id}-language`}>Language</label>
        <select id={`${id}-language`} value={shown.key} onChange={(e) => setChosen(e.target.value)}>
          {languages.map((l) => (
            <option key={l.key} value={l.key}>
              {l.name}
            </option>
          ))}
        </select>
        <span className="muted small">{languages.length} authentic texts, signed together</span>
      </div>
      <div
        className="canonical"
        role="region"
        aria-label={shown.language === null ? regionLabel : `${regionLabel}, ${shown.name}`}
        tabIndex={0}
        lang={shown.language ?? undefined}
      >
        <pre>{shown.text}</pre>
      </div>
      <dl className="language-hashes">
        {languages.map((l) => (
          <div key={l.key} className={l.key === shown.key ? 'is-shown' : undefined}>
            <dt>{l.name}</dt>
            <dd>
              <Hash value={l.textHash} what={l.language === null ? hashWhat : `${hashWhat} (${l.name})`} />
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

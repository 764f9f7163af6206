/**
 * The propose form's further authentic languages: a language tag and the text in that language per
 * row, as many as the proposer has (the translations the language services agreed, say). The
 * draft's canonical text stays the main one; every text is hashed and signed with it.
 */
import { useId } from 'react';
import type { AuthenticTextDraft } from './authentic-texts.js';
import { MAX_AUTHENTIC_TEXTS, languageName } from './authentic-texts.js';

export function AuthenticTextRows({
  texts,
  problems,
  onChange,
  onAdd,
}: {
  readonly texts: readonly AuthenticTextDraft[];
  readonly problems: Readonly<Record<string, string>>;
  readonly onChange: (texts: readonly AuthenticTextDraft[]) => void;
  readonly onAdd: () => void;
}) {
  const id = useId();
  const set = (key: number, change: Partial<AuthenticTextDraft>) => onChange(texts.map((t) => (t.key === key ? { ...t, ...change } : t)));
  const remove = (key: number) => onChange(texts.filter((t) => t.key !== key));

  return (
    <div className="authentic-texts">
      {texts.length > 0 && (
        <p className="muted small">
          The draft’s canonical text is the main text. Each text below is equally authentic: it is hashed and signed together with the main text.
        </p>
      )}
      {texts.map((t, i) => {
        const n = i + 1;
        const path = `authentic.${t.key}`;
        const nameId = `${id}-${t.key}-name`;
        const languageProblem = problems[`${path}.language`];
        const textProblem = problems[`${path}.text`];
        const tag = t.language.trim();
        return (
          <div key={t.key} className="authentic-text" role="group" aria-label={`Authentic text ${n}`}>
            <div className="form-row">
              <label className="field language-field">
                <span>Language of text {n}</span>
                <input
                  className="language-input mono"
                  value={t.language}
                  onChange={(e) => set(t.key, { language: e.target.value })}
                  maxLength={35}
                  spellCheck={false}
                  placeholder="e.g. fr"
                  aria-invalid={languageProblem !== undefined}
                  aria-describedby={nameId}
                />
                {languageProblem !== undefined && <span className="field-error">{languageProblem}</span>}
              </label>
              <span id={nameId} className="muted small language-name">
                {languageProblem !== undefined ? '' : tag === '' ? 'A BCP 47 tag: fr, es, zh-Hant, pt-BR…' : languageName(tag)}
              </span>
              <button type="button" className="quiet" onClick={() => remove(t.key)} aria-label={`Remove authentic text ${n}`}>
                Remove
              </button>
            </div>
            <label className="field">
              <span>Text {n}, in full</span>
              <textarea value={t.text} onChange={(e) => set(t.key, { text: e.target.value })} aria-invalid={textProblem !== undefined} rows={6} />
              {textProblem !== undefined && <span className="field-error">{textProblem}</span>}
            </label>
          </div>
        );
      })}
      {texts.length < MAX_AUTHENTIC_TEXTS && (
        <div>
          <button type="button" className="secondary" onClick={onAdd}>
            Add an authentic text in another language
          </button>
        </div>
      )}
    </div>
  );
}

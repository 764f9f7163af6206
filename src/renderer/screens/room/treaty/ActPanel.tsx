/**
 * This delegation's acts on the chosen version: every act offered, those the rules forbid now
 * disabled with the reason beside them; each one confirmed in ActDialog, then acts.perform.
 */
import { useId, useState } from 'react';
import type { TreatyVersionView } from '../../../../node/api.js';
import { useNode } from '../../../app/node-context.js';
import { useAction } from '../../../app/use-query.js';
import { ActDialog } from './ActDialog.js';
import { actChoices, instrumentsOpen, objectable, performArgs, withdrawable, type ActChoiceId, type ActDraft } from './act-choices.js';
import { datesInWords, localDay } from './treaty-words.js';

export function ActPanel({
  negotiation,
  version,
  self,
  member,
  textHash,
  earliest,
  onDone,
}: {
  readonly negotiation: string;
  readonly version: TreatyVersionView;
  readonly self: string;
  readonly member: boolean;
  readonly textHash: string | null;
  readonly earliest: string | null;
  readonly onDone: () => void;
}) {
  const client = useNode();
  const id = useId();
  const [draft, setDraft] = useState<ActDraft | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const perform = useAction((d: ActDraft) => client.call('acts.perform', performArgs(negotiation, version.block, d)));
  const mine = version.parties.find((p) => p.party.id === self);
  const choices = actChoices(version, self, member);
  const open = (choice: ActChoiceId) => {
    perform.clearError();
    setDone(null);
    const today = localDay(new Date());
    const instruments = mine === undefined ? [] : instrumentsOpen(mine);
    setDraft({
      choice,
      instrument: instruments.length === 1 ? (instruments[0] ?? null) : instruments.includes('ratification') ? 'ratification' : null,
      text: '',
      refersTo: null,
      precludes: false,
      // Today, unless the last act is dated later (its date may not go backwards).
      date: earliest !== null && earliest > today ? earliest : today,
    });
  };
  const confirm = async (d: ActDraft) => {
    const result = await perform.run(d);
    if (!result.ok) return;
    setDraft(null);
    setDone(`Done: ${datesInWords(result.value.description)}. Your node signed the act and sends it to every party.`);
    onDone();
  };

  return (
    <section className="treaty-acts" aria-labelledby={`${id}-head`}>
      <h3 id={`${id}-head`}>Your delegation's acts</h3>
      <ul className="act-choices">
        {choices.map((c) => (
          <li key={c.id}>
            <button type="button" className="secondary" disabled={c.reason !== null} aria-describedby={c.reason === null ? undefined : `${id}-why-${c.id}`} onClick={() => open(c.id)}>
              {c.label}
            </button>
            {c.reason !== null && (
              <span id={`${id}-why-${c.id}`} className="muted small">
                {c.reason}
              </span>
            )}
          </li>
        ))}
      </ul>
      {done !== null && (
        <p className="ok-text" role="status">
          {done}
        </p>
      )}
      <ActDialog
        draft={draft}
        version={version}
        textHash={textHash}
        instruments={mine === undefined ? [] : instrumentsOpen(mine)}
        objectable={objectable(version, self)}
        withdrawable={mine === undefined ? [] : withdrawable(mine)}
        earliest={earliest}
        pending={perform.pending}
        error={perform.error}
        onChange={setDraft}
        onConfirm={(d) => void confirm(d)}
        onClose={() => setDraft(null)}
      />
    </section>
  );
}

/**
 * The treaty after adoption, per adopted version (the latest unless another is chosen): its
 * status in words and the charter's rule for entry into force, warnings about acts missing or
 * signed twice, every party's acts, this delegation's acts, and the dossier to export.
 */
import { useId, useMemo, useState } from 'react';
import type { IdentityView, NegotiationDetail } from '../../../../node/api.js';
import { useNode } from '../../../app/node-context.js';
import { inNegotiation, useQuery } from '../../../app/use-query.js';
import { ErrorText } from '../../common/ErrorText.js';
import { Hash } from '../../common/Hash.js';
import { ActPanel } from './ActPanel.js';
import { DossierExport } from './DossierExport.js';
import { PartiesTable } from './PartiesTable.js';
import { lastActDate } from './act-choices.js';
import { actWarnings, dayInWords, needInWords, ruleInWords, statusHeadline, statusSentences, versionName } from './treaty-words.js';
import './treaty.css';

const TREATY_EVENTS = ['act', 'treaty-state', 'entry-into-force', 'block-final', 'equivocation'] as const;

export function TreatyTab({ negotiation, detail, identity }: { readonly negotiation: string; readonly detail: NegotiationDetail; readonly identity: IdentityView }) {
  const client = useNode();
  const refresh = { events: TREATY_EVENTS, when: inNegotiation(negotiation) };
  const state = useQuery(() => client.call('treaty.state', { negotiation }), [negotiation], refresh);
  const texts = useQuery(() => client.call('history.versions', { negotiation }), [negotiation], { events: ['block-final'], when: inNegotiation(negotiation) });
  const mine = useQuery(() => client.call('acts.list', { negotiation, party: identity.party }), [negotiation, identity.party], { events: ['act'], when: inNegotiation(negotiation) });
  const [chosen, setChosen] = useState<string | null>(null);
  const pickerId = useId();

  const s = state.value;
  const versions = s?.versions ?? [];
  // The chosen version while it exists; else the latest (so a new adoption is followed).
  const version = versions.find((v) => v.block === chosen) ?? versions[versions.length - 1];
  const textHash = useMemo(() => texts.value?.find((t) => t.height === version?.height)?.textHash ?? null, [texts.value, version?.height]);
  const warnings = s === undefined ? [] : actWarnings(s);

  return (
    <div className="tab-body treaty">
      <div className="page-head">
        <h2>Treaty</h2>
        {versions.length > 1 && version !== undefined && (
          <label className="field inline" htmlFor={pickerId}>
            <span>Adopted version</span>
            <select id={pickerId} value={version.block} onChange={(e) => setChosen(e.target.value)}>
              {versions.map((v) => (
                <option key={v.block} value={v.block}>
                  {versionName(v)} — {statusHeadline(v)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <ErrorText error={state.error} prefix="The treaty's state could not be read:" />

      {s === undefined ? (
        state.error === undefined && (
          <p className="muted" role="status">
            Reading the treaty's state…
          </p>
        )
      ) : version === undefined ? (
        <p className="muted">No version adopted yet: once the parties adopt a text, it is open for signature here. {ruleInWords(s)}</p>
      ) : (
        <>
          <section className={`treaty-status treaty-status-${version.status}`} aria-live="polite" aria-label="Status of the treaty">
            <p className="treaty-headline">{statusHeadline(version)}</p>
            {needInWords(version) !== null && <p className="treaty-need">{needInWords(version)}</p>}
            <p className="muted small">
              {versionName(version)}, as your node derives it from every act it holds, on {dayInWords(s.asOf)}.
            </p>
            {statusSentences(version, s.rule).map((sentence) => (
              <p key={sentence}>{sentence}</p>
            ))}
            <p className="treaty-rule">{ruleInWords(s)}</p>
            <p className="hash-line small">
              <span className="hash-label">Block</span> <Hash value={version.block} what="block hash of the version" />
            </p>
            {textHash !== null && (
              <p className="hash-line small">
                <span className="hash-label">Text hash</span> <Hash value={textHash} what="text hash of the version" copy={false} />
              </p>
            )}
          </section>

          {warnings.length > 0 && (
            <div className="banner banner-warning" role="alert">
              <p>Not every act counts on your node:</p>
              <ul>
                {warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </div>
          )}

          <PartiesTable version={version} self={identity.party} />
          <ErrorText error={mine.error} prefix="Your delegation's acts could not be read:" />
          <ActPanel
            negotiation={negotiation}
            version={version}
            self={identity.party}
            member={detail.member}
            textHash={textHash}
            earliest={lastActDate(mine.value ?? [])}
            onDone={() => {
              state.reload();
              mine.reload();
            }}
          />
        </>
      )}
      <DossierExport negotiation={negotiation} title={detail.title} height={detail.height} />
    </div>
  );
}

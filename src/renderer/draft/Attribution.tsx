/**
 * "Who wrote this": a paragraph's words coloured by the party whose signed edits carried them
 * (attribution.paragraph), with a legend. A snapshot, taken when asked.
 */
import type { AttributionView } from '../../node/api-types.js';
import { partyColourStyle } from '../app/party-colour.js';
import { useDraft } from './draft-context.js';

export function Attribution({ view, onClose }: { readonly view: AttributionView; readonly onClose: () => void }) {
  const { partyColour } = useDraft();
  const parties = new Map(view.runs.map((run) => [run.party.id, run.party.name]));
  return (
    <section className="attribution" aria-label="Who wrote this">
      <p className="attribution-text">
        {view.runs.map((run, i) => (
          <span key={i} className="attribution-run" style={partyColourStyle(partyColour(run.party.id))} title={run.party.name}>
            {run.text}
          </span>
        ))}
        {view.runs.length === 0 && <span className="placeholder">No words yet.</span>}
      </p>
      <ul className="attribution-legend" aria-label="Parties">
        {[...parties].map(([id, name]) => (
          <li key={id} style={partyColourStyle(partyColour(id))}>
            <span className="swatch" aria-hidden="true" /> {name}
          </li>
        ))}
      </ul>
      <button type="button" className="quiet" onClick={onClose}>
        Hide who wrote this
      </button>
    </section>
  );
}

/**
 * Who else is in a paragraph, readable without hovering a caret: a tag per party in its colour,
 * and for screen readers one sentence ("Borduria is editing here"), which the paragraph's text box
 * points to (aria-describedby). Always rendered, empty when no one is there, so the reference holds.
 */
import { memo } from 'react';
import { partyColourStyle } from '../app/party-colour.js';
import { listInWords } from '../screens/common/format.js';
import { useDraft } from './draft-context.js';
import type { RemoteCursor } from './presence-positions.js';

/** The id of a paragraph's presence sentence, for aria-describedby. */
export const presenceTagsId = (paragraphId: string): string => `presence-${paragraphId}`;

/** "Borduria is editing here", "Atlantis and Borduria are editing here"; '' for no one. */
export function editingHereInWords(names: readonly string[]): string {
  if (names.length === 0) return '';
  return `${listInWords([...names].sort((a, b) => a.localeCompare(b)))} ${names.length === 1 ? 'is' : 'are'} editing here`;
}

/** Memoized: re-rendered when the cursors change, not on every keystroke of the paragraph. */
export const PresenceTags = memo(function PresenceTags({ paragraphId, cursors }: { readonly paragraphId: string; readonly cursors: readonly RemoteCursor[] }) {
  const { partyColour } = useDraft();
  const byName = [...cursors].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <span className="presence-tags" id={presenceTagsId(paragraphId)}>
      {byName.map((c) => (
        <span key={c.party} className="presence-tag" style={partyColourStyle(partyColour(c.party))} aria-hidden="true">
          {c.name}
        </span>
      ))}
      {cursors.length > 0 && <span className="visually-hidden">{editingHereInWords(cursors.map((c) => c.name))}</span>}
    </span>
  );
});

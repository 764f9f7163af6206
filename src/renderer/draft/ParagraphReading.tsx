/**
 * A paragraph as read, not edited: its words with [brackets], comment anchors and the other
 * parties' carets. It stands where the editor will be, with the editor's name and role, so a
 * click or a Tab lands on it and opens the editor in its place.
 */
import type { FocusEvent, KeyboardEvent, MouseEvent, Ref } from 'react';
import { partyColourStyle } from '../app/party-colour.js';
import { useDraft } from './draft-context.js';
import type { Piece } from './paragraph-pieces.js';

export interface ReadingProps {
  readonly label: string;
  readonly pieces: readonly Piece[];
  /** Shown (muted) when there are no words. */
  readonly placeholder: string;
  readonly className?: string;
  readonly onOpen: (caret: 'end' | { x: number; y: number }) => void;
  readonly onFocus?: (event: FocusEvent<HTMLDivElement>) => void;
  /** The id of what describes it (who else is editing here). */
  readonly describedBy?: string;
  readonly ref?: Ref<HTMLDivElement>;
}

export function Reading({ label, pieces, placeholder, className, onOpen, onFocus, describedBy, ref }: ReadingProps) {
  const empty = !pieces.some((p) => p.kind === 'text' && p.text !== '');
  return (
    <div
      ref={ref}
      role="textbox"
      aria-label={label}
      aria-describedby={describedBy}
      aria-multiline="true"
      tabIndex={0}
      className={`reading${className ? ` ${className}` : ''}`}
      onMouseDown={(event: MouseEvent) => {
        if (event.button !== 0) return;
        event.preventDefault(); // the editor takes focus itself, at the point clicked
        onOpen({ x: event.clientX, y: event.clientY });
      }}
      onFocus={onFocus}
      onKeyDown={(event: KeyboardEvent) => {
        if (event.key === 'Enter' || event.key === 'F2') {
          event.preventDefault();
          onOpen('end');
        }
      }}
    >
      {empty && <span className="placeholder">{placeholder}</span>}
      <PieceSpans pieces={pieces} />
    </div>
  );
}

function PieceSpans({ pieces }: { readonly pieces: readonly Piece[] }) {
  const { partyColour } = useDraft();
  return pieces.map((piece, i) => {
    switch (piece.kind) {
      case 'text': {
        const classes = [piece.bracket !== null ? 'bracketed' : '', piece.comments.length > 0 ? 'comment-anchor' : ''].filter(Boolean).join(' ');
        return classes === '' ? (
          <span key={i}>{piece.text}</span>
        ) : (
          <span key={i} className={classes} data-comments={piece.comments.join(' ') || undefined}>
            {piece.text}
          </span>
        );
      }
      case 'open':
        return (
          <span key={i} className="bracket-sign">
            [
          </span>
        );
      case 'close':
        return (
          <span key={i} className="bracket-sign">
            ]
          </span>
        );
      case 'caret':
        return (
          <span key={i} className="remote-caret" style={partyColourStyle(partyColour(piece.party))} title={piece.name} aria-hidden="true">
            <span className="remote-caret-name">{piece.name}</span>
          </span>
        );
      default: {
        const never: never = piece;
        return never;
      }
    }
  });
}

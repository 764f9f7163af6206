/**
 * The node catching up from another delegation (its 'catch-up' events), as the draft's status
 * line says it while it runs: "Catching up with Borduria… 412 edits received".
 */
import type { NodeEvent } from '../../node/api.js';
import { plural } from '../screens/common/format.js';

export interface CatchingUp {
  readonly peer: string;
  /** The delegation it comes from. */
  readonly from: string;
  readonly envelopes: number;
  readonly blocks: number;
}

/** What is under way after `event` (null: nothing). */
export function catchUpAfter(current: CatchingUp | null, event: Extract<NodeEvent, { type: 'catch-up' }>): CatchingUp | null {
  if (event.phase === 'receiving') {
    return { peer: event.peer, from: event.party?.name ?? 'another delegation', envelopes: event.envelopes, blocks: event.blocks };
  }
  return current?.peer === event.peer ? null : current; // done or failed (the node tries again by itself)
}

export function catchUpInWords(c: CatchingUp): string {
  const what = [c.envelopes > 0 || c.blocks === 0 ? plural(c.envelopes, 'edit', 'edits') : '', c.blocks > 0 ? plural(c.blocks, 'decision', 'decisions') : '']
    .filter(Boolean)
    .join(' and ');
  return `Catching up with ${c.from}… ${what} received`;
}

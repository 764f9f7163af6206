/**
 * Which adopted version first holds an edit. An adopt block carries the Yjs state its text was
 * rendered from (the proposer's document, every edit sealed first), so an envelope whose items and
 * deletions all lie within that state was made before the proposal: the only clock the record
 * has. The edit history uses this to place edits made before an adoption before edits made after it.
 */
import * as Y from 'yjs';
import type { Block } from '../core/ledger/block.js';

type DeleteSet = Y.Transaction['deleteSet'];

/** What an envelope wrote: its client's clocks [.., endClock) and the items it deleted. */
export interface WrittenRange {
  readonly client: number | null;
  readonly endClock: number;
  readonly deletes: DeleteSet | null;
}

interface AdoptedState {
  readonly height: number;
  readonly state: Uint8Array;
  decoded?: { readonly sv: Map<number, number>; readonly ds: DeleteSet };
}

/** Whether ds holds every clock of [clock, end) of client (ds as Yjs reads it: sorted, merged). */
function holds(ds: DeleteSet, client: number, clock: number, end: number): boolean {
  const ranges = ds.clients.get(client);
  if (ranges === undefined) return false;
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = ranges[mid]!;
    if (r.clock + r.len <= clock) lo = mid + 1;
    else if (r.clock > clock) hi = mid - 1;
    else return end <= r.clock + r.len;
  }
  return false;
}

export class AdoptedStates {
  private readonly states: AdoptedState[] = [];

  /** Adopted versions in height order; learns the ledger's new ones on each call. */
  update(blocks: readonly Block[]): void {
    const known = this.states[this.states.length - 1]?.height ?? 0;
    for (const block of blocks) {
      if (block.header.height > known && block.body.kind === 'adopt') this.states.push({ height: block.header.height, state: block.body.yjsState });
    }
  }

  get count(): number {
    return this.states.length;
  }

  /**
   * The ordinal (0 for the first adopted version) of the first version whose state holds what an
   * envelope wrote, or `count` when none does (made after the last adoption, or never adopted).
   * Versions are decoded on first use (a state vector and a delete set each).
   */
  firstHolding(range: WrittenRange, from = 0): number {
    for (let i = from; i < this.states.length; i++) {
      const { sv, ds } = this.decoded(this.states[i]!);
      if (range.client !== null && range.endClock > (sv.get(range.client) ?? 0)) continue;
      let all = true;
      for (const [client, deletes] of range.deletes?.clients ?? []) {
        if (!deletes.every((d) => holds(ds, client, d.clock, d.clock + d.len))) {
          all = false;
          break;
        }
      }
      if (all) return i;
    }
    return this.states.length;
  }

  private decoded(version: AdoptedState): NonNullable<AdoptedState['decoded']> {
    if (version.decoded === undefined) {
      try {
        version.decoded = { sv: Y.decodeStateVector(Y.encodeStateVectorFromUpdate(version.state)), ds: Y.decodeUpdate(version.state).ds };
      } catch {
        // A final block's state that does not decode holds nothing we can place: an empty state.
        version.decoded = { sv: new Map(), ds: Y.createDeleteSet() };
      }
    }
    return version.decoded;
  }
}

/**
 * Answering catch-up: to current parties only, from the record (not from memory: what we serve is
 * what we stored), one page at a time. Blocks first (the requester needs them to know who may
 * write), then envelopes: the ranges the requester named, then everything above its frontier,
 * taken round-robin a chunk per author so that authors whose edits depend on each other arrive
 * interleaved. Undecided proposals and votes come last, once the blocks are all sent.
 */
import type { DraftReplica } from '../../core/draft/replica.js';
import type { PartyId } from '../../core/identity.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import { MAX_RESPONSE_BYTES, type PeerId } from '../network.js';
import type { CatchUpRequest, CatchUpResponse } from '../wire/catch-up.js';
import type { RoomContext } from './context.js';
import type { RecordSource } from './records.js';

/** Default page: well under the 16 MiB response cap, large enough for thousands of keystrokes. */
export const DEFAULT_PAGE_BYTES = 4 << 20;
const CHUNK = 64;
// Framing of the response around its items.
const OVERHEAD = 1024;

export interface CatchUpServerDeps {
  readonly ctx: RoomContext;
  readonly draft: DraftReplica;
  readonly ledger: Ledger;
  readonly records: RecordSource;
  readonly pending: () => Uint8Array[];
  readonly pageBytes: number;
}

class Page {
  used = OVERHEAD;
  full = false;
  constructor(private readonly budget: number) {}

  /** Takes an item if it fits (the first item always, if under the transport cap). */
  take(size: number): boolean {
    const cost = size + 4;
    const empty = this.used === OVERHEAD;
    if ((!empty && this.used + cost > this.budget) || this.used + cost > MAX_RESPONSE_BYTES) {
      this.full = true;
      return false;
    }
    this.used += cost;
    return true;
  }
}

interface Cursor {
  readonly author: PartyId;
  next: number;
  readonly to: number;
}

export async function answerCatchUp(deps: CatchUpServerDeps, from: PeerId, request: CatchUpRequest): Promise<CatchUpResponse> {
  const { ctx, draft, ledger, records } = deps;
  if (!ctx.parties.isParty(from)) return { kind: 'refused', reason: 'not-a-party' };
  const page = new Page(Math.min(deps.pageBytes, MAX_RESPONSE_BYTES));

  const blocks: Uint8Array[] = [];
  let height = request.height;
  while (height < ledger.height && !page.full) {
    const stored = await records.blocks(height + 1, 16);
    if (stored.length === 0 || stored[0]!.height !== height + 1) break; // the store lags: nothing more to give
    for (const block of stored) {
      if (block.height !== height + 1 || !page.take(block.bytes.length)) break;
      blocks.push(block.bytes);
      height++;
    }
  }

  const envelopes: Uint8Array[] = [];
  const cursors: Cursor[] = [];
  for (const range of request.wanted) {
    const to = Math.min(range.toSeq, draft.frontierOf(range.author));
    if (range.fromSeq <= to) cursors.push({ author: range.author, next: range.fromSeq, to });
  }
  for (const [author, ours] of draft.frontier()) {
    const theirs = request.frontier.get(author) ?? 0;
    if (ours > theirs) cursors.push({ author, next: theirs + 1, to: ours });
  }
  const sent = new Set<string>();
  while (cursors.length > 0 && !page.full) {
    for (let i = 0; i < cursors.length && !page.full; ) {
      const cursor = cursors[i]!;
      const stored = await records.envelopes(cursor.author, cursor.next, Math.min(CHUNK, cursor.to - cursor.next + 1));
      let advanced = false;
      for (const record of stored) {
        if (record.seq < cursor.next || record.seq > cursor.to) break;
        const key = `${cursor.author}/${record.seq}`;
        if (!sent.has(key)) {
          if (!page.take(record.bytes.length)) break;
          sent.add(key);
          envelopes.push(record.bytes);
        }
        cursor.next = record.seq + 1;
        advanced = true;
      }
      if (!advanced || cursor.next > cursor.to) cursors.splice(i, 1);
      else i++;
    }
  }

  const pending: Uint8Array[] = [];
  if (!page.full && height >= ledger.height) {
    for (const message of deps.pending()) if (page.take(message.length)) pending.push(message);
  }
  return { kind: 'page', more: page.full, envelopes, blocks, pending };
}

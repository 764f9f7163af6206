/**
 * Encodes a run of this delegation's own transactions as one Yjs v1 update, read straight from
 * the document at flush time, instead of having Yjs encode an update per transaction and merging
 * thousands of them (bench/trace.ts: that was most of the authoring cost).
 *
 * The bytes are laid out as Yjs's writeStructs and writeDeleteSet lay them out (one client
 * section: struct count, client, first clock, the first struct written from an offset, then the
 * delete set, clients in descending order). Structs the document has merged since are written
 * merged, so the update is the per-transaction updates merged, in fewer structs.
 *
 * Sound because the replica's document does not garbage-collect: an item's content never changes
 * after it is created (later deletions only mark it, and an update does not carry that mark), so
 * what the document holds for the range at flush time is what its transactions wrote. Splits and
 * merges of structs by later edits change only how the range is cut into structs.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

type DeleteSet = Y.Transaction['deleteSet'];
type Struct = Y.Item | Y.GC;

/** What a run of local transactions wrote: `client`'s clocks [from, to) and its deletions. */
export interface LocalRange {
  readonly client: number;
  readonly from: number;
  readonly to: number;
  /** Each transaction's delete set, in order (Yjs leaves them sorted and merged). */
  readonly deletes: readonly DeleteSet[];
}

/**
 * The update carrying `range`, as Y.mergeUpdates of its transactions' updates would carry it.
 * Throws if the document does not hold the whole range (a caller's bug, not untrusted input).
 */
export function encodeLocalUpdate(doc: Y.Doc, range: LocalRange): Uint8Array {
  const { client, from, to } = range;
  const encoder = new Y.UpdateEncoderV1();
  const rest = encoder.restEncoder;
  if (from < to) {
    const structs = doc.store.clients.get(client) as Struct[] | undefined;
    if (structs === undefined || Y.getState(doc.store, client) < to || from < 0) {
      throw new Error(`the document does not hold clocks ${from}..${to} of client ${client}`);
    }
    const first = Y.findIndexSS(structs, from);
    const last = Y.findIndexSS(structs, to - 1);
    encoding.writeVarUint(rest, 1); // one client section
    encoding.writeVarUint(rest, last - first + 1);
    encoder.writeClient(client);
    encoding.writeVarUint(rest, from);
    for (let i = first; i <= last; i++) {
      const struct = structs[i]!;
      const offset = i === first ? from - struct.id.clock : 0;
      // The last struct may since have merged with edits made after the range.
      const end = struct.id.clock + struct.length;
      (end > to ? truncated(struct, to - struct.id.clock) : struct).write(encoder, offset);
    }
  } else {
    encoding.writeVarUint(rest, 0); // deletions only
  }
  writeDeleteSet(encoder, range.deletes.length === 1 ? range.deletes[0]! : Y.mergeDeleteSets(range.deletes as DeleteSet[]));
  return encoder.toUint8Array();
}

/** A detached copy of the struct's first `length` clocks, for writing only. */
function truncated(struct: Struct, length: number): Struct {
  if (struct instanceof Y.GC) return new Y.GC(struct.id, length);
  const content = struct.content.copy();
  content.splice(length); // keeps the first `length` in `content`
  return new Y.Item(struct.id, null, struct.origin, null, struct.rightOrigin, struct.parent, struct.parentSub, content);
}

/** Yjs's writeDeleteSet (not exported): clients in descending order, ranges as stored. */
function writeDeleteSet(encoder: Y.UpdateEncoderV1, ds: DeleteSet): void {
  const clients = [...ds.clients.entries()].filter(([, items]) => items.length > 0).sort((a, b) => b[0] - a[0]);
  encoding.writeVarUint(encoder.restEncoder, clients.length);
  for (const [client, items] of clients) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, items.length);
    for (const item of items) {
      encoder.writeDsClock(item.clock);
      encoder.writeDsLen(item.len);
    }
  }
}

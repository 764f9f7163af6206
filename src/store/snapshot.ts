/**
 * The compacted document snapshot a node stores per negotiation (PlenaryStore.putSnapshot):
 * the Yjs state, the envelope frontier it covers (replay resumes at frontier + 1 per author), and
 * the clientId -> author bindings needed for attribution of the text it contains.
 *
 * Layout (canonical: one encoding per value, entries strictly ascending, no duplicates):
 *   domain('plenary/snapshot/v1')
 *   yjsState          u32 length + bytes
 *   frontier          u32 count, then per author: party id (16) | seq u64 (>= 1), ascending by party id
 *   bindings          u32 count, then per client: clientId u64 | party id (16), ascending by clientId
 * It is local state, not signed; the canonical form just makes equal snapshots equal bytes.
 */
import { DecodeError, Writer, decodeWith, domain, type Reader } from '../core/bytes.js';
import { PARTY_ID_BYTES, isPartyId, partyIdFromBytes, partyIdToBytes, type PartyId } from '../core/identity.js';

export interface DocumentSnapshot {
  readonly yjsState: Uint8Array;
  /** Per author, the highest envelope seq whose update (and all before it) the state includes. */
  readonly frontier: ReadonlyMap<PartyId, number>;
  /** Yjs clientId -> the author bound to it. */
  readonly bindings: ReadonlyMap<number, PartyId>;
}

export const SNAPSHOT_LIMITS = {
  maxStateBytes: 48 * 1024 * 1024,
  maxAuthors: 65_536,
  maxBindings: 262_144,
} as const;

const SNAPSHOT_DOMAIN = domain('plenary/snapshot/v1');
const ENTRY_BYTES = PARTY_ID_BYTES + 8;

export function encodeSnapshot(snapshot: DocumentSnapshot): Uint8Array {
  const { yjsState, frontier, bindings } = snapshot;
  if (yjsState.length > SNAPSHOT_LIMITS.maxStateBytes) throw new RangeError(`yjs state exceeds ${SNAPSHOT_LIMITS.maxStateBytes} bytes`);
  if (frontier.size > SNAPSHOT_LIMITS.maxAuthors) throw new RangeError(`more than ${SNAPSHOT_LIMITS.maxAuthors} authors`);
  if (bindings.size > SNAPSHOT_LIMITS.maxBindings) throw new RangeError(`more than ${SNAPSHOT_LIMITS.maxBindings} bindings`);
  const w = new Writer(yjsState.length + 64 + ENTRY_BYTES * (frontier.size + bindings.size));
  w.raw(SNAPSHOT_DOMAIN).bytes(yjsState);
  w.u32(frontier.size);
  for (const author of [...frontier.keys()].sort()) {
    const seq = frontier.get(author)!;
    if (!isPartyId(author)) throw new RangeError(`frontier: not a party id: ${String(author)}`);
    if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`frontier of ${author}: seq must be >= 1, got ${seq}`);
    w.fixed(partyIdToBytes(author), PARTY_ID_BYTES).u64(seq);
  }
  w.u32(bindings.size);
  for (const clientId of [...bindings.keys()].sort((a, b) => a - b)) {
    const author = bindings.get(clientId)!;
    if (!isPartyId(author)) throw new RangeError(`binding of client ${clientId}: not a party id: ${String(author)}`);
    w.u64(clientId).fixed(partyIdToBytes(author), PARTY_ID_BYTES); // u64 rejects non-integers and negatives
  }
  return w.finish();
}

/** Decodes a stored snapshot; throws DecodeError on anything but a canonical encoding. */
export function decodeSnapshot(bytes: Uint8Array): DocumentSnapshot {
  return decodeWith(bytes, 'snapshot', (r) => {
    r.expectDomain(SNAPSHOT_DOMAIN, 'snapshot');
    const yjsState = r.bytes(SNAPSHOT_LIMITS.maxStateBytes, 'yjs state');
    return { yjsState, frontier: readFrontier(r), bindings: readBindings(r) };
  });
}

function readFrontier(r: Reader): Map<PartyId, number> {
  const frontier = new Map<PartyId, number>();
  const n = r.count(SNAPSHOT_LIMITS.maxAuthors, ENTRY_BYTES, 'frontier');
  let previous: string | undefined;
  for (let i = 0; i < n; i++) {
    const author = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'frontier author'));
    const seq = r.u64('frontier seq');
    if (previous !== undefined && author <= previous) throw new DecodeError('malformed', 'frontier: authors not strictly ascending');
    if (seq < 1) throw new DecodeError('malformed', 'frontier: seq 0');
    frontier.set(author, seq);
    previous = author;
  }
  return frontier;
}

function readBindings(r: Reader): Map<number, PartyId> {
  const bindings = new Map<number, PartyId>();
  const n = r.count(SNAPSHOT_LIMITS.maxBindings, ENTRY_BYTES, 'bindings');
  let previous = -1;
  for (let i = 0; i < n; i++) {
    const clientId = r.u64('client id');
    const author = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'bound author'));
    if (clientId <= previous) throw new DecodeError('malformed', 'bindings: client ids not strictly ascending');
    bindings.set(clientId, author);
    previous = clientId;
  }
  return bindings;
}

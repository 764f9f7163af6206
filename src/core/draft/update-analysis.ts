/**
 * Reads a Yjs v1 update once, strictly, before any of it reaches the document.
 *
 * We parse with Yjs's own UpdateDecoderV1 primitives in the order Yjs's readClientsStructRefs
 * uses, but build the Items ourselves so that nothing touches the Y.Doc until every check has
 * passed, and so the replica can integrate these very Items (the update is decoded once).
 *
 * What is refused here depends on the bytes alone, so every replica refuses the same updates:
 * - anything Yjs cannot parse, trailing bytes, zero-length structs, clocks beyond 2^53;
 * - GC and Skip structs, and content kinds a treaty never holds (subdocuments, embeds, legacy
 *   JSON, XML types): an author's own transaction never produces them;
 * - structs under any client but the envelope's (`foreign-client`), or one client listed twice;
 * - a reference to the author's own client that does not point strictly backwards.
 * What remains are the references to other clients and the delete ranges, returned as `needs`:
 * the replica applies the update only once its document holds all of them.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { err, ok, type Result } from '../result.js';

export interface DecodedItem {
  /** Built like Yjs builds it; a root parent is given by `parentKey` until integration. */
  readonly item: Y.Item;
  readonly parentKey: string | null;
}

export interface UpdateAnalysis {
  /** The one client the update writes under, or null for an update that only deletes. */
  readonly client: number | null;
  readonly firstClock: number;
  readonly endClock: number;
  readonly items: readonly DecodedItem[];
  /** Per other client, the state (clock count) the document must reach first. */
  readonly needs: ReadonlyMap<number, number>;
  /** The delete set as Yjs v1 encodes it, re-framed as an update with no structs; null if empty. */
  readonly deleteUpdate: Uint8Array | null;
}

export interface AnalysisError {
  readonly reason: 'invalid-update' | 'foreign-client';
  readonly detail: string;
}

const MAX_CLOCK = Number.MAX_SAFE_INTEGER;

// Low five bits of a struct's info byte name its content (Yjs contentRefs).
const CONTENT_DELETED = 1;
const CONTENT_BINARY = 3;
const CONTENT_STRING = 4;
const CONTENT_FORMAT = 6;
const CONTENT_TYPE = 7;
const CONTENT_ANY = 8;
const CONTENT_NAMES = ['GC', 'deleted', 'JSON', 'binary', 'string', 'embed', 'format', 'type', 'any', 'subdocument', 'skip'];

class Refusal extends Error {
  constructor(
    readonly reason: AnalysisError['reason'],
    detail: string,
  ) {
    super(detail);
  }
}

function refuse(detail: string): never {
  throw new Refusal('invalid-update', detail);
}

function readContent(decoder: Y.UpdateDecoderV1, info: number): Y.Item["content"] {
  const ref = info & 0b11111;
  switch (ref) {
    case CONTENT_DELETED: {
      const len = decoder.readLen();
      if (len < 1) refuse('deleted content of length 0');
      return new Y.ContentDeleted(len);
    }
    case CONTENT_BINARY:
      return new Y.ContentBinary(decoder.readBuf());
    case CONTENT_STRING: {
      const str = decoder.readString();
      if (str.length === 0) refuse('empty string content');
      return new Y.ContentString(str);
    }
    case CONTENT_FORMAT:
      return new Y.ContentFormat(decoder.readKey(), decoder.readJSON() as object);
    case CONTENT_TYPE: {
      const typeRef = decoder.readTypeRef();
      // Yjs typeRefs: 0 YArray, 1 YMap, 2 YText; the XML types never occur in a treaty.
      if (typeRef === 0) return new Y.ContentType(new Y.Array());
      if (typeRef === 1) return new Y.ContentType(new Y.Map());
      if (typeRef === 2) return new Y.ContentType(new Y.Text());
      return refuse(`type content of kind ${typeRef} is not allowed`);
    }
    case CONTENT_ANY: {
      const len = decoder.readLen();
      if (len < 1) refuse('empty value content');
      const values: unknown[] = [];
      for (let i = 0; i < len; i++) values.push(decoder.readAny());
      return new Y.ContentAny(values);
    }
    default:
      return refuse(`${CONTENT_NAMES[ref] ?? `unknown (${ref})`} content is not allowed`);
  }
}

function analyze(update: Uint8Array, expectedClient: number): UpdateAnalysis {
  const decoder = new Y.UpdateDecoderV1(decoding.createDecoder(update));
  const rest = decoder.restDecoder;
  const needs = new Map<number, number>();
  const need = (client: number, clock: number): void => {
    if ((needs.get(client) ?? 0) < clock) needs.set(client, clock);
  };
  const items: DecodedItem[] = [];
  let client: number | null = null;
  let firstClock = 0;
  let clock = 0;

  // A reference from an item of `client` at `at`: backwards within the client, or a need.
  const reference = (id: Y.ID, at: number, what: string): void => {
    if (id.client === client) {
      if (id.clock >= at) refuse(`${what} ${id.client}:${id.clock} does not precede the item ${client}:${at}`);
    } else {
      need(id.client, id.clock + 1);
    }
  };

  const sections = decoding.readVarUint(rest);
  for (let s = 0; s < sections; s++) {
    const count = decoding.readVarUint(rest);
    const sectionClient = decoder.readClient();
    if (sectionClient !== expectedClient) {
      throw new Refusal('foreign-client', `structs written under client ${sectionClient}, not the envelope's ${expectedClient}`);
    }
    if (client !== null) refuse(`client ${sectionClient} listed twice`);
    if (count < 1) refuse('a client section with no structs');
    client = sectionClient;
    firstClock = clock = decoding.readVarUint(rest);
    for (let i = 0; i < count; i++) {
      if (!decoding.hasContent(rest)) refuse('truncated struct');
      const info = decoder.readInfo();
      const ref = info & 0b11111;
      if (ref === 0 || ref === 10) refuse(`${CONTENT_NAMES[ref]} structs are not allowed`);
      const hasOrigin = (info & 0x80) !== 0;
      const hasRightOrigin = (info & 0x40) !== 0;
      const origin = hasOrigin ? decoder.readLeftID() : null;
      const rightOrigin = hasRightOrigin ? decoder.readRightID() : null;
      let parent: Y.ID | null = null;
      let parentKey: string | null = null;
      let parentSub: string | null = null;
      if (!hasOrigin && !hasRightOrigin) {
        // Neither neighbour: the parent is named, as a root key or the ID of a type item.
        if (decoder.readParentInfo()) parentKey = decoder.readString();
        else parent = decoder.readLeftID();
        if ((info & 0x20) !== 0) parentSub = decoder.readString();
      }
      const content = readContent(decoder, info);
      const item = new Y.Item(Y.createID(client, clock), null, origin, null, rightOrigin, parent, parentSub, content);
      if (origin !== null) reference(origin, clock, 'origin');
      if (rightOrigin !== null) reference(rightOrigin, clock, 'right origin');
      if (parent !== null) reference(parent, clock, 'parent');
      items.push({ item, parentKey });
      clock += item.length;
      if (clock > MAX_CLOCK) refuse('clock beyond 2^53');
    }
  }

  const deleteStart = rest.pos;
  const clients = decoding.readVarUint(rest);
  for (let c = 0; c < clients; c++) {
    const target = decoding.readVarUint(rest);
    const ranges = decoding.readVarUint(rest);
    if (ranges < 1) refuse(`a delete entry for client ${target} with no ranges`);
    for (let i = 0; i < ranges; i++) {
      const from = decoder.readDsClock();
      const len = decoder.readDsLen();
      if (len < 1) refuse('a delete range of length 0');
      const end = from + len;
      if (end > MAX_CLOCK) refuse('delete range beyond 2^53');
      if (target === client) {
        if (end > clock) refuse(`deletes ${target}:${from}+${len} beyond the update's own items`);
      } else {
        need(target, end);
      }
    }
  }
  if (decoding.hasContent(rest)) refuse(`${update.length - rest.pos} trailing bytes`);

  let deleteUpdate: Uint8Array | null = null;
  if (clients > 0) {
    deleteUpdate = new Uint8Array(1 + update.length - deleteStart); // var-uint 0 structs, then the delete set
    deleteUpdate.set(update.subarray(deleteStart), 1);
  }
  return { client, firstClock, endClock: clock, items, needs, deleteUpdate };
}

/** Analyses an update claimed to be written under `expectedClient`; never throws. */
export function analyzeUpdate(update: Uint8Array, expectedClient: number): Result<UpdateAnalysis, AnalysisError> {
  try {
    return ok(analyze(update, expectedClient));
  } catch (e) {
    if (e instanceof Refusal) return err({ reason: e.reason, detail: e.message });
    // lib0 throws plain Errors on truncation, bad UTF-8, bad JSON; deep nesting overflows the stack.
    return err({ reason: 'invalid-update', detail: `undecodable: ${e instanceof Error ? e.message : String(e)}` });
  }
}

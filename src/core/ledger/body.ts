/**
 * What a block decides: admit a party, remove a party, or adopt a version of the text.
 * An adopted version is fixed by the hash of its canonical text (not of the Yjs bytes, which are
 * not canonical) and carries the text itself so every version can be read offline. Membership
 * changes carry room keys (room-state.ts): the current key for a newcomer, a new epoch on removal.
 */
import { DecodeError, Reader, Writer, decodeWith, domain, equalBytes, utf8 } from '../bytes.js';
import { MAX_PARTIES, MAX_TITLE_CHARS, readPartySpec, validatePartySpec, writePartySpec, type PartySpec } from '../charter.js';
import { HASH_BYTES, taggedHash, textHash } from '../hash.js';
import { PARTY_ID_BYTES, isPartyId, partyIdFromBytes, partyIdToBytes, type NegotiationId, type PartyId } from '../identity.js';
import { err, ok, type Result } from '../result.js';
import type { RoomKey } from '../room/room-key.js';
import type { RoomMember } from '../room/seal.js';
import { checkSealedKeysShape, readSealedKeys, sealForParties, writeSealedKeys, type SealedRoomKeys } from '../room/sealed-keys.js';
import type { DecisionKind } from '../rules.js';
import { checkAuthenticTexts, readAuthenticTexts, writeAuthenticTexts, type AuthenticText } from './authentic-texts.js';
import type { Members } from './members.js';
import { checkAdmissionKey, checkRotation, type RoomState } from './room-state.js';

export const MAX_TEXT_BYTES = 4 * 1024 * 1024;
export const MAX_YJS_STATE_BYTES = 64 * 1024 * 1024;
export const MAX_REASON_CHARS = 1000;
export const MAX_LABEL_CHARS = 200;

/** v2: admit and remove bodies carry room keys. */
const BODY_DOMAIN = domain('plenary/body/v2');
/** v3: an adopt body with authentic texts in further languages. Every other body stays v2, byte for byte. */
const BODY_V3_DOMAIN = domain('plenary/body/v3');

export type BlockKind = DecisionKind;

export type BlockBody =
  | {
      readonly kind: 'admit';
      readonly party: PartySpec;
      /** The current epoch's room key sealed to the newcomer alone. */
      readonly roomKey: SealedRoomKeys;
    }
  | {
      readonly kind: 'remove';
      readonly party: PartyId;
      readonly reason: string;
      /** A fresh key for the next epoch sealed to every remaining party. */
      readonly rotation: SealedRoomKeys;
    }
  | {
      readonly kind: 'adopt';
      readonly title: string;
      /** The canonical rendering of the treaty text. */
      readonly text: string;
      readonly textHash: Uint8Array;
      /** The Yjs document state the text was rendered from, to resume drafting from it. */
      readonly yjsState: Uint8Array;
      /** A short name for the version, e.g. "Draft 3" or "Final text". */
      readonly label: string;
      /** Texts in further languages, equally authentic (authentic-texts.ts): sorted by language, non-empty when present. */
      readonly authenticTexts?: readonly AuthenticText[];
    };

const KIND_TAGS: Record<BlockKind, number> = { admit: 1, remove: 2, adopt: 3 };

export function kindTag(kind: BlockKind): number {
  return KIND_TAGS[kind];
}

export function kindOfTag(tag: number): BlockKind {
  switch (tag) {
    case 1:
      return 'admit';
    case 2:
      return 'remove';
    case 3:
      return 'adopt';
    default:
      throw new DecodeError('bad-tag', `unknown block kind ${tag}`);
  }
}

/** An adopt body with its text hash computed. */
export function adoptBody(fields: { title: string; text: string; yjsState: Uint8Array; label: string; authenticTexts?: readonly AuthenticText[] }): BlockBody {
  const { authenticTexts, ...rest } = fields;
  const body = { kind: 'adopt' as const, ...rest, textHash: textHash(fields.text) };
  return authenticTexts === undefined || authenticTexts.length === 0 ? body : { ...body, authenticTexts };
}

const sealingError = (e: { readonly message: string }): string => `room key: ${e.message}`;

/**
 * An admission proposal: `currentKey` (the proposer's keyring's current key, which the chain's
 * current commitment names) sealed to the newcomer alone.
 */
export function admitBody(spec: PartySpec, currentKey: RoomKey, negotiation: NegotiationId): Result<BlockBody, string> {
  const roomKey = sealForParties(currentKey, [spec], negotiation);
  return roomKey.ok ? ok({ kind: 'admit', party: spec, roomKey: roomKey.value }) : err(sealingError(roomKey.error));
}

/**
 * A removal proposal: `nextKey` (room/nextRoomKey of the current key: a fresh key, one epoch on)
 * sealed to every party in `remaining`, the members once `party` is gone.
 */
export function removeBody(
  party: PartyId,
  reason: string,
  nextKey: RoomKey,
  remaining: readonly RoomMember[],
  negotiation: NegotiationId,
): Result<BlockBody, string> {
  if (remaining.some((m) => m.id === party)) return err('the removed party cannot receive the next room key');
  const rotation = sealForParties(nextKey, remaining, negotiation);
  return rotation.ok ? ok({ kind: 'remove', party, reason, rotation: rotation.value }) : err(sealingError(rotation.error));
}

const hasAuthenticTexts = (body: BlockBody): boolean => body.kind === 'adopt' && body.authenticTexts !== undefined;

export function writeBody(w: Writer, body: BlockBody): void {
  w.raw(hasAuthenticTexts(body) ? BODY_V3_DOMAIN : BODY_DOMAIN).u8(kindTag(body.kind));
  switch (body.kind) {
    case 'admit':
      writePartySpec(w, body.party);
      writeSealedKeys(w, body.roomKey);
      return;
    case 'remove':
      w.fixed(partyIdToBytes(body.party), PARTY_ID_BYTES).text(body.reason);
      writeSealedKeys(w, body.rotation);
      return;
    case 'adopt':
      w.text(body.title).text(body.text).fixed(body.textHash, HASH_BYTES).bytes(body.yjsState).text(body.label);
      if (body.authenticTexts !== undefined) writeAuthenticTexts(w, body.authenticTexts);
      return;
  }
}

/** Consumes `tag` if the input starts with it (a failed expectDomain reads nothing). */
function readsDomain(r: Reader, tag: Uint8Array): boolean {
  try {
    r.expectDomain(tag, 'body');
    return true;
  } catch (e) {
    if (e instanceof DecodeError) return false;
    throw e;
  }
}

export function readBody(r: Reader): BlockBody {
  const v3 = readsDomain(r, BODY_V3_DOMAIN);
  if (!v3) r.expectDomain(BODY_DOMAIN, 'body');
  const kind = kindOfTag(r.u8('body kind'));
  if (v3 && kind !== 'adopt') throw new DecodeError('malformed', 'a v3 body is an adopt body');
  switch (kind) {
    case 'admit': {
      const party = readPartySpec(r);
      return { kind, party, roomKey: readSealedKeys(r) };
    }
    case 'remove': {
      const party = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'removed party'));
      const reason = r.text(MAX_REASON_CHARS * 4, 'reason');
      return { kind, party, reason, rotation: readSealedKeys(r) };
    }
    case 'adopt': {
      const title = r.text(MAX_TITLE_CHARS * 4, 'title');
      const text = r.text(MAX_TEXT_BYTES, 'text');
      const textHash = r.fixed(HASH_BYTES, 'text hash');
      const yjsState = r.bytes(MAX_YJS_STATE_BYTES, 'yjs state');
      const label = r.text(MAX_LABEL_CHARS * 4, 'label');
      if (!v3) return { kind, title, text, textHash, yjsState, label };
      return { kind, title, text, textHash, yjsState, label, authenticTexts: readAuthenticTexts(r, MAX_TEXT_BYTES) };
    }
  }
}

export function encodeBody(body: BlockBody): Uint8Array {
  const w = new Writer();
  writeBody(w, body);
  return w.finish();
}

export function decodeBody(bytes: Uint8Array): BlockBody {
  return decodeWith(bytes, 'body', readBody);
}

export function bodyHashOf(body: BlockBody): Uint8Array {
  return taggedHash('plenary/body/v2', encodeBody(body));
}

const chars = (s: string): number => [...s].length;
const isText = (s: unknown): s is string => typeof s === 'string';

/** Fields well-typed and within the caps, so the body can be encoded and hashed. */
export function checkBodyShape(body: BlockBody): string | undefined {
  if (typeof body !== 'object' || body === null) return 'body is missing';
  switch (body.kind) {
    case 'admit': {
      const spec = validatePartySpec(body.party, 'admitted party');
      if (!spec.ok) return spec.error;
      const sealed = checkSealedKeysShape(body.roomKey);
      return sealed ? `room key: ${sealed}` : undefined;
    }
    case 'remove': {
      if (!isPartyId(body.party)) return 'removed party is not a party id';
      if (!isText(body.reason) || chars(body.reason) > MAX_REASON_CHARS) return `reason must be text of at most ${MAX_REASON_CHARS} characters`;
      const sealed = checkSealedKeysShape(body.rotation);
      return sealed ? `rotation: ${sealed}` : undefined;
    }
    case 'adopt':
      if (!isText(body.title) || body.title.trim().length === 0 || chars(body.title) > MAX_TITLE_CHARS) {
        return `title must be non-empty text of at most ${MAX_TITLE_CHARS} characters`;
      }
      if (!isText(body.label) || chars(body.label) > MAX_LABEL_CHARS) return `label must be text of at most ${MAX_LABEL_CHARS} characters`;
      if (!isText(body.text) || utf8(body.text).length > MAX_TEXT_BYTES) return `text must be at most ${MAX_TEXT_BYTES} bytes`;
      if (!(body.yjsState instanceof Uint8Array) || body.yjsState.length > MAX_YJS_STATE_BYTES) {
        return `yjs state must be at most ${MAX_YJS_STATE_BYTES} bytes`;
      }
      if (!(body.textHash instanceof Uint8Array) || body.textHash.length !== HASH_BYTES) return 'text hash must be 32 bytes';
      return body.authenticTexts === undefined ? undefined : checkAuthenticTexts(body.authenticTexts, MAX_TEXT_BYTES);
    default:
      return 'body has an unknown kind';
  }
}

/** Is this decision possible at this membership and room, in this negotiation? */
export function checkBody(body: BlockBody, members: Members, room: RoomState, negotiation: NegotiationId): Result<BlockBody, string> {
  const shape = checkBodyShape(body);
  if (shape) return err(shape);
  switch (body.kind) {
    case 'admit': {
      if (members.has(body.party.id)) return err(`"${body.party.name}" is already a party`);
      if (members.hasKey(body.party.publicKey)) return err(`the key of "${body.party.name}" is already a party's key`);
      if (members.size >= MAX_PARTIES) return err(`a negotiation has at most ${MAX_PARTIES} parties`);
      const key = checkAdmissionKey(body.roomKey, body.party, room, negotiation);
      return key ? err(key) : ok(body);
    }
    case 'remove': {
      if (!members.has(body.party)) return err(`${body.party} is not a party`);
      if (members.size === 1) return err('the last party cannot be removed');
      const rotation = checkRotation(body.rotation, members.remove(body.party).ids(), room, negotiation);
      return rotation ? err(rotation) : ok(body);
    }
    case 'adopt':
      if (!equalBytes(body.textHash, textHash(body.text))) return err('text hash does not match the text');
      return ok(body);
  }
}

/** The room after a final block: a removal opens the epoch of its rotation. */
export function applyRoom(body: BlockBody, room: RoomState): RoomState {
  return body.kind === 'remove' ? { epoch: body.rotation.epoch, commitment: body.rotation.commitment } : room;
}

/** The membership after a final block. */
export function applyBody(body: BlockBody, members: Members): Members {
  switch (body.kind) {
    case 'admit':
      return members.admit(body.party);
    case 'remove':
      return members.remove(body.party);
    case 'adopt':
      return members;
  }
}

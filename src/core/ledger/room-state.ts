/**
 * The room as the chain determines it: the current epoch and the public commitment to its key.
 * The genesis opens epoch 0; an admission hands the newcomer the current key (no rotation: every
 * party is a depositary and receives the whole record anyway); a removal starts the next epoch,
 * sealed to every remaining party, so the removed party reads nothing written afterwards.
 *
 * Every party checks the sealed bundles' public parts (negotiation, epoch, recipients, commitment)
 * before voting. The ciphertexts only their recipients can check: a newcomer who cannot open its
 * key finds out from keyringFor, with the commitment proving which key it should have had.
 */
import { equalBytes } from '../bytes.js';
import type { PartySpec } from '../charter.js';
import type { NegotiationId, PartyId } from '../identity.js';
import { MAX_EPOCH } from '../room/room-key.js';
import { checkSealedKeysShape, isSealedToExactly, type SealedRoomKeys } from '../room/sealed-keys.js';

export interface RoomState {
  /** The epoch whose key parties write with now. */
  readonly epoch: number;
  /** roomKeyCommitment of that epoch's key, as the block that opened the epoch stated it. */
  readonly commitment: Uint8Array;
}

/** The room a genesis opens: epoch 0 under the commitment of its (verified) bundle. */
export function genesisRoom(roomKeys: SealedRoomKeys): RoomState {
  return { epoch: roomKeys.epoch, commitment: roomKeys.commitment };
}

function checkBundle(sealed: SealedRoomKeys, negotiation: NegotiationId, what: string): string | undefined {
  const shape = checkSealedKeysShape(sealed);
  if (shape) return `${what}: ${shape}`;
  if (sealed.negotiation !== negotiation) return `${what} is sealed for another negotiation`;
  return undefined;
}

/**
 * An admission's key: the current epoch, under the current commitment, sealed to the newcomer
 * alone. The recipient is named by party id, and the admitted spec's id is derived from its public
 * key (validatePartySpec), so the id pins the exact key the sealing was bound to.
 */
export function checkAdmissionKey(sealed: SealedRoomKeys, newcomer: PartySpec, room: RoomState, negotiation: NegotiationId): string | undefined {
  const bundle = checkBundle(sealed, negotiation, 'room key');
  if (bundle) return bundle;
  if (sealed.epoch !== room.epoch) return `room key is of epoch ${sealed.epoch}, not the current epoch ${room.epoch}`;
  if (!equalBytes(sealed.commitment, room.commitment)) return `room key commitment is not the commitment of epoch ${room.epoch}`;
  if (sealed.keys.length !== 1 || sealed.keys[0]!.recipient !== newcomer.id) return 'room key must be sealed to the admitted party alone';
  return undefined;
}

/** A removal's rotation: the next epoch, sealed to exactly the parties who remain. */
export function checkRotation(sealed: SealedRoomKeys, remaining: readonly PartyId[], room: RoomState, negotiation: NegotiationId): string | undefined {
  const bundle = checkBundle(sealed, negotiation, 'rotation');
  if (bundle) return bundle;
  if (room.epoch >= MAX_EPOCH) return 'the room has no epoch left to rotate to';
  if (sealed.epoch !== room.epoch + 1) return `rotation is to epoch ${sealed.epoch}, not the next epoch ${room.epoch + 1}`;
  // A fresh key for a new epoch always has a new commitment (the epoch is committed too).
  if (equalBytes(sealed.commitment, room.commitment)) return 'rotation repeats the current commitment';
  if (!isSealedToExactly(sealed, remaining)) return 'rotation is not sealed to exactly the remaining parties';
  return undefined;
}

/**
 * Confidential rooms: a room key per epoch, sealed to each party's key, encrypting the gossip of a
 * negotiation. Pure: randomness comes only from crypto.getRandomValues (via noble's randomBytes).
 *
 * Lifecycle: createRoomKey + sealForParties when the room is created; sealForParties(current key,
 * [newcomer]) on admission; nextRoomKey + sealForParties(remaining parties) on removal. The sealed
 * bundle (encodeSealedKeys) travels in the ledger block deciding the change; each party opens its own
 * entry (openSealedKeys) into its RoomKeyring. Payloads: sealPayload with the keyring's current key,
 * openPayload with the keyring.
 */
export * from './room-key.js';
export * from './seal.js';
export * from './sealed-keys.js';
export * from './keyring.js';
export * from './payload.js';

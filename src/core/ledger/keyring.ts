/**
 * A party's room keys, opened from the chain: the genesis bundle (charter parties), its admission
 * (the epoch current when it was admitted) and every rotation it remained a party through. A party
 * removed at epoch n therefore holds no key of epoch n or later, whatever part of the chain it has.
 *
 * The node calls keyringFor when it opens a negotiation and addRoomKeysFrom after each final block.
 * Both take blocks the ledger has verified: they open, they do not judge.
 */
import { negotiationIdOf, type GenesisBlock } from '../charter.js';
import type { NegotiationId, PartyId } from '../identity.js';
import { err, ok, type Result } from '../result.js';
import { RoomKeyring } from '../room/keyring.js';
import type { RoomMember } from '../room/seal.js';
import { openSealedKeys, type OpenSealedKeysRejection, type SealedRoomKeys } from '../room/sealed-keys.js';
import type { BlockBody } from './body.js';
import type { Block } from './block.js';

/** What openSealedKeys needs of the party opening: its own id, public key and ed25519 seed. */
export interface RoomOpener {
  readonly secretKey: Uint8Array;
  readonly party: RoomMember;
}

export interface KeyringFailure {
  /** Where the key that would not open is: 0 for the genesis. */
  readonly height: number;
  readonly reason: OpenSealedKeysRejection['reason'] | 'conflicting-key';
  readonly message: string;
}

/** The bundle in `body` that holds a key for `party`: its admission, or a rotation it remains in. */
export function sealedFor(body: BlockBody, party: PartyId): SealedRoomKeys | undefined {
  switch (body.kind) {
    case 'admit':
      return body.party.id === party ? body.roomKey : undefined;
    case 'remove':
      return body.rotation.keys.some((k) => k.recipient === party) ? body.rotation : undefined;
    case 'adopt':
      return undefined;
  }
}

function openInto(keyring: RoomKeyring, bundle: SealedRoomKeys, height: number, opener: RoomOpener, negotiation: NegotiationId): Result<void, KeyringFailure> {
  const opened = openSealedKeys(bundle, { negotiation, secretKey: opener.secretKey, party: opener.party });
  if (!opened.ok) return err({ height, reason: opened.error.reason, message: `epoch ${bundle.epoch}: ${opened.error.message}` });
  const added = keyring.add(opened.value);
  return added.ok ? added : err({ height, reason: added.error.reason, message: added.error.message });
}

/** Adds the key a final block gives `opener`, if any, to its keyring. */
export function addRoomKeysFrom(keyring: RoomKeyring, block: Block, opener: RoomOpener, negotiation: NegotiationId): Result<void, KeyringFailure> {
  const bundle = sealedFor(block.body, opener.party.id);
  return bundle === undefined ? ok(undefined) : openInto(keyring, bundle, block.header.height, opener, negotiation);
}

/**
 * Every room key `opener` was given along `blocks` (heights 1, 2, ... as verified). A key sealed to
 * it that does not open to the committed key is a failure naming the height: the party must not
 * write under a key it cannot confirm. A party that never belonged gets an empty keyring.
 */
export function keyringFor(genesis: GenesisBlock, blocks: readonly Block[], opener: RoomOpener): Result<RoomKeyring, KeyringFailure> {
  const negotiation = negotiationIdOf(genesis.charter);
  const keyring = new RoomKeyring();
  if (genesis.roomKeys.keys.some((k) => k.recipient === opener.party.id)) {
    const opened = openInto(keyring, genesis.roomKeys, 0, opener, negotiation);
    if (!opened.ok) return opened;
  }
  for (const block of blocks) {
    const added = addRoomKeysFrom(keyring, block, opener, negotiation);
    if (!added.ok) return added;
  }
  return ok(keyring);
}

/**
 * The room keys one party holds, by epoch. Old epochs stay readable, so history recorded under them
 * can still be opened; only the current (highest) epoch is used to write. A party removed at epoch n
 * keeps at most keys 0..n-1 and so reads nothing written under epoch n or later.
 */
import { equalBytes } from '../bytes.js';
import { err, ok, type Result } from '../result.js';
import { ROOM_KEY_BYTES, isEpoch, type RoomKey } from './room-key.js';

export type KeyringRejection =
  /** Two different keys for one epoch: someone sealed inconsistently. Keep the first, report the second. */
  { readonly reason: 'conflicting-key'; readonly epoch: number; readonly message: string };

export class RoomKeyring {
  private readonly byEpoch = new Map<number, RoomKey>();
  private highest: RoomKey | undefined;

  /** A keyring holding `keys`; throws on conflicting keys (local input: use `add` for received keys). */
  constructor(keys: Iterable<RoomKey> = []) {
    for (const key of keys) {
      const added = this.add(key);
      if (!added.ok) throw new RangeError(added.error.message);
    }
  }

  /** Adds a key; adding the same key again is a no-op, a different key for a held epoch is refused. */
  add(key: RoomKey): Result<void, KeyringRejection> {
    if (!isEpoch(key.epoch) || !(key.key instanceof Uint8Array) || key.key.length !== ROOM_KEY_BYTES) throw new RangeError('not a room key');
    const held = this.byEpoch.get(key.epoch);
    if (held !== undefined) {
      return equalBytes(held.key, key.key)
        ? ok(undefined)
        : err({ reason: 'conflicting-key', epoch: key.epoch, message: `a different key is already held for epoch ${key.epoch}` });
    }
    // Kept as given (not copied) so payloadKeyOf's cache, keyed by the RoomKey object, stays warm.
    this.byEpoch.set(key.epoch, key);
    if (this.highest === undefined || key.epoch > this.highest.epoch) this.highest = key;
    return ok(undefined);
  }

  get(epoch: number): RoomKey | undefined {
    return this.byEpoch.get(epoch);
  }

  has(epoch: number): boolean {
    return this.byEpoch.has(epoch);
  }

  /** The key to write with: the highest epoch held, if any. */
  get current(): RoomKey | undefined {
    return this.highest;
  }

  /** Held epochs, ascending. */
  epochs(): number[] {
    return [...this.byEpoch.keys()].sort((a, b) => a - b);
  }
}

/**
 * Room sealing at the gossip boundary: what we publish is sealed under the keyring's current key
 * and bound to its topic; what arrives is opened, and a payload that does not open becomes a
 * validator verdict.
 *
 * Verdicts for payloads that do not open:
 * - malformed, or fails authentication under a key we hold: 'reject'. Only a holder of the epoch's
 *   key can write a payload that authenticates, so either the sender is not in the room or it
 *   tampered: provably bad, and gossipsub should penalise whoever forwarded it (forwarders validate
 *   before forwarding, so an honest one never does).
 * - an epoch just above ours: 'ignore'. A removal block rotating the key may have reached the
 *   writer before us; the payload may be valid, we cannot tell yet, and we ask for blocks
 *   (catch-up). Far above ours (more than EPOCH_LOOKAHEAD): 'reject' — rotations come one block
 *   at a time, and an honest writer cannot be that far ahead of a connected party.
 * - below `minEpoch` or under an older epoch we were never given: 'ignore'. Most likely an honest
 *   party that has not yet seen a rotation (the gate keeps removed parties out of the mesh, so
 *   that is who remains); not provable misbehaviour, but nothing we may read either.
 */
import type { NegotiationId } from '../../core/identity.js';
import type { RoomKeyring } from '../../core/room/keyring.js';
import { openPayload, sealPayload, type PayloadRejection } from '../../core/room/payload.js';
import { err, ok, type Result } from '../../core/result.js';
import type { Verdict } from '../network.js';

export const EPOCH_LOOKAHEAD = 2;

export interface Unopened {
  readonly verdict: Exclude<Verdict, 'accept'>;
  readonly reason: string;
  /** The payload names an epoch above ours: we probably lack a block. */
  readonly behind: boolean;
}

export interface RoomSealing {
  readonly negotiation: NegotiationId;
  readonly keyring: RoomKeyring;
  readonly minEpoch: () => number;
}

/** Seals for `topic` with the current key; an error if this delegation holds no key. */
export function sealFor(room: RoomSealing, topic: string, plaintext: Uint8Array): Result<Uint8Array, string> {
  const key = room.keyring.current;
  if (key === undefined) return err('no room key: this delegation cannot write in the room');
  return ok(sealPayload(key, { negotiation: room.negotiation, topic, plaintext }));
}

export function openFrom(room: RoomSealing, topic: string, bytes: Uint8Array): Result<Uint8Array, Unopened> {
  let minEpoch = 0;
  try {
    minEpoch = room.minEpoch();
  } catch {
    minEpoch = room.keyring.current?.epoch ?? 0; // a broken policy falls back to the strictest
  }
  const opened = openPayload(room.keyring, { negotiation: room.negotiation, topic, bytes, minEpoch });
  if (opened.ok) return ok(opened.value.plaintext);
  return err(unopened(opened.error, room.keyring.current?.epoch));
}

function unopened(rejection: PayloadRejection, current: number | undefined): Unopened {
  switch (rejection.reason) {
    case 'malformed':
      return { verdict: 'reject', reason: `payload ${rejection.message}`, behind: false };
    case 'authentication-failed':
      return { verdict: 'reject', reason: rejection.message, behind: false };
    case 'stale-epoch':
      return { verdict: 'ignore', reason: rejection.message, behind: false };
    case 'unknown-epoch': {
      const ahead = current === undefined || rejection.epoch > current;
      if (ahead && rejection.epoch - (current ?? -1) > EPOCH_LOOKAHEAD) {
        return { verdict: 'reject', reason: `epoch ${rejection.epoch} is too far ahead of ours (${current ?? 'none'})`, behind: false };
      }
      return { verdict: 'ignore', reason: rejection.message, behind: ahead };
    }
  }
}

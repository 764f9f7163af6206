/**
 * Tampering with room bytes: every single bit flipped in a payload or a sealed-key bundle is refused
 * with a reason, and the reason matches the field that was hit. Exhaustive over every bit.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError, domain, equalBytes, utf8 } from '../../src/core/bytes.js';
import {
  PAYLOAD_HEADER_BYTES,
  RoomKeyring,
  decodeSealedKeys,
  encodeSealedKeys,
  openPayload,
  openSealedKeys,
  roomKeyOf,
  sealForParties,
  sealPayload,
} from '../../src/core/room/index.js';
import { delegation, flipBit, negotiationNamed } from './room-fixtures.js';

const [alice, bob] = [delegation(1), delegation(2)] as const;
const paris = negotiationNamed('paris');
const TOPIC = 'plenary/draft';

describe('a payload with one bit flipped', () => {
  it('never opens, and says why according to the field hit', () => {
    const keyring = new RoomKeyring([roomKeyOf(0, new Uint8Array(32).fill(0xa0)), roomKeyOf(1, new Uint8Array(32).fill(0xa1))]);
    const bytes = sealPayload(keyring.current!, { negotiation: paris, topic: TOPIC, plaintext: utf8('shall [endeavour to] reduce') });
    expect(openPayload(keyring, { negotiation: paris, topic: TOPIC, bytes }).ok).toBe(true);
    const tagEnd = domain('plenary/room-payload').length;
    const epochStart = tagEnd + 1;
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const byte = bit >> 3;
      const opened = openPayload(keyring, { negotiation: paris, topic: TOPIC, bytes: flipBit(bytes, bit) });
      const where = `bit ${bit} (byte ${byte})`;
      expect(opened.ok, where).toBe(false);
      if (opened.ok) continue;
      const { error } = opened;
      if (byte < tagEnd) expect(error, where).toMatchObject({ reason: 'malformed', code: 'bad-tag' });
      else if (byte === tagEnd) expect(error, where).toMatchObject({ reason: 'malformed', code: 'unknown-version' });
      else if (byte < epochStart + 4) {
        // Epoch 1 with its low bit flipped is epoch 0, which this reader holds: the AAD still refuses it.
        expect(error.reason, where).toBe(bit === (epochStart + 3) * 8 ? 'authentication-failed' : 'unknown-epoch');
      } else expect(error.reason, where).toBe('authentication-failed'); // nonce, ciphertext, tag
    }
    expect(bytes.length).toBeGreaterThan(PAYLOAD_HEADER_BYTES + 16);
  });
});

describe('a sealed-key bundle with one bit flipped', () => {
  it('never yields a key: it fails to decode or the recipient refuses it', () => {
    const key = roomKeyOf(5, new Uint8Array(32).fill(0x5a));
    const sealed = sealForParties(key, [alice], paris);
    if (!sealed.ok) throw new Error(sealed.error.message);
    const bytes = encodeSealedKeys(sealed.value);
    const reasons = new Map<string, number>();
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      let reason: string;
      try {
        const opened = openSealedKeys(decodeSealedKeys(flipBit(bytes, bit)), { negotiation: paris, ...alice.opener });
        expect(opened.ok, `bit ${bit}`).toBe(false);
        reason = opened.ok ? 'ok' : opened.error.reason;
      } catch (e) {
        expect(e, `bit ${bit}`).toBeInstanceOf(DecodeError);
        reason = `decode:${(e as DecodeError).code}`;
      }
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    // Every field is covered by some refusal: tag, negotiation, count/order, recipient, ephemeral key and ciphertext.
    expect([...reasons.keys()].sort()).toEqual(
      expect.arrayContaining(['authentication-failed', 'decode:bad-tag', 'no-key-for-party', 'wrong-negotiation']),
    );
  });

  it('with several recipients: a flip in one entry refuses that recipient and leaves the others intact', () => {
    const key = roomKeyOf(5, new Uint8Array(32).fill(0x5b));
    const sealed = sealForParties(key, [alice, bob], paris);
    if (!sealed.ok) throw new Error(sealed.error.message);
    const bytes = encodeSealedKeys(sealed.value);
    const firstEntry = bytes.length - 2 * 96;
    const parties = sealed.value.keys.map((k) => (k.recipient === alice.id ? alice : bob));
    // Ephemeral key and ciphertext bits of each entry, every 7th bit to keep the run short.
    for (const [i, owner] of parties.entries()) {
      const other = parties[1 - i]!;
      for (let bit = (firstEntry + i * 96 + 16) * 8; bit < (firstEntry + (i + 1) * 96) * 8; bit += 7) {
        const bundle = decodeSealedKeys(flipBit(bytes, bit));
        expect(openSealedKeys(bundle, { negotiation: paris, ...owner.opener }).ok, `bit ${bit}`).toBe(false);
        const intact = openSealedKeys(bundle, { negotiation: paris, ...other.opener });
        expect(intact.ok && equalBytes(intact.value.key, key.key), `bit ${bit}`).toBe(true);
      }
    }
  });
});

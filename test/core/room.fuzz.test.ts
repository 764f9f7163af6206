/**
 * Room decoders and openers on mutated and random input: decoders decode or throw a DecodeError;
 * what decodes re-encodes to the same bytes; openers return a reason and never throw, and nothing
 * mutated ever opens to anything but the original. FUZZ_RUNS scales the runs.
 */
import { describe, expect, it } from 'vitest';
import { equalBytes, utf8 } from '../../src/core/bytes.js';
import {
  RoomKeyring,
  decodePayloadFrame,
  decodeSealedKeys,
  encodePayloadFrame,
  encodeSealedKeys,
  openPayload,
  openSealedKeys,
  roomKeyOf,
  sealForParties,
  sealPayload,
} from '../../src/core/room/index.js';
import { FUZZ_RUNS, fuzzDecoder, mutate } from '../support/fuzz.js';
import { createRng } from '../support/rng.js';
import { delegation, negotiationNamed } from './room-fixtures.js';

const [alice, bob, carol] = [delegation(1), delegation(2), delegation(3)] as const;
const paris = negotiationNamed('paris');
const TOPIC = 'plenary/draft';
const key = roomKeyOf(2, new Uint8Array(32).fill(0x42));
const keyring = new RoomKeyring([roomKeyOf(1, new Uint8Array(32).fill(0x41)), key]);

const bundles = [[alice], [alice, bob, carol]].map((parties) => {
  const sealed = sealForParties(key, parties, paris);
  if (!sealed.ok) throw new Error(sealed.error.message);
  return encodeSealedKeys(sealed.value);
});
const payloads = [new Uint8Array(0), utf8('Article 7'), new Uint8Array(600).fill(7)].map((plaintext) =>
  sealPayload(key, { negotiation: paris, topic: TOPIC, plaintext }),
);

describe('room decoders under fuzzing', () => {
  it('sealed-key bundles decode or throw DecodeError, and re-encode canonically', () => {
    const { decoded, rejected } = fuzzDecoder(bundles, decodeSealedKeys, {
      seed: 301,
      check: (value, input) => expect(encodeSealedKeys(value)).toEqual(input),
    });
    expect(decoded).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });

  it('payload frames decode or throw DecodeError, and re-encode canonically', () => {
    const { decoded, rejected } = fuzzDecoder(payloads, decodePayloadFrame, {
      seed: 302,
      check: (value, input) => expect(encodePayloadFrame(value)).toEqual(input),
    });
    expect(decoded).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});

describe('room openers under fuzzing', () => {
  it('openPayload returns a reason for every mutation and opens only the unmodified bytes', () => {
    const seed = 303;
    const rng = createRng(seed);
    for (let i = 0; i < FUZZ_RUNS; i++) {
      const original = rng.pick(payloads);
      const input = mutate(original, rng);
      const opened = openPayload(keyring, { negotiation: paris, topic: TOPIC, bytes: input }); // must not throw
      if (opened.ok) expect(equalBytes(input, original), `seed ${seed} run ${i}: a mutated payload opened`).toBe(true);
    }
  });

  it('openSealedKeys returns a reason for every decodable mutation and never yields another key', () => {
    const seed = 304;
    const rng = createRng(seed);
    // Each open costs an X25519 (about 1 ms in pure JS): a third of the decoder runs.
    for (let i = 0; i < Math.ceil(FUZZ_RUNS / 3); i++) {
      const input = mutate(rng.pick(bundles), rng);
      let bundle;
      try {
        bundle = decodeSealedKeys(input);
      } catch {
        continue; // the decoder fuzz above checks the error type
      }
      const opened = openSealedKeys(bundle, { negotiation: paris, ...rng.pick([alice, bob, carol]).opener });
      if (opened.ok) expect(equalBytes(opened.value.key, key.key) && opened.value.epoch === key.epoch, `seed ${seed} run ${i}`).toBe(true);
    }
  });
});

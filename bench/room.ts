/**
 * Confidential rooms: payload seal + open beside bare XChaCha20-Poly1305 (random nonce, no framing,
 * no AAD), and sealing a room key for 50 parties beside the 50 bare X25519 agreements it needs.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { keyPairFromSeed, negotiationIdFromBytes, partyIdOf } from '../src/core/identity.js';
import { RoomKeyring, createRoomKey, openPayload, openSealedKeys, sealForParties, sealPayload } from '../src/core/room/index.js';
import { fmt, opsPerSecond, timed, type Row } from './harness.js';

const negotiation = negotiationIdFromBytes(new Uint8Array(32).fill(0x11));
const topic = 'plenary/0123456789abcdef/draft';

function payloadRow(size: number, label: string): Row {
  const roomKey = createRoomKey();
  const keyring = new RoomKeyring([roomKey]);
  const plaintext = randomBytes(size);
  const ours = opsPerSecond(() => {
    const bytes = sealPayload(roomKey, { negotiation, topic, plaintext });
    if (!openPayload(keyring, { negotiation, topic, bytes }).ok) throw new Error('payload did not open');
  });
  const bareKey = randomBytes(32);
  const bare = opsPerSecond(() => {
    const nonce = randomBytes(24);
    const sealed = xchacha20poly1305(bareKey, nonce).encrypt(plaintext);
    xchacha20poly1305(bareKey, nonce).decrypt(sealed);
  });
  return {
    bench: `room payload seal + open, ${label} vs bare XChaCha20-Poly1305`,
    ours: fmt.rate(ours, 'payloads'),
    baseline: fmt.rate(bare, 'payloads'),
    ratio: fmt.ratio(ours, bare),
    note: 'framing, AAD (negotiation, topic, header), cached HKDF subkey',
  };
}

function sealingRows(): Row[] {
  const parties = Array.from({ length: 50 }, (_, i) => {
    const keys = keyPairFromSeed(new Uint8Array(32).fill(i + 1));
    return { id: partyIdOf(keys.publicKey), publicKey: keys.publicKey, secretKey: keys.secretKey };
  });
  const roomKey = createRoomKey();
  const rounds = 5;
  let bundle = sealForParties(roomKey, parties, negotiation); // warm-up
  const ours = timed(() => {
    for (let r = 0; r < rounds; r++) bundle = sealForParties(roomKey, parties, negotiation);
  }).ms / rounds;
  if (!bundle.ok) throw new Error(bundle.error.message);
  // Bare: the 50 ephemeral key generations and agreements, on keys already converted to X25519.
  const recipientsX = parties.map((p) => ed25519.utils.toMontgomery(p.publicKey));
  const bare = timed(() => {
    for (let r = 0; r < rounds; r++) {
      for (const x of recipientsX) x25519.getSharedSecret(x25519.keygen().secretKey, x);
    }
  }).ms / rounds;
  const sealed = bundle.value;
  const me = parties[0]!;
  const open = opsPerSecond(() => {
    if (!openSealedKeys(sealed, { negotiation, secretKey: me.secretKey, party: me }).ok) throw new Error('key did not open');
  }, 300);
  const bareOpen = opsPerSecond(() => x25519.getSharedSecret(ed25519.utils.toMontgomerySecret(me.secretKey), sealed.keys[0]!.ephemeralPublicKey), 300);
  return [
    {
      bench: 'seal a room key for 50 parties vs 50 bare X25519 keygen + agreement',
      ours: fmt.ms(ours),
      baseline: fmt.ms(bare),
      ratio: fmt.ratio(ours, bare),
      note: 'pure JS (@noble/curves); once per room creation or removal',
    },
    {
      bench: 'open one sealed room key vs one bare X25519 agreement',
      ours: fmt.rate(open, 'opens'),
      baseline: fmt.rate(bareOpen, 'agreements'),
      ratio: fmt.ratio(open, bareOpen),
    },
  ];
}

export function benchRoom(): Row[] {
  return [payloadRow(100, '100 B'), payloadRow(10 * 1024, '10 KiB'), ...sealingRows()];
}

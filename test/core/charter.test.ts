import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import {
  MAX_PARTIES,
  decodeCharter,
  decodeGenesis,
  encodeCharter,
  encodeGenesis,
  negotiationIdOf,
  signGenesis,
  validateCharter,
  verifyGenesis,
  type Charter,
} from '../../src/core/charter.js';
import { taggedHash } from '../../src/core/hash.js';
import { nobleEd25519, type PartyId } from '../../src/core/identity.js';
import { MAX_SEALED_KEYS, createRoomKey, sealForParties, type RoomKey, type SealedRoomKeys } from '../../src/core/room/index.js';
import { allRules, consensus, delegation, negotiation, qualified, scheme } from '../support/ledger-fixtures.js';

const base = (): Charter => negotiation({ n: 3, rules: { admit: consensus, remove: qualified(2, 3), adopt: consensus } }).charter;
const withParties = (c: Charter, parties: Charter['parties']): Charter => ({ ...c, parties });

describe('validateCharter', () => {
  it('accepts a well-formed charter', () => {
    expect(validateCharter(base())).toEqual({ ok: true, value: base() });
  });

  const p = base().parties;
  const cases: [string, (c: Charter) => Charter, RegExp][] = [
    ['an empty title', (c) => ({ ...c, title: '  ' }), /title must not be empty/],
    ['a title over 500 characters', (c) => ({ ...c, title: 'x'.repeat(501) }), /title is longer than 500/],
    ['no parties', (c) => withParties(c, []), /at least one party/],
    ['a party listed twice', (c) => withParties(c, [...p, p[1]!]), /party 4 .* listed twice/],
    ['an id that does not match the key', (c) => withParties(c, [p[0]!, { ...p[1]!, id: p[2]!.id }, p[2]!]), /party 2 .*id does not match the public key/],
    ['a short public key', (c) => withParties(c, [p[0]!, { ...p[1]!, publicKey: new Uint8Array(31) }, p[2]!]), /public key must be 32 bytes/],
    ['an empty name', (c) => withParties(c, [p[0]!, { ...p[1]!, name: '' }, p[2]!]), /party 2 name must not be empty/],
    ['a name over 200 characters', (c) => withParties(c, [p[0]!, { ...p[1]!, name: 'n'.repeat(201) }, p[2]!]), /longer than 200/],
    ['a zero weight', (c) => withParties(c, [p[0]!, { ...p[1]!, weight: 0 }, p[2]!]), /weight must be an integer/],
    ['a fractional weight', (c) => withParties(c, [p[0]!, { ...p[1]!, weight: 1.5 }, p[2]!]), /weight must be an integer/],
    ['a weight beyond u32', (c) => withParties(c, [p[0]!, { ...p[1]!, weight: 2 ** 32 }, p[2]!]), /weight must be an integer/],
    ['a convenor who is not a party', (c) => ({ ...c, convenor: delegation(99).spec.id }), /convenor must be one of the parties/],
    ['a qualified majority of one half', (c) => ({ ...c, rules: { ...c.rules, adopt: qualified(1, 2) } }), /adopt rule share must be more than 1\/2/],
    ['a share above one', (c) => ({ ...c, rules: { ...c.rules, remove: qualified(4, 3) } }), /remove rule share: numerator/],
    [
      'a double majority of half the parties',
      (c) => ({ ...c, rules: { ...c.rules, admit: { kind: 'double-majority', partyShare: { num: 50, den: 100 }, weightShare: { num: 65, den: 100 } } } }),
      /admit rule party share must be more than 1\/2/,
    ],
    ['an unknown rule', (c) => ({ ...c, rules: { ...c.rules, adopt: { kind: 'lottery' } as never } }), /adopt rule has an unknown kind/],
    ['a nonce of the wrong length', (c) => ({ ...c, nonce: new Uint8Array(8) }), /nonce must be 16 bytes/],
    ['a negative createdAt', (c) => ({ ...c, createdAt: -1 }), /createdAt/],
    ['a fractional createdAt', (c) => ({ ...c, createdAt: 1.5 }), /createdAt/],
  ];
  for (const [name, change, message] of cases) {
    it(`rejects ${name}`, () => {
      const result = validateCharter(change(base()));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
    });
  }

  it(`rejects more than ${MAX_PARTIES} parties`, () => {
    const many = Array.from({ length: MAX_PARTIES + 1 }, (_, i) => delegation(10_000 + i).spec);
    const result = validateCharter({ ...base(), parties: many, convenor: many[0]!.id });
    expect(result).toEqual({ ok: false, error: `a charter names at most ${MAX_PARTIES} parties` });
    expect(validateCharter({ ...base(), parties: many.slice(0, MAX_PARTIES), convenor: many[0]!.id }).ok).toBe(true);
  });
});

describe('canonical encoding and the negotiation id', () => {
  it('round-trips the charter and the genesis', () => {
    const { charter, genesis } = negotiation({ weights: [3, 1, 2], rules: { ...allRules(consensus), adopt: { kind: 'double-majority', partyShare: { num: 2, den: 3 }, weightShare: { num: 65, den: 100 }, blockingMinority: 2 } } });
    expect(decodeCharter(encodeCharter(charter))).toEqual(charter);
    const bytes = encodeGenesis(genesis);
    expect(decodeGenesis(bytes)).toEqual(genesis);
    expect(encodeGenesis(decodeGenesis(bytes))).toEqual(bytes);
  });

  it('is stable: the same charter always names the same negotiation', () => {
    // A golden value: if this changes, every existing negotiation id changes with it.
    expect(negotiationIdOf(base())).toBe('197ab6f32abbc130774ee7d91d5a8a125b860777353675b3ab7b38c6c342cb60');
    expect(negotiationIdOf(decodeCharter(encodeCharter(base())))).toBe(negotiationIdOf(base()));
  });

  it('changes when any field changes', () => {
    const c = base();
    const [a, b, d] = c.parties as [Charter['parties'][0], Charter['parties'][0], Charter['parties'][0]];
    const other = delegation(42).spec;
    const variants: [string, Charter][] = [
      ['title', { ...c, title: `${c.title}.` }],
      ['createdAt', { ...c, createdAt: c.createdAt + 1 }],
      ['convenor', { ...c, convenor: b.id }],
      ['party order', withParties(c, [b, a, d])],
      ['a party name', withParties(c, [a, { ...b, name: 'Delegation One' }, d])],
      ['a weight', withParties(c, [a, { ...b, weight: 2 }, d])],
      ['a key (and id)', withParties(c, [a, other, d])],
      ['one more party', withParties(c, [a, b, d, other])],
      ['the admit rule', { ...c, rules: { ...c.rules, admit: qualified(2, 3) } }],
      ['the remove rule', { ...c, rules: { ...c.rules, remove: qualified(3, 4) } }],
      ['the adopt rule', { ...c, rules: { ...c.rules, adopt: qualified(2, 3) } }],
      ['a blocking minority', { ...c, rules: { ...c.rules, adopt: { kind: 'double-majority', partyShare: { num: 2, den: 3 }, weightShare: { num: 2, den: 3 }, blockingMinority: 2 } } }],
      ['the nonce', { ...c, nonce: c.nonce.map((x, i) => (i === 15 ? x ^ 1 : x)) }],
    ];
    const seen = new Set([negotiationIdOf(c)]);
    for (const [what, variant] of variants) {
      const id = negotiationIdOf(variant);
      expect(seen.has(id), `changing ${what} must change the id`).toBe(false);
      seen.add(id);
    }
  });
});

const sealed = (key: RoomKey, c: Charter, parties: Charter['parties'] = c.parties): SealedRoomKeys => {
  const bundle = sealForParties(key, parties, negotiationIdOf(c));
  if (!bundle.ok) throw new Error(bundle.error.message);
  return bundle.value;
};

describe('genesis', () => {
  it('is signed by the convenor and verifies with either ed25519 implementation', () => {
    const { charter, genesis } = negotiation();
    expect(verifyGenesis(genesis, scheme)).toEqual({ ok: true, value: negotiationIdOf(charter) });
    expect(verifyGenesis(genesis, nobleEd25519)).toEqual({ ok: true, value: negotiationIdOf(charter) });
  });

  it('cannot be signed by another party, nor open the room at an epoch other than 0', () => {
    const { charter, parties } = negotiation();
    expect(signGenesis(charter, parties[1]!.signer, createRoomKey())).toEqual({ ok: false, error: 'only the convenor signs the genesis' });
    expect(signGenesis(charter, parties[0]!.signer, createRoomKey(1))).toEqual({ ok: false, error: 'the genesis room key must be of epoch 0, not 1' });
  });

  it('seals the room key to every party, and the negotiation id does not depend on the key', () => {
    const { charter, genesis, parties } = negotiation({ n: 4 });
    expect(genesis.roomKeys).toMatchObject({ negotiation: negotiationIdOf(charter), epoch: 0 });
    expect(genesis.roomKeys.keys.map((k) => k.recipient)).toEqual(parties.map((p) => p.spec.id).sort());
    const again = signGenesis(charter, parties[0]!.signer, createRoomKey());
    if (!again.ok) throw new Error(again.error);
    expect(again.value.roomKeys.commitment).not.toEqual(genesis.roomKeys.commitment);
    expect(verifyGenesis(again.value, scheme)).toEqual({ ok: true, value: negotiationIdOf(charter) });
  });

  it('does not verify once the charter is changed, or with a forged signature', () => {
    const { genesis, parties, roomKey } = negotiation();
    const title = { ...genesis.charter, title: 'Another treaty' };
    // Changed alone, the keys no longer name the negotiation; re-sealed for it, the signature fails.
    expect(verifyGenesis({ ...genesis, charter: title }, scheme)).toEqual({ ok: false, error: 'room keys are sealed for another negotiation' });
    const resealed = { ...genesis, charter: title, roomKeys: sealed(roomKey, title) };
    expect(verifyGenesis(resealed, scheme)).toEqual({ ok: false, error: "genesis signature is not the convenor's" });
    const forged = signGenesis({ ...genesis.charter, convenor: parties[1]!.spec.id }, parties[1]!.signer, roomKey);
    if (!forged.ok) throw new Error(forged.error);
    // A signature by party 1 over the real charter (convenor: party 0) is not the convenor's.
    const swapped = { charter: genesis.charter, roomKeys: genesis.roomKeys, signature: forged.value.signature };
    expect(verifyGenesis(swapped, scheme)).toEqual({ ok: false, error: "genesis signature is not the convenor's" });
    expect(verifyGenesis({ ...genesis, signature: new Uint8Array(10) }, scheme)).toEqual({ ok: false, error: 'genesis signature must be 64 bytes' });
  });

  it("the convenor's signature covers the room keys: a bundle sealed by anyone else is refused", () => {
    const { genesis, roomKey } = negotiation();
    // Anyone can seal a key of their own to the parties' public keys: only the signature stops it.
    const swapped = { ...genesis, roomKeys: sealed(createRoomKey(), genesis.charter) };
    expect(verifyGenesis(swapped, scheme)).toEqual({ ok: false, error: "genesis signature is not the convenor's" });
    // Even the same key, sealed again (fresh ephemeral keys): the signature names these very bytes.
    const again = { ...genesis, roomKeys: sealed(roomKey, genesis.charter) };
    expect(verifyGenesis(again, scheme)).toEqual({ ok: false, error: "genesis signature is not the convenor's" });
  });

  it('refuses room keys not sealed to exactly the charter parties at epoch 0 under one commitment', () => {
    const { genesis } = negotiation({ n: 3 });
    const c = genesis.charter;
    const outsider = delegation(55).spec;
    const keys = genesis.roomKeys.keys;
    const cases: [string, SealedRoomKeys, string][] = [
      ['a party left out', sealed(createRoomKey(), c, c.parties.slice(1)), 'room keys are not sealed to exactly the parties of the charter'],
      ['an outsider added', sealed(createRoomKey(), c, [...c.parties, outsider]), 'room keys are not sealed to exactly the parties of the charter'],
      ['an outsider instead of a party', sealed(createRoomKey(), c, [...c.parties.slice(1), outsider]), 'room keys are not sealed to exactly the parties of the charter'],
      ['epoch 1', sealed(createRoomKey(1), c), 'room keys are of epoch 1, not 0'],
      ['two commitments', { ...genesis.roomKeys, keys: keys.map((k, i) => (i === 1 ? { ...k, commitment: new Uint8Array(32).fill(1) } : k)) }, `sealed key for ${keys[1]!.recipient}: commitment differs from the bundle's`],
      ['an entry of another epoch', { ...genesis.roomKeys, keys: keys.map((k, i) => (i === 2 ? { ...k, epoch: 3 } : k)) }, `sealed key for ${keys[2]!.recipient}: epoch 3, not the bundle's 0`],
      ['a duplicated recipient', { ...genesis.roomKeys, keys: [keys[0]!, keys[0]!, keys[2]!] }, 'sealed keys: recipients not strictly ascending'],
      ['no keys', { ...genesis.roomKeys, keys: [] }, `sealed keys: 1 to ${MAX_SEALED_KEYS} recipients`],
      ['a short ciphertext', { ...genesis.roomKeys, keys: keys.map((k, i) => (i === 0 ? { ...k, ciphertext: k.ciphertext.subarray(1) } : k)) }, `sealed key for ${keys[0]!.recipient}: ciphertext must be 48 bytes`],
      ['none at all', undefined as never, 'sealed keys are missing'],
    ];
    for (const [what, roomKeys, error] of cases) expect(verifyGenesis({ ...genesis, roomKeys }, scheme), what).toEqual({ ok: false, error });
  });

  it('bounds sealed-key bundles by the most parties a charter may name', () => {
    expect(MAX_SEALED_KEYS).toBe(MAX_PARTIES);
  });

  it('rejects an invalid charter, naming the problem', () => {
    const { genesis } = negotiation();
    const result = verifyGenesis({ ...genesis, charter: { ...genesis.charter, convenor: '0'.repeat(32) as PartyId } }, scheme);
    expect(result).toEqual({ ok: false, error: 'charter: the convenor must be one of the parties' });
  });

  it('the encoding starts with its domain tag and the id is a tagged hash of it', () => {
    const bytes = encodeCharter(base());
    expect(new TextDecoder().decode(bytes.subarray(0, 19))).toBe('plenary/charter/v1\0');
    expect(negotiationIdOf(base())).toBe(toHex(taggedHash('plenary/negotiation/v1', bytes)));
  });
});

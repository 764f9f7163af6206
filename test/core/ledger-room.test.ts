/**
 * Room keys travel on the ledger: the genesis opens epoch 0 for the charter's parties, an admission
 * hands the newcomer the current key, a removal rotates to a new epoch sealed to those who remain.
 * Each test names what it would catch: a forged key accepted, a removed party still reading, a
 * newcomer left without the key, a tampered chain that verifies.
 */
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { genesisMessage, negotiationIdOf, verifyGenesis, type GenesisBlock } from '../../src/core/charter.js';
import { DecodeError } from '../../src/core/bytes.js';
import type { PartyId } from '../../src/core/identity.js';
import { admitBody, removeBody, type BlockBody } from '../../src/core/ledger/body.js';
import { assembleBlock, decodeBlock, encodeBlock, type Block } from '../../src/core/ledger/block.js';
import { verifyChain } from '../../src/core/ledger/chain.js';
import { headerHashOf, type Header } from '../../src/core/ledger/header.js';
import { addRoomKeysFrom, keyringFor } from '../../src/core/ledger/keyring.js';
import type { Ledger } from '../../src/core/ledger/ledger.js';
import { signVote } from '../../src/core/ledger/vote.js';
import { RoomKeyring, createRoomKey, nextRoomKey, openPayload, roomKeyCommitment, sealForParties, sealPayload, type RoomKey, type SealedRoomKeys } from '../../src/core/room/index.js';
import {
  admission,
  allRules,
  consensus,
  currentRoomKey,
  delegation,
  delegationOf,
  headerFor,
  negotiation,
  openLedger,
  removal,
  scheme,
  textBody,
  type Delegation,
} from '../support/ledger-fixtures.js';
import { createRng } from '../support/rng.js';

const ROOM_RUNS = Number(process.env.ROOM_RUNS ?? 12);

/** The next block with `body`, signed by every member (the rules are consensus). */
function finalBlock(ledger: Ledger, body: BlockBody, proposer?: Delegation): Block {
  const header = headerFor(ledger, body, 0, proposer);
  const hash = headerHashOf(header);
  const votes = ledger.members().ids().map((id) => signVote(delegationOf(id).signer, header.negotiation, header.height, 0, hash));
  return assembleBlock(header, body, votes, []);
}

function decide(ledger: Ledger, body: BlockBody, proposer?: Delegation): Block {
  const block = finalBlock(ledger, body, proposer);
  const appended = ledger.receiveBlock(block);
  if (!appended.ok) throw new Error(appended.error.reason);
  return block;
}

const unwrap = <T, E>(r: { ok: true; value: T } | { ok: false; error: E }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};
const sealed = (key: RoomKey, to: readonly Delegation[], ledger: Ledger): SealedRoomKeys => unwrap(sealForParties(key, to.map((d) => d.spec), ledger.negotiation));
const keyringOf = (ledger: Ledger, d: Delegation, blocks = ledger.blocks()): RoomKeyring => unwrap(keyringFor(ledger.genesis, blocks, d.opener));

/** The same refusal from a proposal and from a final block carrying every member's vote. */
function expectRefused(ledger: Ledger, body: BlockBody, reason: string, what: string): void {
  let header: Header;
  try {
    header = headerFor(ledger, body);
  } catch (e) {
    // A bundle whose entries disagree with it has no encoding, so no body hash: any header will do.
    expect(e, what).toBeInstanceOf(RangeError);
    header = headerFor(ledger, textBody('any'));
  }
  const proposed = ledger.propose({ ...header, kind: body.kind }, body);
  expect(proposed, `${what} (proposal)`).toMatchObject({ ok: false, error: { code: 'invalid', reason: `body: ${reason}` } });
  const hash = headerHashOf({ ...header, kind: body.kind });
  const votes = ledger.members().ids().map((id) => signVote(delegationOf(id).signer, ledger.negotiation, header.height, 0, hash));
  const received = ledger.receiveBlock(assembleBlock({ ...header, kind: body.kind }, body, votes, []));
  // A bundle that is not even well-formed fails the block's shape check, before the proposal's (no "body: ").
  expect(received, `${what} (final block)`).toMatchObject({ ok: false, error: { code: 'invalid' } });
  if (!received.ok) expect([reason, `body: ${reason}`], `${what} (final block)`).toContain(received.error.reason);
}

describe('the genesis opens the room', () => {
  it("every charter party opens the epoch-0 key; an outsider's keyring is empty", () => {
    const n = negotiation({ n: 4 });
    const ledger = openLedger(n);
    expect(ledger.room()).toEqual({ epoch: 0, commitment: n.genesis.roomKeys.commitment });
    for (const p of n.parties) {
      const keyring = keyringOf(ledger, p);
      expect(keyring.epochs()).toEqual([0]);
      expect(keyring.current?.key).toEqual(n.roomKey.key);
    }
    expect(keyringOf(ledger, delegation(77)).epochs()).toEqual([]);
  });

  it('a convenor who seals one party a different key passes verification, but that party finds out (height 0)', () => {
    const n = negotiation({ n: 3 });
    const neg = negotiationIdOf(n.charter);
    const honest = n.genesis.roomKeys;
    const [victim] = honest.keys;
    const other = unwrap(sealForParties(createRoomKey(), [delegationOf(victim!.recipient).spec], neg)).keys[0]!;
    // The other key's entry under the public commitment of the real key: the bundle still has one commitment.
    const roomKeys: SealedRoomKeys = { ...honest, keys: honest.keys.map((k, i) => (i === 0 ? { ...other, commitment: honest.commitment } : k)) };
    const genesis: GenesisBlock = { ...n.genesis, roomKeys, signature: n.parties[0]!.signer.sign(genesisMessage(neg, roomKeys)) };
    expect(verifyGenesis(genesis, scheme).ok).toBe(true);
    expect(keyringFor(genesis, [], delegationOf(victim!.recipient).opener)).toMatchObject({ ok: false, error: { height: 0, reason: 'authentication-failed' } });
    for (const k of honest.keys.slice(1)) expect(unwrap(keyringFor(genesis, [], delegationOf(k.recipient).opener)).current?.key).toEqual(n.roomKey.key);
  });
});

describe('admission hands the newcomer the current key', () => {
  const n = negotiation({ n: 3, rules: allRules(consensus), first: 500 });
  const [a, b, c] = n.parties as [Delegation, Delegation, Delegation];
  const newcomer = delegation(510, 2, 'Republic of Five Hundred Ten');

  it("the newcomer's keyring opens the current epoch, and the room does not rotate", () => {
    const ledger = openLedger(n);
    decide(ledger, admission(ledger, newcomer.spec, b), b);
    expect(ledger.room()).toEqual({ epoch: 0, commitment: n.genesis.roomKeys.commitment });
    const keyring = unwrap(ledger.keyring(newcomer.opener));
    expect(keyring.epochs()).toEqual([0]);
    expect(keyring.current?.key).toEqual(n.roomKey.key);
    // What a party wrote before the admission, the newcomer reads: it receives the whole record anyway.
    const payload = sealPayload(n.roomKey, { negotiation: ledger.negotiation, topic: 'plenary/draft', plaintext: utf8('Article 1') });
    expect(openPayload(keyring, { negotiation: ledger.negotiation, topic: 'plenary/draft', bytes: payload }).ok).toBe(true);
  });

  it('admitted after a rotation, the newcomer holds the new epoch only', () => {
    const ledger = openLedger(n);
    decide(ledger, removal(ledger, c.spec.id));
    decide(ledger, admission(ledger, newcomer.spec));
    expect(unwrap(ledger.keyring(newcomer.opener)).epochs()).toEqual([1]);
    expect(currentRoomKey(ledger, newcomer).key).toEqual(currentRoomKey(ledger, a).key);
  });

  it('refuses a forged admission whose sealed key is not the current one, saying why', () => {
    const ledger = openLedger(n);
    const current = currentRoomKey(ledger);
    const good = admission(ledger, newcomer.spec) as Extract<BlockBody, { kind: 'admit' }>;
    const forged = (roomKey: SealedRoomKeys): BlockBody => ({ ...good, roomKey });
    const otherNegotiation = negotiation({ n: 3, first: 500, title: 'Another treaty' });
    const cases: [string, BlockBody, string][] = [
      // A key only the forger knows: the newcomer would write where no party can read, or be read by the forger alone.
      ['another key', forged(sealed(createRoomKey(), [newcomer], ledger)), 'room key commitment is not the commitment of epoch 0'],
      ['a key of another epoch', forged(sealed(nextRoomKey(current), [newcomer], ledger)), 'room key is of epoch 1, not the current epoch 0'],
      ['the key sealed to someone else', forged(sealed(current, [a], ledger)), 'room key must be sealed to the admitted party alone'],
      ['the key sealed to the newcomer and another', forged(sealed(current, [newcomer, delegation(511)], ledger)), 'room key must be sealed to the admitted party alone'],
      ['the key sealed for another negotiation', forged(unwrap(sealForParties(current, [newcomer.spec], negotiationIdOf(otherNegotiation.charter)))), 'room key is sealed for another negotiation'],
      ['a bundle whose entry names another commitment', forged({ ...good.roomKey, keys: [{ ...good.roomKey.keys[0]!, commitment: new Uint8Array(32) }] }), "room key: sealed key for " + newcomer.spec.id + ": commitment differs from the bundle's"],
    ];
    for (const [what, body, reason] of cases) expectRefused(ledger, body, reason, what);
    expect(ledger.receiveBlock(finalBlock(ledger, good)).ok).toBe(true);
  });

  it('the builder refuses a newcomer whose key cannot be sealed to', () => {
    const ledger = openLedger(n);
    const spec = { ...newcomer.spec, publicKey: new Uint8Array(32) }; // id no longer derives from the key
    expect(admitBody(spec, currentRoomKey(ledger), ledger.negotiation)).toMatchObject({ ok: false, error: expect.stringMatching(/^room key: .*party id does not match the public key/) });
  });
});

describe('removal rotates the room', () => {
  const n = negotiation({ n: 4, rules: allRules(consensus), first: 520 });
  const [a, b, c, d] = n.parties as [Delegation, Delegation, Delegation, Delegation];

  it("after a removal the others hold the new epoch and the removed party's keyring lacks it", () => {
    const ledger = openLedger(n);
    decide(ledger, textBody('Article 1. Before the removal.'));
    const block = decide(ledger, removal(ledger, d.spec.id, 'withdrew', b), b);
    const rotation = (block.body as Extract<BlockBody, { kind: 'remove' }>).rotation;
    expect(ledger.room()).toEqual({ epoch: 1, commitment: rotation.commitment });
    decide(ledger, textBody('Article 1. After the removal.'));
    for (const p of [a, b, c]) {
      const keyring = keyringOf(ledger, p);
      expect(keyring.epochs()).toEqual([0, 1]);
      expect(roomKeyCommitment(ledger.negotiation, keyring.current!)).toEqual(ledger.room().commitment);
    }
    // The removed party, from the chain it holds up to its removal or from the whole chain.
    const upToRemoval = keyringOf(ledger, d, ledger.blocks().slice(0, block.header.height - 1));
    const whole = keyringOf(ledger, d);
    for (const keyring of [upToRemoval, whole]) expect(keyring.epochs()).toEqual([0]);
    // So it reads nothing written after its removal, and what it writes under epoch 0 is stale.
    const topic = 'plenary/draft';
    const after = sealPayload(keyringOf(ledger, a).current!, { negotiation: ledger.negotiation, topic, plaintext: utf8('Article 2') });
    expect(openPayload(whole, { negotiation: ledger.negotiation, topic, bytes: after })).toMatchObject({ ok: false, error: { reason: 'unknown-epoch', epoch: 1 } });
    expect(openPayload(keyringOf(ledger, c), { negotiation: ledger.negotiation, topic, bytes: after }).ok).toBe(true);
    const byRemoved = sealPayload(whole.current!, { negotiation: ledger.negotiation, topic, plaintext: utf8('forged') });
    expect(openPayload(keyringOf(ledger, c), { negotiation: ledger.negotiation, topic, bytes: byRemoved, minEpoch: ledger.room().epoch })).toMatchObject({ ok: false, error: { reason: 'stale-epoch' } });
  });

  it('refuses a removal without a correct rotation, saying why', () => {
    const ledger = openLedger(n);
    const current = currentRoomKey(ledger);
    const next = nextRoomKey(current);
    const good = removal(ledger, d.spec.id) as Extract<BlockBody, { kind: 'remove' }>;
    const forged = (rotation: SealedRoomKeys): BlockBody => ({ ...good, rotation });
    const cases: [string, BlockBody, string][] = [
      ['no new epoch: the current key again', forged(sealed(current, [a, b, c], ledger)), 'rotation is to epoch 0, not the next epoch 1'],
      ['an epoch skipped', forged(sealed(nextRoomKey(next), [a, b, c], ledger)), 'rotation is to epoch 2, not the next epoch 1'],
      ['the removed party keeps the new key', forged(sealed(next, [a, b, c, d], ledger)), 'rotation is not sealed to exactly the remaining parties'],
      ['a remaining party left out', forged(sealed(next, [a, b], ledger)), 'rotation is not sealed to exactly the remaining parties'],
      ['an outsider given the new key', forged(sealed(next, [a, b, c, delegation(529)], ledger)), 'rotation is not sealed to exactly the remaining parties'],
      ['the current commitment kept', forged({ ...good.rotation, commitment: ledger.room().commitment, keys: good.rotation.keys.map((k) => ({ ...k, commitment: ledger.room().commitment })) }), 'rotation repeats the current commitment'],
      ['sealed for another negotiation', forged(unwrap(sealForParties(next, [a, b, c].map((p) => p.spec), negotiationIdOf(negotiation({ n: 4, first: 520, title: 'Other' }).charter)))), 'rotation is sealed for another negotiation'],
      ['an entry of another epoch', forged({ ...good.rotation, keys: good.rotation.keys.map((k, i) => (i === 1 ? { ...k, epoch: 0 } : k)) }), `rotation: sealed key for ${good.rotation.keys[1]!.recipient}: epoch 0, not the bundle's 1`],
    ];
    for (const [what, body, reason] of cases) expectRefused(ledger, body, reason, what);
    expect(ledger.receiveBlock(finalBlock(ledger, good)).ok).toBe(true);
    expect(ledger.room().epoch).toBe(1);
  });

  it('the builder refuses to seal the next key to the removed party', () => {
    const ledger = openLedger(n);
    const next = nextRoomKey(currentRoomKey(ledger));
    expect(removeBody(d.spec.id, '', next, ledger.members().list(), ledger.negotiation)).toEqual({ ok: false, error: 'the removed party cannot receive the next room key' });
  });
});

describe('a chain with admissions and removals', () => {
  const n = negotiation({ n: 3, rules: allRules(consensus), first: 540 });
  const [a, b, c] = n.parties as [Delegation, Delegation, Delegation];
  const [x, y] = [delegation(550), delegation(551)];
  const ledger = openLedger(n);
  decide(ledger, admission(ledger, x.spec)); // 1: epoch 0
  decide(ledger, textBody('v1')); // 2
  decide(ledger, removal(ledger, b.spec.id), x); // 3: epoch 1
  decide(ledger, admission(ledger, y.spec, c), c); // 4: epoch 1
  decide(ledger, removal(ledger, a.spec.id, 'withdrew', y), y); // 5: epoch 2
  decide(ledger, admission(ledger, b.spec, x), x); // 6: b comes back at epoch 2
  decide(ledger, textBody('v2')); // 7
  const chain = ledger.blocks();

  it('verifies, ends in the room the ledger holds, and each party holds the epochs it was a party in', () => {
    expect(verifyChain(n.genesis, chain, scheme)).toMatchObject({ ok: true, value: { tip: { height: 7 }, room: ledger.room() } });
    const held: [Delegation, number[]][] = [[a, [0, 1]], [b, [0, 2]], [c, [0, 1, 2]], [x, [0, 1, 2]], [y, [1, 2]]];
    for (const [p, epochs] of held) expect(keyringOf(ledger, p).epochs(), p.spec.name).toEqual(epochs);
    // A replica rebuilt from the chain agrees, and after each block, adding its keys incrementally matches.
    const replica = openLedger(n);
    const everyone = [a, b, c, x, y];
    const incremental = new Map(everyone.map((p) => [p.spec.id, unwrap(keyringFor(n.genesis, [], p.opener))]));
    for (const block of chain) {
      expect(replica.receiveBlock(decodeBlock(encodeBlock(block))).ok).toBe(true);
      for (const p of everyone) unwrap(addRoomKeysFrom(incremental.get(p.spec.id)!, block, p.opener, replica.negotiation));
    }
    expect(replica.room()).toEqual(ledger.room());
    for (const p of everyone) expect(incremental.get(p.spec.id)!.epochs(), p.spec.name).toEqual(keyringOf(ledger, p).epochs());
  });

  it('fails for every single-bit flip of an admission or removal block (seed 0x700e)', () => {
    const rng = createRng(0x700e);
    let checked = 0;
    for (const height of [1, 3, 4, 5, 6]) {
      // A replica holding the chain below `height` applies checkBlock, as verifyChain does at that height.
      const replica = openLedger(n);
      for (const block of chain.slice(0, height - 1)) unwrap(replica.receiveBlock(block));
      const bytes = encodeBlock(chain[height - 1]!);
      for (let i = 0; i < bytes.length; i++) {
        const flipped = bytes.slice();
        flipped[i] = flipped[i]! ^ (1 << rng.int(8));
        let tampered: Block;
        try {
          tampered = decodeBlock(flipped);
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
          continue;
        }
        if (replica.receiveBlock(tampered).ok) expect.fail(`seed 0x700e: flipping a bit of byte ${i} of block ${height} gave an accepted block`);
        if (i % 16 === 0) {
          const result = verifyChain(n.genesis, chain.map((blk, j) => (j === height - 1 ? tampered : blk)), scheme);
          expect(result.ok ? 'verifies' : result.error.height, `seed 0x700e: byte ${i} of block ${height}`).toBe(height);
        }
        checked++;
      }
      expect(replica.height).toBe(height - 1);
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('fails when a sealed bundle is swapped for another one, even re-signed by every member of the time', () => {
    // Block 3 re-made with the rotation also sealed to b, the party it removes: every vote valid, the body refused.
    const before = openLedger(n);
    for (const block of chain.slice(0, 2)) unwrap(before.receiveBlock(block));
    const original = chain[2]!.body as Extract<BlockBody, { kind: 'remove' }>;
    const leaky = { ...original, rotation: sealed(nextRoomKey(currentRoomKey(before)), [a, b, c, x], before) };
    const result = verifyChain(n.genesis, [...chain.slice(0, 2), finalBlock(before, leaky, x), ...chain.slice(3)], scheme);
    expect(result).toEqual({ ok: false, error: { height: 3, reason: 'body: rotation is not sealed to exactly the remaining parties' } });
    // The genesis bundle swapped: height 0.
    const swapped = { ...n.genesis, roomKeys: unwrap(sealForParties(createRoomKey(), n.charter.parties, ledger.negotiation)) };
    expect(verifyChain(swapped, chain, scheme)).toEqual({ ok: false, error: { height: 0, reason: "genesis signature is not the convenor's" } });
  });
});

describe('keyrings follow membership through random admissions and removals', () => {
  it(`each party holds exactly the epochs during which it was a party (seeds 1..${ROOM_RUNS}, ROOM_RUNS for more)`, () => {
    for (let seed = 1; seed <= ROOM_RUNS; seed++) {
      const rng = createRng(seed);
      const n = negotiation({ n: 2 + rng.int(3), rules: allRules(consensus), first: 600 + seed * 20 });
      const pool = Array.from({ length: 6 }, (_, i) => delegation(600 + seed * 20 + i));
      const ledger = openLedger(n);
      const model = new Map<PartyId, Set<number>>(n.parties.map((p) => [p.spec.id, new Set([0])]));
      for (let step = 0; step < 8; step++) {
        const members = ledger.members().ids();
        const outsiders = pool.filter((p) => !ledger.members().has(p.spec.id));
        const proposer = delegationOf(rng.pick(members));
        if (outsiders.length > 0 && (members.length === 1 || rng.chance(0.5))) {
          const newcomer = rng.pick(outsiders);
          decide(ledger, admission(ledger, newcomer.spec, proposer), proposer);
          if (!model.has(newcomer.spec.id)) model.set(newcomer.spec.id, new Set());
          model.get(newcomer.spec.id)!.add(ledger.room().epoch);
        } else {
          const leaving = rng.pick(members);
          const by = delegationOf(rng.pick(members.filter((m) => m !== leaving)));
          decide(ledger, removal(ledger, leaving, 'rotation test', by), by);
          for (const m of ledger.members().ids()) model.get(m)!.add(ledger.room().epoch);
        }
      }
      const where = `seed ${seed}`;
      expect(verifyChain(n.genesis, ledger.blocks(), scheme).ok, where).toBe(true);
      for (const p of pool) {
        const keyring = keyringOf(ledger, p);
        expect(keyring.epochs(), `${where}: ${p.spec.id}`).toEqual([...(model.get(p.spec.id) ?? [])].sort((u, v) => u - v));
        if (ledger.members().has(p.spec.id)) {
          expect(roomKeyCommitment(ledger.negotiation, keyring.current!), `${where}: ${p.spec.id} current`).toEqual(ledger.room().commitment);
        } else {
          expect(keyring.has(ledger.room().epoch), `${where}: ${p.spec.id} is not a party, yet holds the current key`).toBe(false);
        }
      }
    }
  });
});

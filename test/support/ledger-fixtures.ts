/**
 * Fixtures for charter and ledger tests: deterministic delegations (keys from seeds), charters,
 * genesis blocks (with a fresh epoch-0 room key) and proposals, admissions and removals sealing
 * room keys as a proposing member's node would. Native ed25519 for speed; signatures equal @noble's.
 */
import { signGenesis, type Charter, type GenesisBlock, type PartySpec } from '../../src/core/charter.js';
import { createSigner, keyPairFromSeed, partyIdOf, type PartyId, type Signer } from '../../src/core/identity.js';
import type { CharterRules, DecisionRule } from '../../src/core/rules.js';
import { adoptBody, admitBody, bodyHashOf, removeBody, type BlockBody } from '../../src/core/ledger/body.js';
import type { Header } from '../../src/core/ledger/header.js';
import type { RoomOpener } from '../../src/core/ledger/keyring.js';
import { Ledger } from '../../src/core/ledger/ledger.js';
import { createRoomKey, nextRoomKey, type RoomKey } from '../../src/core/room/room-key.js';
import { createNativeEd25519 } from '../../src/node/native-ed25519.js';

export const scheme = createNativeEd25519();

export interface Delegation {
  readonly signer: Signer;
  readonly spec: PartySpec;
  /** What it opens its sealed room keys with. */
  readonly opener: RoomOpener;
}

const delegations = new Map<string, Delegation>();
const byId = new Map<PartyId, Delegation>();

/** Delegation number `i` (any integer), always the same key; `weight` and `name` as given. */
export function delegation(i: number, weight = 1, name = `Delegation ${i}`): Delegation {
  const key = `${i}/${weight}/${name}`;
  let d = delegations.get(key);
  if (!d) {
    const seed = new Uint8Array(32);
    new DataView(seed.buffer).setUint32(0, i);
    seed[31] = 0x5e;
    const keys = keyPairFromSeed(seed, scheme);
    const signer = createSigner(keys, scheme);
    const id = partyIdOf(keys.publicKey);
    d = { signer, spec: { id, name, publicKey: keys.publicKey, weight }, opener: { secretKey: keys.secretKey, party: { id, publicKey: keys.publicKey } } };
    delegations.set(key, d);
    byId.set(id, d);
  }
  return d;
}

export const allRules = (rule: DecisionRule): CharterRules => ({ admit: rule, remove: rule, adopt: rule });
export const consensus: DecisionRule = { kind: 'consensus' };
export const qualified = (num: number, den: number): DecisionRule => ({ kind: 'qualified-majority', share: { num, den } });

export interface Negotiation {
  readonly charter: Charter;
  readonly genesis: GenesisBlock;
  readonly parties: readonly Delegation[];
  /** The epoch-0 room key the genesis seals to every party. */
  readonly roomKey: RoomKey;
}

/** A signed charter for delegations 0..n-1 (or the given weights), convened by delegation 0. */
export function negotiation(options: { weights?: readonly number[]; n?: number; rules?: CharterRules; title?: string; first?: number } = {}): Negotiation {
  const weights = options.weights ?? Array.from({ length: options.n ?? 3 }, () => 1);
  const first = options.first ?? 0;
  const parties = weights.map((w, i) => delegation(first + i, w));
  const charter: Charter = {
    title: options.title ?? 'Treaty on the Conservation of Migratory Species',
    createdAt: 1_700_000_000_000,
    convenor: parties[0]!.spec.id,
    parties: parties.map((p) => p.spec),
    rules: options.rules ?? allRules(consensus),
    nonce: Uint8Array.from({ length: 16 }, (_, i) => i + 1),
  };
  const roomKey = createRoomKey();
  const genesis = signGenesis(charter, parties[0]!.signer, roomKey);
  if (!genesis.ok) throw new Error(genesis.error);
  return { charter, genesis: genesis.value, parties, roomKey };
}

/** A replica of the ledger from `n`'s genesis (or the given genesis). */
export function openLedger(n: Negotiation | GenesisBlock): Ledger {
  const ledger = Ledger.fromGenesis('genesis' in n ? n.genesis : n, scheme);
  if (!ledger.ok) throw new Error(ledger.error);
  return ledger.value;
}

/** A fixture delegation by party id (any made by `delegation` so far). */
export function delegationOf(party: PartyId): Delegation {
  const d = byId.get(party);
  if (!d) throw new Error(`no fixture delegation for ${party}`);
  return d;
}

/** The key `member` (default: the first member) writes with now, opened from the chain as its node would. */
export function currentRoomKey(ledger: Ledger, member?: Delegation): RoomKey {
  const who = member ?? delegationOf(ledger.members().ids()[0]!);
  const keyring = ledger.keyring(who.opener);
  if (!keyring.ok) throw new Error(`keyring of ${who.spec.id}: ${keyring.error.message}`);
  const current = keyring.value.current;
  if (current?.epoch !== ledger.room().epoch) throw new Error(`${who.spec.id} holds no key for the current epoch ${ledger.room().epoch}`);
  return current;
}

/** An admission body for the ledger's next height: the current key sealed to the newcomer. */
export function admission(ledger: Ledger, newcomer: PartySpec, by?: Delegation): BlockBody {
  const body = admitBody(newcomer, currentRoomKey(ledger, by), ledger.negotiation);
  if (!body.ok) throw new Error(body.error);
  return body.value;
}

/** A removal body for the ledger's next height: a fresh key of the next epoch sealed to the others. */
export function removal(ledger: Ledger, party: PartyId, reason = 'withdrew from the negotiation', by?: Delegation): BlockBody {
  const remaining = ledger.members().list().filter((p) => p.id !== party);
  const body = removeBody(party, reason, nextRoomKey(currentRoomKey(ledger, by)), remaining, ledger.negotiation);
  if (!body.ok) throw new Error(body.error);
  return body.value;
}

export function textBody(text: string, label = 'Draft'): BlockBody {
  return adoptBody({ title: 'Treaty', text, yjsState: Uint8Array.of(1, 2, 3), label });
}

/** A header for `body` at the ledger's next height. */
export function headerFor(ledger: Ledger, body: BlockBody, round = 0, proposer?: Delegation, proposedAt = 1_700_000_100_000): Header {
  return {
    negotiation: ledger.negotiation,
    height: ledger.height + 1,
    round,
    prevHash: ledger.tip.hash,
    kind: body.kind,
    bodyHash: bodyHashOf(body),
    proposer: (proposer?.spec.id ?? ledger.members().ids()[0])!,
    proposedAt,
  };
}

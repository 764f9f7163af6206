/**
 * Fixtures for charter and ledger tests: deterministic delegations (keys from seeds), charters,
 * genesis blocks and proposals. Native ed25519 for speed; signatures equal @noble's.
 */
import { signGenesis, type Charter, type GenesisBlock, type PartySpec } from '../../src/core/charter.js';
import { createSigner, keyPairFromSeed, partyIdOf, type Signer } from '../../src/core/identity.js';
import type { CharterRules, DecisionRule } from '../../src/core/rules.js';
import { adoptBody, bodyHashOf, type BlockBody } from '../../src/core/ledger/body.js';
import type { Header } from '../../src/core/ledger/header.js';
import type { Ledger } from '../../src/core/ledger/ledger.js';
import { createNativeEd25519 } from '../../src/node/native-ed25519.js';

export const scheme = createNativeEd25519();

export interface Delegation {
  readonly signer: Signer;
  readonly spec: PartySpec;
}

const delegations = new Map<string, Delegation>();

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
    d = { signer, spec: { id: partyIdOf(keys.publicKey), name, publicKey: keys.publicKey, weight } };
    delegations.set(key, d);
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
  const genesis = signGenesis(charter, parties[0]!.signer);
  if (!genesis.ok) throw new Error(genesis.error);
  return { charter, genesis: genesis.value, parties };
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

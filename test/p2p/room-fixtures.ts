/**
 * Fixtures for the room tests: delegations with deterministic keys, a signed charter naming them,
 * and `startDelegate`, which builds what a node would (ledger, draft replica with a coalescing
 * author, keyring from the ledger, in-memory records) and joins the room over a given network.
 */
import * as Y from 'yjs';
import { toHex } from '../../src/core/bytes.js';
import { signGenesis, type Charter, type GenesisBlock, type PartySpec } from '../../src/core/charter.js';
import { DraftAuthor } from '../../src/core/draft/author.js';
import { renderCanonical, textHash } from '../../src/core/draft/canonical.js';
import { DraftReplica } from '../../src/core/draft/replica.js';
import { createSigner, keyPairFromSeed, partyIdOf, type PartyId, type Signer } from '../../src/core/identity.js';
import { adoptBody, type BlockBody } from '../../src/core/ledger/body.js';
import type { RoomOpener } from '../../src/core/ledger/keyring.js';
import { addRoomKeysFrom } from '../../src/core/ledger/keyring.js';
import { Ledger } from '../../src/core/ledger/ledger.js';
import { decodeBlock } from '../../src/core/ledger/block.js';
import type { RoomKeyring } from '../../src/core/room/keyring.js';
import { createRoomKey } from '../../src/core/room/room-key.js';
import type { CharterRules, DecisionRule } from '../../src/core/rules.js';
import { createNativeEd25519 } from '../../src/node/native-ed25519.js';
import { NegotiationRoom, type NegotiationRoomOptions } from '../../src/p2p/negotiation-room.js';
import type { PeerNetwork } from '../../src/p2p/network.js';
import type { RoomEvent } from '../../src/p2p/room/events.js';
import { MemoryRoomRecords } from '../../src/p2p/room/records.js';
import { Recorder } from '../support/wait.js';

export const scheme = createNativeEd25519();

export interface Party {
  readonly index: number;
  /** The ed25519 seed: the party's key and, as the node does, its network's peer key. */
  readonly seed: Uint8Array;
  readonly signer: Signer;
  readonly spec: PartySpec;
  readonly opener: RoomOpener;
}

export function party(index: number): Party {
  const seed = new Uint8Array(32);
  seed[0] = 0x70;
  seed[1] = index;
  const keys = keyPairFromSeed(seed, scheme);
  const id = partyIdOf(keys.publicKey);
  return {
    index,
    seed,
    signer: createSigner(keys, scheme),
    spec: { id, name: `Delegation ${index}`, publicKey: keys.publicKey, weight: 1 },
    opener: { secretKey: keys.secretKey, party: { id, publicKey: keys.publicKey } },
  };
}

export const consensus: DecisionRule = { kind: 'consensus' };
export const twoThirds: DecisionRule = { kind: 'qualified-majority', share: { num: 2, den: 3 } };
export const allRules = (rule: DecisionRule): CharterRules => ({ admit: rule, remove: rule, adopt: rule });

export interface RoomNegotiation {
  readonly genesis: GenesisBlock;
  readonly parties: readonly Party[];
}

/** A charter for parties 0..n-1 under `rule`, convened by party 0, with its epoch-0 room key sealed. */
export function roomNegotiation(n: number, rule: DecisionRule = twoThirds, title = 'Convention on Shared Waters'): RoomNegotiation {
  const parties = Array.from({ length: n }, (_, i) => party(i));
  const charter: Charter = {
    title,
    createdAt: 1_700_000_000_000,
    convenor: parties[0]!.spec.id,
    parties: parties.map((p) => p.spec),
    rules: allRules(rule),
    nonce: Uint8Array.from({ length: 16 }, (_, i) => i + n),
  };
  const genesis = signGenesis(charter, parties[0]!.signer, createRoomKey());
  if (!genesis.ok) throw new Error(genesis.error);
  return { genesis: genesis.value, parties };
}

/** What a node holds for one negotiation; survives a restart of the network and room. */
export interface Holdings {
  readonly party: Party;
  readonly ledger: Ledger;
  readonly draft: DraftReplica;
  readonly author: DraftAuthor;
  readonly keyring: RoomKeyring;
  readonly records: MemoryRoomRecords;
}

export function holdings(negotiation: RoomNegotiation, index: number, epoch = 1): Holdings {
  const p = negotiation.parties[index] ?? party(index);
  const ledger = Ledger.fromGenesis(negotiation.genesis, scheme);
  if (!ledger.ok) throw new Error(ledger.error);
  const draft = new DraftReplica(ledger.value.negotiation, { publicKeyOf: (id: PartyId) => ledger.value.members().publicKeyOf(id) }, { scheme });
  const author = DraftAuthor.attach(draft, p.signer, epoch, { coalesce: true });
  if (!author.ok) throw new Error(author.error);
  const keyring = ledger.value.keyring(p.opener);
  if (!keyring.ok) throw new Error(keyring.error.message);
  return { party: p, ledger: ledger.value, draft, author: author.value, keyring: keyring.value, records: new MemoryRoomRecords() };
}

/**
 * What a restarted node holds: the ledger and draft rebuilt from `records` alone (as the node
 * reopens from its store), and a fresh epoch for its author.
 */
export async function reopen(negotiation: RoomNegotiation, index: number, records: MemoryRoomRecords, epoch: number): Promise<Holdings> {
  const fresh = holdings(negotiation, index, epoch);
  for (const stored of await records.blocks(1, 1_000)) {
    const appended = fresh.ledger.receiveBlock(decodeBlock(stored.bytes));
    if (!appended.ok) throw new Error(appended.error.reason);
    fresh.records.onBlock(fresh.ledger.blocks().at(-1)!);
  }
  fresh.author.detach();
  const draft = new DraftReplica(fresh.ledger.negotiation, { publicKeyOf: (id: PartyId) => fresh.ledger.members().publicKeyOf(id) }, { scheme });
  for (let progressed = true; progressed; ) {
    progressed = false;
    for (const author of records.authors()) {
      for (const stored of await records.envelopes(author, draft.frontierOf(author) + 1, 1_000)) {
        const outcome = draft.acceptEnvelope(stored.bytes);
        if (outcome.kind === 'applied') {
          progressed = true;
          fresh.records.onEnvelopes(outcome.settled.map((s) => s.envelope));
        }
      }
    }
  }
  const author = DraftAuthor.attach(draft, fresh.party.signer, epoch, { coalesce: true });
  if (!author.ok) throw new Error(author.error);
  return { ...fresh, draft, author: author.value };
}

export type RoomTuning = Partial<Omit<NegotiationRoomOptions, 'network' | 'ledger' | 'draft' | 'author' | 'signer' | 'scheme' | 'keyring' | 'records' | 'sink'>>;

export interface Delegate extends Holdings {
  readonly network: PeerNetwork;
  readonly room: NegotiationRoom;
  readonly events: Recorder<RoomEvent>;
  /** Listener exceptions and 'error' events: a test expects none. */
  readonly errors: unknown[];
}

/** Joins the room with `held` over `network`, as the node would (keys added as blocks become final). */
export function joinRoom(held: Holdings, network: PeerNetwork, tuning: RoomTuning = {}): Delegate {
  const errors: unknown[] = [];
  const room = NegotiationRoom.join({
    network,
    ledger: held.ledger,
    draft: held.draft,
    author: held.author,
    signer: held.party.signer,
    scheme,
    keyring: held.keyring,
    minEpoch: () => held.keyring.current?.epoch ?? 0,
    records: held.records,
    sink: held.records,
    antiEntropyMs: 300,
    behindDelayMs: 50,
    onListenerError: (error) => errors.push(error),
    ...tuning,
  });
  const events = new Recorder<RoomEvent>();
  room.on('*', events.push);
  room.on('error', (event) => errors.push(event.message));
  room.on('block-final', ({ block }) => {
    const added = addRoomKeysFrom(held.keyring, block, held.party.opener, held.ledger.negotiation);
    if (!added.ok) throw new Error(added.error.message);
  });
  return { ...held, network, room, events, errors };
}

/** The hash of the canonical rendering: equal on two replicas iff they hold the same text. */
export function canonicalHash(draft: DraftReplica): string {
  return toHex(textHash(renderCanonical(draft.doc)));
}

export function frontierKey(draft: DraftReplica): string {
  return [...draft.frontier()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([a, s]) => `${a}:${s}`).join(',');
}

/** All replicas hold the same envelopes and the same text. */
export function converged(delegates: readonly { draft: DraftReplica }[]): boolean {
  const [first, ...rest] = delegates;
  if (first === undefined) return true;
  const hash = canonicalHash(first.draft);
  const frontier = frontierKey(first.draft);
  return rest.every((d) => canonicalHash(d.draft) === hash && frontierKey(d.draft) === frontier);
}

export function adoption(draft: DraftReplica, label: string): BlockBody {
  return adoptBody({ title: 'Convention on Shared Waters', text: renderCanonical(draft.doc), yjsState: Y.encodeStateAsUpdate(draft.doc), label });
}

/** An adopt body for a given text (no document behind it). */
export function textBodyOf(text: string, label = 'Draft'): BlockBody {
  return adoptBody({ title: 'Convention on Shared Waters', text, yjsState: Uint8Array.of(0, 0), label });
}

export function tipHash(ledger: Ledger): string {
  return toHex(ledger.tip.hash);
}

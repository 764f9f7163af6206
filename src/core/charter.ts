/**
 * The charter: the genesis of a negotiation. It names the parties, their keys and weights, and
 * the rule for each collective decision. Its canonical encoding, hashed, is the negotiation id.
 * The genesis block (height 0) is the charter, the epoch-0 room key sealed to every party, and the
 * convenor's signature over both (the negotiation id and the hash of the sealed bundle).
 */
import { DecodeError, Reader, Writer, decodeWith, domain, isBytes, toHex } from './bytes.js';
import { HASH_BYTES, taggedHash } from './hash.js';
import {
  NEGOTIATION_ID_BYTES,
  PARTY_ID_BYTES,
  PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
  isPartyId,
  negotiationIdFromBytes,
  negotiationIdToBytes,
  partyIdFromBytes,
  partyIdOf,
  partyIdToBytes,
  type NegotiationId,
  type PartyId,
  type SignatureScheme,
  type Signer,
} from './identity.js';
import { err, ok, type Result } from './result.js';
import { checkSealedKeysShape, encodeSealedKeys, isSealedToExactly, readSealedKeys, sealForParties, writeSealedKeys, type SealedRoomKeys } from './room/sealed-keys.js';
import type { RoomKey } from './room/room-key.js';
import { DECISION_KINDS, validateRule, type CharterRules, type DecisionRule, type Fraction } from './rules.js';
import { readEntryIntoForceRule, validateEntryIntoForceRule, writeEntryIntoForceRule, type EntryIntoForceRule } from './acts/rule.js';

export const MAX_PARTIES = 1000;
export const MAX_TITLE_CHARS = 500;
export const MAX_NAME_CHARS = 200;
export const MAX_WEIGHT = 0xffffffff;
export const NONCE_BYTES = 16;
// UTF-8 needs at most 4 bytes per code point: the byte caps decoders enforce.
const MAX_TITLE_BYTES = MAX_TITLE_CHARS * 4;
const MAX_NAME_BYTES = MAX_NAME_CHARS * 4;

const CHARTER_DOMAIN = domain('plenary/charter/v1');
/**
 * v2: v1 followed by the entry-into-force rule. A charter without a rule is still written as v1,
 * byte for byte, so every existing genesis and negotiation id stays what it was; the genesis
 * layout is unchanged (it embeds the charter, which names its own version).
 */
const CHARTER_V2_DOMAIN = domain('plenary/charter/v2');
/** v2: the genesis carries the epoch-0 room keys (v1 was the charter and a signature alone). */
const GENESIS_DOMAIN = domain('plenary/genesis/v2');
const GENESIS_SIGNED_DOMAIN = domain('plenary/genesis-signed/v2');

export interface PartySpec {
  readonly id: PartyId;
  readonly name: string;
  readonly publicKey: Uint8Array;
  /** A positive integer: votes, population, contribution... whatever the charter agrees. */
  readonly weight: number;
}

export interface Charter {
  readonly title: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly convenor: PartyId;
  readonly parties: readonly PartySpec[];
  readonly rules: CharterRules;
  /** 16 random bytes, so two charters with the same content name different negotiations. */
  readonly nonce: Uint8Array;
  /** When an adopted text enters into force; absent: every negotiating party's consent, no delay (VCLT 24(2)). */
  readonly entryIntoForce?: EntryIntoForceRule;
}

export interface GenesisBlock {
  readonly charter: Charter;
  /** The epoch-0 room key sealed to every party of the charter (one bundle, one commitment). */
  readonly roomKeys: SealedRoomKeys;
  /** The convenor's signature over the negotiation id and the hash of the encoded `roomKeys`. */
  readonly signature: Uint8Array;
}

const codePoints = (s: string): number => [...s].length;

function checkText(value: unknown, what: string, maxChars: number): string | undefined {
  if (typeof value !== 'string' || value.trim().length === 0) return `${what} must not be empty`;
  if (codePoints(value) > maxChars) return `${what} is longer than ${maxChars} characters`;
  return undefined;
}

/** A party as the charter or an admission names it: the id must be derived from the key. */
export function validatePartySpec(p: PartySpec, what = 'party'): Result<PartySpec, string> {
  if (typeof p !== 'object' || p === null) return err(`${what} is missing`);
  const name = checkText(p.name, `${what} name`, MAX_NAME_CHARS);
  if (name) return err(name);
  const label = `${what} "${p.name}"`;
  if (!isBytes(p.publicKey, PUBLIC_KEY_BYTES)) return err(`${label}: public key must be ${PUBLIC_KEY_BYTES} bytes`);
  if (!isPartyId(p.id) || p.id !== partyIdOf(p.publicKey)) return err(`${label}: id does not match the public key`);
  if (typeof p.weight !== 'number' || !Number.isInteger(p.weight) || p.weight < 1 || p.weight > MAX_WEIGHT) {
    return err(`${label}: weight must be an integer from 1 to ${MAX_WEIGHT}`);
  }
  return ok(p);
}

export function validateCharter(c: Charter): Result<Charter, string> {
  if (typeof c !== 'object' || c === null) return err('charter is missing');
  const title = checkText(c.title, 'title', MAX_TITLE_CHARS);
  if (title) return err(title);
  if (typeof c.createdAt !== 'number' || !Number.isSafeInteger(c.createdAt) || c.createdAt < 0) {
    return err('createdAt must be a non-negative integer (ms since the epoch)');
  }
  if (!isBytes(c.nonce, NONCE_BYTES)) return err(`nonce must be ${NONCE_BYTES} bytes`);
  if (!Array.isArray(c.parties) || c.parties.length === 0) return err('a charter needs at least one party');
  if (c.parties.length > MAX_PARTIES) return err(`a charter names at most ${MAX_PARTIES} parties`);
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const [i, p] of c.parties.entries()) {
    const valid = validatePartySpec(p, `party ${i + 1}`);
    if (!valid.ok) return valid;
    if (ids.has(p.id)) return err(`party ${i + 1} "${p.name}" is listed twice`);
    const key = toHex(p.publicKey);
    if (keys.has(key)) return err(`party ${i + 1} "${p.name}" uses the key of another party`);
    ids.add(p.id);
    keys.add(key);
  }
  if (!ids.has(c.convenor)) return err('the convenor must be one of the parties');
  if (typeof c.rules !== 'object' || c.rules === null) return err('rules are missing');
  for (const kind of DECISION_KINDS) {
    const rule = validateRule(c.rules[kind], kind, MAX_PARTIES);
    if (!rule.ok) return rule;
  }
  if (c.entryIntoForce !== undefined) {
    const rule = validateEntryIntoForceRule(c.entryIntoForce, MAX_PARTIES);
    if (!rule.ok) return rule;
  }
  return ok(c);
}

export function writePartySpec(w: Writer, p: PartySpec): void {
  w.fixed(partyIdToBytes(p.id), PARTY_ID_BYTES).text(p.name).fixed(p.publicKey, PUBLIC_KEY_BYTES).u32(p.weight);
}

export function readPartySpec(r: Reader): PartySpec {
  const id = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'party id'));
  const name = r.text(MAX_NAME_BYTES, 'party name');
  const publicKey = r.fixed(PUBLIC_KEY_BYTES, 'public key');
  const weight = r.u32('weight');
  return { id, name, publicKey, weight };
}

const RULE_TAGS = { consensus: 1, 'qualified-majority': 2, 'double-majority': 3 } as const;

function writeFraction(w: Writer, f: Fraction): void {
  w.u32(f.num).u32(f.den);
}

function readFraction(r: Reader, what: string): Fraction {
  return { num: r.u32(`${what} numerator`), den: r.u32(`${what} denominator`) };
}

function writeRule(w: Writer, rule: DecisionRule): void {
  w.u8(RULE_TAGS[rule.kind]);
  switch (rule.kind) {
    case 'consensus':
      return;
    case 'qualified-majority':
      writeFraction(w, rule.share);
      return;
    case 'double-majority':
      writeFraction(w, rule.partyShare);
      writeFraction(w, rule.weightShare);
      if (rule.blockingMinority === undefined) w.u8(0);
      else w.u8(1).u32(rule.blockingMinority);
      return;
  }
}

function readRule(r: Reader, what: string): DecisionRule {
  const tag = r.u8(`${what} rule`);
  switch (tag) {
    case RULE_TAGS.consensus:
      return { kind: 'consensus' };
    case RULE_TAGS['qualified-majority']:
      return { kind: 'qualified-majority', share: readFraction(r, `${what} share`) };
    case RULE_TAGS['double-majority']: {
      const partyShare = readFraction(r, `${what} party share`);
      const weightShare = readFraction(r, `${what} weight share`);
      const flag = r.u8(`${what} blocking minority flag`);
      if (flag === 0) return { kind: 'double-majority', partyShare, weightShare };
      if (flag !== 1) throw new DecodeError('malformed', `${what}: blocking minority flag must be 0 or 1`);
      return { kind: 'double-majority', partyShare, weightShare, blockingMinority: r.u32(`${what} blocking minority`) };
    }
    default:
      throw new DecodeError('bad-tag', `${what}: unknown rule kind ${tag}`);
  }
}

// Smallest encoded party: id + name length + key + weight.
const MIN_PARTY_BYTES = PARTY_ID_BYTES + 4 + PUBLIC_KEY_BYTES + 4;

export function writeCharter(w: Writer, c: Charter): void {
  w.raw(c.entryIntoForce === undefined ? CHARTER_DOMAIN : CHARTER_V2_DOMAIN).text(c.title).u64(c.createdAt).fixed(partyIdToBytes(c.convenor), PARTY_ID_BYTES);
  w.u32(c.parties.length);
  for (const p of c.parties) writePartySpec(w, p);
  for (const kind of DECISION_KINDS) writeRule(w, c.rules[kind]);
  w.fixed(c.nonce, NONCE_BYTES);
  if (c.entryIntoForce !== undefined) writeEntryIntoForceRule(w, c.entryIntoForce);
}

/** Consumes `tag` if the input starts with it (a failed expectDomain reads nothing). */
function readsDomain(r: Reader, tag: Uint8Array): boolean {
  try {
    r.expectDomain(tag, 'charter');
    return true;
  } catch (e) {
    if (e instanceof DecodeError) return false;
    throw e;
  }
}

export function readCharter(r: Reader): Charter {
  const v2 = readsDomain(r, CHARTER_V2_DOMAIN);
  if (!v2) r.expectDomain(CHARTER_DOMAIN, 'charter');
  const title = r.text(MAX_TITLE_BYTES, 'title');
  const createdAt = r.u64('createdAt');
  const convenor = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'convenor'));
  const count = r.count(MAX_PARTIES, MIN_PARTY_BYTES, 'parties');
  const parties: PartySpec[] = [];
  for (let i = 0; i < count; i++) parties.push(readPartySpec(r));
  const rules = { admit: readRule(r, 'admit'), remove: readRule(r, 'remove'), adopt: readRule(r, 'adopt') };
  const nonce = r.fixed(NONCE_BYTES, 'nonce');
  if (!v2) return { title, createdAt, convenor, parties, rules, nonce };
  return { title, createdAt, convenor, parties, rules, nonce, entryIntoForce: readEntryIntoForceRule(r) };
}

/** Canonical bytes of the charter, parties in the given order. */
export function encodeCharter(c: Charter): Uint8Array {
  const w = new Writer();
  writeCharter(w, c);
  return w.finish();
}

/** Decodes the layout only; `validateCharter` decides whether the charter is acceptable. */
export function decodeCharter(bytes: Uint8Array): Charter {
  return decodeWith(bytes, 'charter', readCharter);
}

export function negotiationIdOf(c: Charter): NegotiationId {
  return negotiationIdFromBytes(taggedHash('plenary/negotiation/v1', encodeCharter(c)));
}

/**
 * What the convenor signs: the negotiation id and the hash of the sealed bundle, so nobody can
 * swap in keys of their own. The id stays the hash of the charter alone: it names the negotiation,
 * and the keys are not part of its identity.
 */
export function genesisMessage(negotiation: NegotiationId, roomKeys: SealedRoomKeys): Uint8Array {
  return new Writer(GENESIS_SIGNED_DOMAIN.length + NEGOTIATION_ID_BYTES + HASH_BYTES)
    .raw(GENESIS_SIGNED_DOMAIN)
    .fixed(negotiationIdToBytes(negotiation), NEGOTIATION_ID_BYTES)
    .fixed(taggedHash('plenary/genesis-room-keys/v1', encodeSealedKeys(roomKeys)), HASH_BYTES)
    .finish();
}

/** The genesis: `roomKey` (epoch 0, fresh: see room/createRoomKey) sealed to every party, signed by the convenor. */
export function signGenesis(charter: Charter, convenor: Signer, roomKey: RoomKey): Result<GenesisBlock, string> {
  const valid = validateCharter(charter);
  if (!valid.ok) return valid;
  if (convenor.party !== charter.convenor) return err('only the convenor signs the genesis');
  if (roomKey.epoch !== 0) return err(`the genesis room key must be of epoch 0, not ${roomKey.epoch}`);
  const negotiation = negotiationIdOf(charter);
  const roomKeys = sealForParties(roomKey, charter.parties, negotiation);
  if (!roomKeys.ok) return err(`room keys: ${roomKeys.error.message}`);
  return ok({ charter, roomKeys: roomKeys.value, signature: convenor.sign(genesisMessage(negotiation, roomKeys.value)) });
}

/** The sealed bundle a genesis must carry: epoch 0, for this negotiation, to exactly the charter's parties. */
function checkGenesisRoomKeys(roomKeys: SealedRoomKeys, charter: Charter, negotiation: NegotiationId): string | undefined {
  const shape = checkSealedKeysShape(roomKeys);
  if (shape) return shape;
  if (roomKeys.negotiation !== negotiation) return 'room keys are sealed for another negotiation';
  if (roomKeys.epoch !== 0) return `room keys are of epoch ${roomKeys.epoch}, not 0`;
  if (!isSealedToExactly(roomKeys, charter.parties.map((p) => p.id))) return 'room keys are not sealed to exactly the parties of the charter';
  return undefined;
}

/**
 * A valid charter, its room keys sealed to exactly its parties at epoch 0 under one commitment,
 * both signed by its convenor's key; returns the negotiation id. Whether each party's sealed key
 * opens (to the committed key) only that party can tell: see ledger keyringFor.
 */
export function verifyGenesis(genesis: GenesisBlock, scheme: SignatureScheme): Result<NegotiationId, string> {
  if (typeof genesis !== 'object' || genesis === null) return err('genesis is missing');
  const valid = validateCharter(genesis.charter);
  if (!valid.ok) return err(`charter: ${valid.error}`);
  const convenor = genesis.charter.parties.find((p) => p.id === genesis.charter.convenor)!;
  if (!isBytes(genesis.signature, SIGNATURE_BYTES)) return err(`genesis signature must be ${SIGNATURE_BYTES} bytes`);
  const negotiation = negotiationIdOf(genesis.charter);
  const roomKeys = checkGenesisRoomKeys(genesis.roomKeys, genesis.charter, negotiation);
  if (roomKeys) return err(roomKeys);
  if (!scheme.verify(genesis.signature, genesisMessage(negotiation, genesis.roomKeys), convenor.publicKey)) {
    return err("genesis signature is not the convenor's");
  }
  return ok(negotiation);
}

export function encodeGenesis(g: GenesisBlock): Uint8Array {
  const w = new Writer();
  w.raw(GENESIS_DOMAIN);
  writeCharter(w, g.charter);
  writeSealedKeys(w, g.roomKeys);
  w.fixed(g.signature, SIGNATURE_BYTES);
  return w.finish();
}

/** Decodes the layout only (counts capped); `verifyGenesis` decides whether it is a genesis. */
export function decodeGenesis(bytes: Uint8Array): GenesisBlock {
  return decodeWith(bytes, 'genesis', (r) => {
    r.expectDomain(GENESIS_DOMAIN, 'genesis');
    const charter = readCharter(r);
    const roomKeys = readSealedKeys(r);
    return { charter, roomKeys, signature: r.fixed(SIGNATURE_BYTES, 'genesis signature') };
  });
}

/**
 * The dossier: everything a third party needs to check a negotiation offline, in one file. The
 * genesis, every final block in height order, every act that counts (by party id, then seq), and
 * the equivocation evidence on votes and on acts, each in canonical order. Nothing about who
 * exported it or when: two parties holding the same state export the same bytes.
 *
 * Layout (plenary/dossier/v1), each item length-prefixed in its own canonical encoding:
 *   domain | genesis | u32 n, n x block | u32 n, n x act | u32 n, n x vote evidence | u32 n, n x act evidence
 */
import { DecodeError, Writer, compareBytes, decodeWith, domain, type Reader } from '../bytes.js';
import { decodeGenesis, encodeGenesis, type GenesisBlock } from '../charter.js';
import { taggedHash } from '../hash.js';
import { actHashOf, decodeAct, encodeAct, type Act } from '../acts/act.js';
import { actEquivocation, decodeActEquivocation, encodeActEquivocation, type ActEquivocation } from '../acts/evidence.js';
import { decodeBlock, encodeBlock, type Block } from '../ledger/block.js';
import { decodeEvidence, encodeEvidence, type EquivocationEvidence } from '../ledger/evidence.js';
import { encodeVote } from '../ledger/vote.js';

const DOSSIER_DOMAIN = domain('plenary/dossier/v1');
const DOSSIER_HASH_TAG = 'plenary/dossier-hash/v1';

/** Caps: counts are also bounded by the input (Reader.count), so these only bound the work. */
export const MAX_DOSSIER_BLOCKS = 1_000_000;
export const MAX_DOSSIER_ACTS = 1_000_000;
export const MAX_DOSSIER_EVIDENCE = 100_000;
const MAX_GENESIS_BYTES = 4 * 1024 * 1024;
/** An adopt block's text (4 MiB), up to 32 authentic texts, and its Yjs state (64 MiB). */
const MAX_BLOCK_BYTES = 256 * 1024 * 1024;
const MAX_ACT_BYTES = 128 * 1024;
const MAX_EVIDENCE_BYTES = 2 * MAX_ACT_BYTES;

export interface Dossier {
  readonly genesis: GenesisBlock;
  /** Final blocks, heights 1, 2, 3... */
  readonly blocks: readonly Block[];
  /** The acts that count, by party id then seq. */
  readonly acts: readonly Act[];
  /** Each pair in canonical order (the lower vote encoding first), the pairs sorted by encoding. */
  readonly voteEvidence: readonly EquivocationEvidence[];
  /** Each pair in canonical order (the lower act hash first), the pairs sorted by encoding. */
  readonly actEvidence: readonly ActEquivocation[];
}

const byPartyThenSeq = (a: Act, b: Act): number => (a.party < b.party ? -1 : a.party > b.party ? 1 : a.seq - b.seq);

/** One order for a vote pair, so the same offence seen in either order exports the same bytes. */
function canonicalVotePair(e: EquivocationEvidence): EquivocationEvidence {
  return compareBytes(encodeVote(e.first), encodeVote(e.second)) <= 0 ? e : { first: e.second, second: e.first };
}

/** Sorted by encoding, duplicates dropped. */
function canonicalList<T>(items: Iterable<T>, encode: (item: T) => Uint8Array): T[] {
  const encoded = [...items].map((item) => ({ item, bytes: encode(item) })).sort((a, b) => compareBytes(a.bytes, b.bytes));
  return encoded.filter((e, i) => i === 0 || compareBytes(encoded[i - 1]!.bytes, e.bytes) !== 0).map((e) => e.item);
}

/**
 * A dossier in canonical form from what a node holds: its verified chain, the acts that count
 * (TreatyState.accepted) and the evidence it has, in any order.
 */
export function assembleDossier(parts: {
  readonly genesis: GenesisBlock;
  readonly blocks: readonly Block[];
  readonly acts: Iterable<Act>;
  readonly voteEvidence?: Iterable<EquivocationEvidence>;
  readonly actEvidence?: Iterable<ActEquivocation>;
}): Dossier {
  return {
    genesis: parts.genesis,
    blocks: [...parts.blocks].sort((a, b) => a.header.height - b.header.height),
    acts: [...parts.acts].sort(byPartyThenSeq),
    voteEvidence: canonicalList([...(parts.voteEvidence ?? [])].map(canonicalVotePair), encodeEvidence),
    actEvidence: canonicalList([...(parts.actEvidence ?? [])].map((e) => actEquivocation(e.first, e.second)), encodeActEquivocation),
  };
}

/** Throws RangeError on parts that cannot be encoded (e.g. a block with votes out of order): export verified state. */
export function encodeDossier(d: Dossier): Uint8Array {
  const w = new Writer(4096);
  w.raw(DOSSIER_DOMAIN).bytes(encodeGenesis(d.genesis));
  const list = <T>(items: readonly T[], encode: (item: T) => Uint8Array): void => {
    w.u32(items.length);
    for (const item of items) w.bytes(encode(item));
  };
  list(d.blocks, encodeBlock);
  list(d.acts, encodeAct);
  list(d.voteEvidence, encodeEvidence);
  list(d.actEvidence, encodeActEquivocation);
  return w.finish();
}

function readList<T>(r: Reader, what: string, max: number, maxItemBytes: number, decode: (bytes: Uint8Array) => T): T[] {
  const n = r.count(max, 4, what);
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(decode(r.bytes(maxItemBytes, `${what} ${i + 1}`)));
  return out;
}

/** Strictly increasing: canonical order, no duplicates, so a dossier has exactly one encoding. */
function expectOrdered<T>(items: readonly T[], compare: (a: T, b: T) => number, what: string): void {
  for (let i = 1; i < items.length; i++) {
    if (compare(items[i - 1]!, items[i]!) >= 0) throw new DecodeError('malformed', `${what} ${i + 1} is duplicated or out of canonical order`);
  }
}

/** Layout, caps and canonical order; verifyDossier decides whether it holds. Fails only with DecodeError. */
export function decodeDossier(bytes: Uint8Array): Dossier {
  return decodeWith(bytes, 'dossier', (r) => {
    r.expectDomain(DOSSIER_DOMAIN, 'dossier');
    const genesis = decodeGenesis(r.bytes(MAX_GENESIS_BYTES, 'genesis'));
    const blocks = readList(r, 'block', MAX_DOSSIER_BLOCKS, MAX_BLOCK_BYTES, decodeBlock);
    const acts = readList(r, 'act', MAX_DOSSIER_ACTS, MAX_ACT_BYTES, decodeAct);
    const voteEvidence = readList(r, 'vote evidence', MAX_DOSSIER_EVIDENCE, MAX_EVIDENCE_BYTES, decodeEvidence);
    const actEvidence = readList(r, 'act evidence', MAX_DOSSIER_EVIDENCE, MAX_EVIDENCE_BYTES, decodeActEquivocation);
    expectOrdered(acts, byPartyThenSeq, 'act');
    for (const [i, e] of voteEvidence.entries()) {
      if (compareBytes(encodeVote(e.first), encodeVote(e.second)) >= 0) throw new DecodeError('malformed', `vote evidence ${i + 1}: votes out of canonical order`);
    }
    for (const [i, e] of actEvidence.entries()) {
      if (compareBytes(actHashOf(e.first), actHashOf(e.second)) >= 0) throw new DecodeError('malformed', `act evidence ${i + 1}: acts out of canonical order`);
    }
    expectOrdered(voteEvidence.map(encodeEvidence), compareBytes, 'vote evidence');
    expectOrdered(actEvidence.map(encodeActEquivocation), compareBytes, 'act evidence');
    return { genesis, blocks, acts, voteEvidence, actEvidence };
  });
}

/** The dossier's name: a tagged hash of its bytes, printed on a signature page to tie the paper to the file. */
export function dossierHashOf(bytes: Uint8Array): Uint8Array {
  return taggedHash(DOSSIER_HASH_TAG, bytes);
}

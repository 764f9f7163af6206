/**
 * What the crash test writes, and how it checks what it finds: fabricated envelopes and a
 * hash-chained ledger, each record carrying a SHA-256 of itself so damage is visible.
 *
 * Everything is a pure function of its key (negotiation, author, seq / height), so a write that
 * was in flight at a crash can be planned again after it with identical bytes (no false
 * conflicts), and the parent can tell exactly which bytes each key must hold.
 *
 * Real records (sealed envelopes, ledger blocks checked by the core's verifyChain) are another
 * `CrashWorkload`: scripts/crash-real-workload.ts. The child and the test take either whole.
 */
import { createHash } from 'node:crypto';
import { DecodeError, Reader, Writer, decodeWith, domain, equalBytes, toHex } from '../src/core/bytes.js';
import { HASH_BYTES } from '../src/core/hash.js';
import { negotiationIdToBytes, partyIdToBytes, type NegotiationId, type PartyId } from '../src/core/identity.js';
import type { PlenaryStore } from '../src/store/contract.js';
import { decodeSnapshot, encodeSnapshot } from '../src/store/snapshot.js';
import type { Rng } from '../test/support/rng.js';
import { negotiation, party } from '../test/store/fixtures.js';

export const CRASH_NEGOTIATIONS: readonly NegotiationId[] = [negotiation('crash 1'), negotiation('crash 2')];
export const CRASH_AUTHORS: readonly PartyId[] = ['a', 'b', 'c', 'd', 'e'].map((name) => party(`crash ${name}`));

/** One logical append the child makes; `fresh` lists envelope keys it writes for the first time. */
export type CrashWrite =
  | { kind: 'envelopes'; neg: NegotiationId; records: Array<{ author: PartyId; seq: number; bytes: Uint8Array }>; fresh: string[] }
  | { kind: 'block'; neg: NegotiationId; height: number; bytes: Uint8Array }
  | { kind: 'evidence'; neg: NegotiationId; counter: number; bytes: Uint8Array }
  | { kind: 'snapshot'; neg: NegotiationId; counter: number; bytes: Uint8Array };

/** What the child knows of the store, as it plans: stored keys plus those it has planned. */
export interface CrashPlan {
  readonly seqs: Map<string, Set<number>>; // `${neg}:${author}` -> seqs stored or planned
  readonly durable: Map<string, number[]>; // `${neg}:${author}` -> seqs known stored (may repeat)
  readonly tips: Map<NegotiationId, { height: number; hash: Uint8Array }>;
  readonly counters: Map<string, number>; // `${kind}:${neg}` -> next counter
}

/** What a workload's deeper check of a reopened store found; `counts` are summed over rounds for the log. */
export interface RecordCheck {
  readonly problems: string[];
  readonly counts: Record<string, number>;
}

export interface CrashWorkload<P = CrashPlan> {
  /** The negotiations it writes to. */
  readonly negotiations: readonly NegotiationId[];
  /** Reads the store the child reopened after the previous crash, to continue from it. */
  resume(store: PlenaryStore): Promise<P>;
  /** The next write, chosen at random; updates the plan as if it will succeed. */
  plan(rng: Rng, plan: P): CrashWrite;
  /** Called when a write is acknowledged (durable). */
  acknowledge(plan: P, write: CrashWrite): void;
  /** Why stored envelope bytes are not the ones for this key, or undefined if they are. */
  checkEnvelope(neg: NegotiationId, author: PartyId, seq: number, bytes: Uint8Array): string | undefined;
  /** Why a ledger (blocks from height 0, in order) is broken, or undefined if every link verifies. */
  checkChain(neg: NegotiationId, blocks: readonly Uint8Array[]): string | undefined;
  /** The counter of an intact evidence or snapshot record, or a reason it is not intact. */
  counterOf(kind: 'evidence' | 'snapshot', neg: NegotiationId, bytes: Uint8Array): number | string;
  /** Checks beyond the records themselves, on the reopened store (e.g. reopening it as the node does). */
  checkRecord?(store: PlenaryStore): Promise<RecordCheck>;
}

const ENVELOPE = domain('plenary/crash-envelope/v1');
const BLOCK = domain('plenary/crash-block/v1');
const EVIDENCE = domain('plenary/crash-evidence/v1');
const STATE = domain('plenary/crash-state/v1');
const GENESIS_PARENT = new Uint8Array(HASH_BYTES);

/** SHA-256 through node:crypto: the same digest as the core's, several times faster for the checks. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** 50..2000 pseudo-random bytes determined by `label`. */
function filler(...label: Uint8Array[]): Uint8Array {
  const digest = sha256(...label);
  let a = new DataView(digest.buffer).getUint32(0);
  const length = 50 + (new DataView(digest.buffer).getUint32(4) % 1951);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) >>> 24;
  }
  return out;
}

/** `body` followed by its own SHA-256. */
const sealed = (body: Uint8Array): Uint8Array => new Writer(body.length + HASH_BYTES).raw(body).raw(sha256(body)).finish();

function unseal(bytes: Uint8Array): Uint8Array | string {
  if (bytes.length < HASH_BYTES) return 'too short';
  const body = bytes.subarray(0, bytes.length - HASH_BYTES);
  return equalBytes(sha256(body), bytes.subarray(body.length)) ? body : 'checksum mismatch';
}

function envelopeBytes(neg: NegotiationId, author: PartyId, seq: number): Uint8Array {
  const header = new Writer().raw(ENVELOPE).fixed(negotiationIdToBytes(neg), 32).fixed(partyIdToBytes(author), 16).u64(seq).finish();
  return sealed(new Writer().raw(header).bytes(filler(header)).finish());
}

function blockBytes(neg: NegotiationId, height: number, parent: Uint8Array): Uint8Array {
  const header = new Writer().raw(BLOCK).fixed(negotiationIdToBytes(neg), 32).u64(height).fixed(parent, HASH_BYTES).finish();
  return sealed(new Writer().raw(header).bytes(filler(header)).finish());
}

/** A fabricated evidence record, a pure function of (negotiation, counter); the real workload keeps these too. */
export const evidenceRecord = (neg: NegotiationId, counter: number): Uint8Array => counterRecord(EVIDENCE, neg, counter);

/** The counter of an intact evidence record, or why it is not one. */
export const evidenceCounter = (neg: NegotiationId, bytes: Uint8Array): number | string => readCounter(EVIDENCE, neg, bytes);

function counterRecord(tag: Uint8Array, neg: NegotiationId, counter: number): Uint8Array {
  const header = new Writer().raw(tag).fixed(negotiationIdToBytes(neg), 32).u64(counter).finish();
  return sealed(new Writer().raw(header).bytes(filler(header)).finish());
}

function readCounter(tag: Uint8Array, neg: NegotiationId, bytes: Uint8Array): number | string {
  const body = unseal(bytes);
  if (typeof body === 'string') return body;
  try {
    const counter = decodeWith(body, 'crash record', (r: Reader) => {
      r.expectDomain(tag, 'crash record');
      if (!equalBytes(r.fixed(32), negotiationIdToBytes(neg))) throw new DecodeError('malformed', 'wrong negotiation');
      const n = r.u64();
      r.bytes(4096);
      return n;
    });
    return equalBytes(counterRecord(tag, neg, counter), bytes) ? counter : 'not the bytes for its counter';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const seqKey = (neg: NegotiationId, author: PartyId): string => `${neg}:${author}`;

function planEnvelopes(rng: Rng, plan: CrashPlan, neg: NegotiationId): CrashWrite {
  const records: Array<{ author: PartyId; seq: number; bytes: Uint8Array }> = [];
  const fresh: string[] = [];
  for (let n = 1 + rng.int(rng.chance(0.3) ? 8 : 2); n > 0; n--) {
    const author = rng.pick(CRASH_AUTHORS);
    const key = seqKey(neg, author);
    const seqs = plan.seqs.get(key) ?? new Set<number>();
    plan.seqs.set(key, seqs);
    const durable = plan.durable.get(key) ?? [];
    const max = Math.max(0, ...seqs);
    const missing = max > seqs.size ? Array.from({ length: max }, (_, i) => i + 1).filter((q) => !seqs.has(q)) : [];
    const roll = rng.next();
    let seq: number;
    if (roll < 0.08 && durable.length > 0) seq = rng.pick(durable); // re-append: must be a no-op
    else if (roll < 0.16 && missing.length > 0) seq = rng.pick(missing); // fills a gap
    else if (roll < 0.26) seq = max + 2 + rng.int(3); // leaves a gap
    else seq = max + 1;
    if (!seqs.has(seq)) {
      seqs.add(seq);
      fresh.push(`${neg}:${author}:${seq}`);
    }
    records.push({ author, seq, bytes: envelopeBytes(neg, author, seq) });
  }
  return { kind: 'envelopes', neg, records, fresh };
}

/** Called when a write is acknowledged: its envelopes may now be re-appended. */
export function markDurable(plan: CrashPlan, write: CrashWrite): void {
  if (write.kind !== 'envelopes') return;
  for (const r of write.records) {
    const key = seqKey(write.neg, r.author);
    const durable = plan.durable.get(key) ?? [];
    plan.durable.set(key, durable);
    durable.push(r.seq);
  }
}

export const fabricatedWorkload: CrashWorkload = {
  negotiations: CRASH_NEGOTIATIONS,
  acknowledge: markDurable,

  async resume(store) {
    const plan: CrashPlan = { seqs: new Map(), durable: new Map(), tips: new Map(), counters: new Map() };
    for (const neg of CRASH_NEGOTIATIONS) {
      for (const author of await store.authors(neg)) {
        const seqs = (await store.envelopes(neg, author)).map((r) => r.seq);
        plan.seqs.set(seqKey(neg, author), new Set(seqs));
        plan.durable.set(seqKey(neg, author), seqs);
      }
      const tip = await store.tip(neg);
      if (tip !== undefined) plan.tips.set(neg, { height: tip, hash: sha256((await store.blocks(neg, tip))[0]!.bytes) });
      const evidence = (await store.evidence(neg)).map((bytes) => readCounter(EVIDENCE, neg, bytes));
      plan.counters.set(`evidence:${neg}`, 1 + Math.max(0, ...evidence.filter((c): c is number => typeof c === 'number')));
      const snapshot = await store.getSnapshot(neg);
      const counter = snapshot === undefined ? 0 : this.counterOf('snapshot', neg, snapshot);
      plan.counters.set(`snapshot:${neg}`, 1 + (typeof counter === 'number' ? counter : 0));
    }
    return plan;
  },

  plan(rng, plan) {
    const neg = rng.pick(CRASH_NEGOTIATIONS);
    const roll = rng.int(100);
    if (roll < 60) return planEnvelopes(rng, plan, neg);
    if (roll < 85) {
      const tip = plan.tips.get(neg);
      const height = tip === undefined ? 0 : tip.height + 1;
      const bytes = blockBytes(neg, height, tip?.hash ?? GENESIS_PARENT);
      plan.tips.set(neg, { height, hash: sha256(bytes) });
      return { kind: 'block', neg, height, bytes };
    }
    const kind = roll < 93 ? 'evidence' : 'snapshot';
    const counter = plan.counters.get(`${kind}:${neg}`) ?? 1;
    plan.counters.set(`${kind}:${neg}`, counter + 1);
    if (kind === 'evidence') return { kind, neg, counter, bytes: counterRecord(EVIDENCE, neg, counter) };
    const frontier = new Map<PartyId, number>();
    for (const author of CRASH_AUTHORS) {
      const seqs = plan.seqs.get(seqKey(neg, author));
      if (seqs?.has(1)) frontier.set(author, Math.max(...seqs));
    }
    const bytes = encodeSnapshot({ yjsState: counterRecord(STATE, neg, counter), frontier, bindings: new Map([[counter, CRASH_AUTHORS[0]!]]) });
    return { kind, neg, counter, bytes };
  },

  checkEnvelope(neg, author, seq, bytes) {
    if (equalBytes(bytes, envelopeBytes(neg, author, seq))) return undefined;
    const body = unseal(bytes);
    return `envelope ${author}#${seq}: ${typeof body === 'string' ? body : 'intact, but not the bytes for its key'}`;
  },

  checkChain(neg, blocks) {
    let parent: Uint8Array = GENESIS_PARENT;
    for (let height = 0; height < blocks.length; height++) {
      const bytes = blocks[height]!;
      const body = unseal(bytes);
      if (typeof body === 'string') return `block ${height}: ${body}`;
      try {
        const header = new Reader(body);
        header.expectDomain(BLOCK, 'block');
        if (!equalBytes(header.fixed(32), negotiationIdToBytes(neg)) || header.u64() !== height) return `block ${height}: wrong key`;
        if (!equalBytes(header.fixed(HASH_BYTES), parent)) return `block ${height}: does not link to block ${height - 1} (${toHex(parent)})`;
      } catch (e) {
        return `block ${height}: ${e instanceof Error ? e.message : String(e)}`;
      }
      parent = sha256(bytes);
    }
    return undefined;
  },

  counterOf(kind, neg, bytes) {
    if (kind === 'evidence') return readCounter(EVIDENCE, neg, bytes);
    try {
      return readCounter(STATE, neg, decodeSnapshot(bytes).yjsState);
    } catch (e) {
      return `snapshot: ${e instanceof Error ? e.message : String(e)}`;
    }
  },
};

/**
 * The crash test's second workload: real records. Three delegations draft a treaty (a fourth is
 * admitted midway, one is removed later), every edit a sealed envelope signed with its author's
 * key, and the ledger holds a signed genesis and final blocks (adoptions of the canonical text, an
 * admission, a removal) voted by the parties. The parent generates this script once, from a seed,
 * and hands it to the child in a file, so every key has the same bytes in every run.
 *
 * The child writes the script in a random order, with gaps, fills and re-appends, but as a node
 * would be allowed to: a party's envelopes only once the block admitting it (the genesis, for the
 * founders) is durable; block h only once as many envelopes are durable as had been sealed when h
 * was decided (so the ledger keeps pace with the draft); a snapshot only of a checkpoint whose
 * envelopes are all durable. Evidence records are the fabricated workload's (the store keeps them
 * as bytes). After each kill, checkRecord reopens the negotiation as the node does and compares
 * its draft with a fresh replica fed the same stored envelopes.
 */
import * as Y from 'yjs';
import { Writer, decodeWith, domain, equalBytes, type Reader } from '../src/core/bytes.js';
import { decodeGenesis, encodeGenesis, negotiationIdOf } from '../src/core/charter.js';
import type { NegotiationId, PartyId, PartyRoster } from '../src/core/identity.js';
import {
  DraftAuthor,
  DraftReplica,
  PARAGRAPH_STATUSES,
  addArticle,
  addParagraph,
  allParagraphs,
  articlesOf,
  createTreaty,
  decodeEnvelope,
  deleteText,
  encodeEnvelope,
  insertText,
  renderCanonical,
  setParagraphStatus,
  type Envelope,
} from '../src/core/draft/index.js';
import { adoptBody, decodeBlock, encodeBlock, headerHashOf, signVote, verifyChain, Ledger, type BlockBody } from '../src/core/ledger/index.js';
import { createNativeEd25519 } from '../src/node/native-ed25519.js';
import { openNegotiation } from '../src/node/negotiation-record.js';
import type { PlenaryStore } from '../src/store/contract.js';
import { decodeSnapshot, encodeSnapshot } from '../src/store/snapshot.js';
import { createRng, type Rng } from '../test/support/rng.js';
import { admission, consensus, delegation, headerFor, negotiation, qualified, removal, type Delegation } from '../test/support/ledger-fixtures.js';
import { evidenceCounter, evidenceRecord, type CrashWorkload, type CrashWrite, type RecordCheck } from './crash-workload.js';

const scheme = createNativeEd25519();

export interface RealScript {
  readonly negotiation: NegotiationId;
  readonly genesis: Uint8Array;
  /** Blocks of heights 1, 2, ..., each with the number of envelopes sealed before it was decided. */
  readonly blocks: ReadonlyArray<{ readonly bytes: Uint8Array; readonly after: number }>;
  /** Every envelope, in the order they were sealed. */
  readonly envelopes: ReadonlyArray<{ readonly author: PartyId; readonly seq: number; readonly bytes: Uint8Array }>;
  /** Encoded snapshots (store/snapshot.ts) of the whole draft at points of the script, in order. */
  readonly checkpoints: readonly Uint8Array[];
  /** The canonical text once every envelope is applied. */
  readonly finalText: string;
}

const TITLE = 'Treaty on the Conservation of Migratory Species';
const WORDS = ['the Parties ', 'shall ', 'protect ', 'migratory ', 'species ', 'and their habitats', ', ', 'in accordance with ', 'Article 3 ', 'subject to ', 'national law', '. '];

interface Drafter {
  readonly party: PartyId;
  readonly replica: DraftReplica;
  readonly tag: string;
  seen: number; // envelopes of `sealed` delivered to it
}

/** The script: `envelopes` (about that many) sealed, deterministic in `seed`. A second or two. */
export function generateRealScript(seed: number, envelopes = 2000): RealScript {
  const rng = createRng(seed);
  const { genesis, parties } = negotiation({ n: 3, title: TITLE, rules: { admit: qualified(2, 3), remove: qualified(2, 3), adopt: consensus } });
  const opened = Ledger.fromGenesis(genesis, scheme);
  if (!opened.ok) throw new Error(opened.error);
  const ledger = opened.value;
  const neg = ledger.negotiation;
  const joiner = delegation(3);
  const everyone = [...parties, joiner];
  const roster: PartyRoster = { publicKeyOf: (p) => everyone.find((d) => d.spec.id === p)?.spec.publicKey };
  const signers = new Map(everyone.map((d) => [d.spec.id, d.signer]));
  const sealed: Envelope[] = [];
  const blocks: Array<{ bytes: Uint8Array; after: number }> = [];
  const checkpoints: Uint8Array[] = [];
  let broken: string | null = null;

  const deliver = (replica: DraftReplica, envelope: Envelope): void => {
    const outcome = replica.acceptEnvelope(envelope);
    if (outcome.kind === 'rejected') throw new Error(`script: ${outcome.reason}: ${outcome.detail}`);
  };
  const join = (d: Delegation, i: number): Drafter => {
    const replica = new DraftReplica(neg, roster, { scheme });
    const attached = DraftAuthor.attach(replica, d.signer, i + 1, { onEnvelope: (e) => sealed.push(e), onError: (m) => void (broken = m) });
    if (!attached.ok) throw new Error(attached.error);
    return { party: d.spec.id, replica, tag: `d${i}`, seen: 0 };
  };
  // A delegation catches up on everyone else's envelopes, in a shuffled order (some are held a while).
  const sync = (d: Drafter): void => {
    for (const e of rng.shuffle(sealed.slice(d.seen))) if (e.author !== d.party) deliver(d.replica, e);
    d.seen = sealed.length;
  };
  const reference = new DraftReplica(neg, roster, { scheme });
  let referenceSeen = 0;
  const syncReference = (): void => {
    for (const e of sealed.slice(referenceSeen)) deliver(reference, e);
    referenceSeen = sealed.length;
  };

  const decide = (body: BlockBody): void => {
    const height = ledger.height + 1;
    const header = headerFor(ledger, body, 0, undefined, 1_700_000_100_000 + height * 60_000);
    const proposed = ledger.propose(header, body);
    if (!proposed.ok) throw new Error(`script: proposal ${height}: ${proposed.error.reason}`);
    for (const party of ledger.members().ids()) {
      if (ledger.height === height) break;
      ledger.receiveVote(signVote(signers.get(party)!, neg, height, 0, headerHashOf(header)));
    }
    if (ledger.height !== height) throw new Error(`script: block ${height} did not become final`);
    blocks.push({ bytes: encodeBlock(ledger.blocks()[height - 1]!), after: sealed.length });
  };
  const adopt = (label: string): void => {
    syncReference();
    decide(adoptBody({ title: TITLE, text: renderCanonical(reference.doc), yjsState: Y.encodeStateAsUpdate(reference.doc), label }));
  };

  const drafters = parties.map(join);
  const doc0 = drafters[0]!.replica.doc;
  createTreaty(doc0, TITLE);
  addArticle(doc0, { id: 'art-1', heading: 'Objective' });
  addParagraph(doc0, { id: 'p-1', in: { articleId: 'art-1' }, text: 'The Parties shall ' });
  const events: Array<[number, () => void]> = [
    [0.15, () => adopt('Draft 1')],
    [0.25, () => {
      decide(admission(ledger, joiner.spec));
      const d = join(joiner, 3);
      sync(d);
      drafters.push(d);
    }],
    [0.45, () => adopt('Draft 2')],
    [0.6, () => {
      decide(removal(ledger, parties[1]!.spec.id, 'withdrew from the negotiation'));
      drafters.splice(drafters.findIndex((d) => d.party === parties[1]!.spec.id), 1);
    }],
    [0.8, () => adopt('Draft 3')],
  ];
  let nextCheckpoint = envelopes / 8;
  let ids = 0;
  while (sealed.length < envelopes) {
    while (events.length > 0 && sealed.length >= events[0]![0] * envelopes) events.shift()![1]();
    if (sealed.length >= nextCheckpoint) {
      syncReference();
      checkpoints.push(encodeSnapshot(reference.checkpoint()));
      nextCheckpoint += envelopes / 8;
    }
    const d = rng.pick(drafters);
    if (rng.chance(0.6)) sync(d);
    edit(d, rng, () => `${d.tag}-${++ids}`);
    if (broken !== null) throw new Error(`script: ${broken}`);
  }
  adopt('Final text');
  return {
    negotiation: neg,
    genesis: encodeGenesis(genesis),
    blocks,
    envelopes: sealed.map((e) => ({ author: e.author, seq: e.seq, bytes: encodeEnvelope(e) })),
    checkpoints,
    finalText: renderCanonical(reference.doc),
  };
}

/** One edit by `d`: mostly typing and deleting, sometimes a new paragraph or article, a status. */
function edit(d: Drafter, rng: Rng, newId: () => string): void {
  const doc = d.replica.doc;
  const paragraphs = allParagraphs(doc);
  const roll = rng.next();
  if (roll < 0.04 || paragraphs.length === 0) {
    const articles = articlesOf(doc);
    if (articles.length === 0 || roll < 0.01) addArticle(doc, { id: `art-${newId()}`, heading: rng.pick(WORDS) });
    else addParagraph(doc, { id: `p-${newId()}`, in: { articleId: rng.pick(articles).id }, text: rng.pick(WORDS) });
    return;
  }
  const p = rng.pick(paragraphs);
  const target = { kind: 'paragraph', paragraphId: p.id } as const;
  const length = p.text.length;
  if (roll < 0.06) setParagraphStatus(doc, p.id, rng.pick(PARAGRAPH_STATUSES));
  else if (roll < 0.3 && length > 0) {
    const at = rng.int(length);
    deleteText(doc, target, at, Math.min(length - at, 1 + rng.int(12)));
  } else insertText(doc, target, rng.int(length + 1), rng.pick(WORDS));
}

const SCRIPT = domain('plenary/crash-script/v1');
const MAX_RECORD = 64 * 1024 * 1024;

export function encodeRealScript(script: RealScript): Uint8Array {
  const w = new Writer(1 << 20).raw(SCRIPT).bytes(script.genesis).u32(script.blocks.length);
  for (const b of script.blocks) w.u64(b.after).bytes(b.bytes);
  w.u32(script.envelopes.length);
  for (const e of script.envelopes) w.bytes(e.bytes);
  w.u32(script.checkpoints.length);
  for (const c of script.checkpoints) w.bytes(c);
  return w.text(script.finalText).finish();
}

export function decodeRealScript(bytes: Uint8Array): RealScript {
  return decodeWith(bytes, 'crash script', (r: Reader) => {
    r.expectDomain(SCRIPT, 'crash script');
    const genesis = r.bytes(MAX_RECORD, 'genesis');
    const blocks = Array.from({ length: r.count(1000, 12, 'blocks') }, () => ({ after: r.u64(), bytes: r.bytes(MAX_RECORD, 'block') }));
    const envelopes = Array.from({ length: r.count(1_000_000, 4, 'envelopes') }, () => {
      const bytes = r.bytes(MAX_RECORD, 'envelope');
      const { author, seq } = decodeEnvelope(bytes);
      return { author, seq, bytes };
    });
    const checkpoints = Array.from({ length: r.count(1000, 4, 'checkpoints') }, () => r.bytes(MAX_RECORD, 'checkpoint'));
    const finalText = r.text(MAX_RECORD, 'final text');
    return { negotiation: negotiationIdOf(decodeGenesis(genesis).charter), genesis, blocks, envelopes, checkpoints, finalText };
  });
}

/** What the child knows of the store as it plans. */
export interface RealPlan {
  readonly planned: Map<PartyId, Set<number>>; // seqs stored or planned
  readonly durable: Map<PartyId, Set<number>>; // seqs known stored
  readonly front: Map<PartyId, number>; // 1..front all known stored
  durableCount: number;
  plannedTip: number; // -1: no genesis
  durableTip: number;
  snapshot: number; // last checkpoint planned (1-based), 0 for none
  evidence: number; // next evidence counter
}

const setOf = <K, V>(map: Map<K, Set<V>>, key: K): Set<V> => {
  let set = map.get(key);
  if (set === undefined) map.set(key, (set = new Set()));
  return set;
};

export function realWorkload(script: RealScript): CrashWorkload<RealPlan> {
  const neg = script.negotiation;
  const bytesOf = new Map(script.envelopes.map((e) => [`${e.author}:${e.seq}`, e.bytes]));
  const counts = new Map<PartyId, number>();
  for (const e of script.envelopes) counts.set(e.author, Math.max(counts.get(e.author) ?? 0, e.seq));
  const admittedAt = new Map<PartyId, number>(decodeGenesis(script.genesis).charter.parties.map((p) => [p.id, 0]));
  for (const [i, b] of script.blocks.entries()) {
    const body = decodeBlock(b.bytes).body;
    if (body.kind === 'admit') admittedAt.set(body.party.id, i + 1);
  }
  const authors = [...counts.keys()];
  const frontiers = script.checkpoints.map((c) => decodeSnapshot(c).frontier);
  const blockAt = (height: number): Uint8Array => (height === 0 ? script.genesis : script.blocks[height - 1]!.bytes);

  const markDurable = (plan: RealPlan, author: PartyId, seq: number): void => {
    const durable = setOf(plan.durable, author);
    if (durable.has(seq)) return;
    durable.add(seq);
    plan.durableCount++;
    let front = plan.front.get(author) ?? 0;
    while (durable.has(front + 1)) front++;
    plan.front.set(author, front);
  };

  function planEnvelopes(rng: Rng, plan: RealPlan): CrashWrite | undefined {
    const open = authors.filter((a) => admittedAt.get(a)! <= plan.durableTip);
    if (open.length === 0) return undefined;
    const records: Array<{ author: PartyId; seq: number; bytes: Uint8Array }> = [];
    const fresh: string[] = [];
    for (let n = 1 + rng.int(rng.chance(0.3) ? 6 : 2); n > 0; n--) {
      const author = rng.pick(open);
      const seqs = setOf(plan.planned, author);
      const count = counts.get(author)!;
      const max = Math.max(0, ...seqs);
      const missing = max > seqs.size ? Array.from({ length: max }, (_, i) => i + 1).filter((q) => !seqs.has(q)) : [];
      const durable = [...(plan.durable.get(author) ?? [])];
      const roll = rng.next();
      let seq: number | undefined;
      // Gaps are rarer and filled sooner than in the fabricated workload: an envelope after a gap
      // holds back every later edit that depends on it, and we want most of the draft applied.
      if (roll < 0.08 && durable.length > 0) seq = rng.pick(durable); // re-append: must be a no-op
      else if (roll < 0.4 && missing.length > 0) seq = missing[0]!; // fills the oldest gap
      else if (roll < 0.44 && max + 2 <= count) seq = max + 2 + rng.int(Math.min(3, count - max - 1)); // leaves a gap
      else if (max < count) seq = max + 1;
      else if (missing.length > 0) seq = rng.pick(missing);
      else if (durable.length > 0) seq = rng.pick(durable);
      if (seq === undefined) continue;
      if (!seqs.has(seq)) {
        seqs.add(seq);
        fresh.push(`${neg}:${author}:${seq}`);
      }
      records.push({ author, seq, bytes: bytesOf.get(`${author}:${seq}`)! });
    }
    return records.length === 0 ? undefined : { kind: 'envelopes', neg, records, fresh };
  }

  function planBlock(plan: RealPlan): CrashWrite | undefined {
    const height = plan.plannedTip + 1;
    if (height > script.blocks.length || (height > 0 && plan.durableCount < script.blocks[height - 1]!.after)) return undefined;
    plan.plannedTip = height;
    return { kind: 'block', neg, height, bytes: blockAt(height) };
  }

  function planSnapshot(plan: RealPlan): CrashWrite | undefined {
    for (let i = frontiers.length; i > plan.snapshot; i--) {
      if ([...frontiers[i - 1]!].every(([author, seq]) => (plan.front.get(author) ?? 0) >= seq)) {
        plan.snapshot = i;
        return { kind: 'snapshot', neg, counter: i, bytes: script.checkpoints[i - 1]! };
      }
    }
    return undefined;
  }

  return {
    negotiations: [neg],

    async resume(store) {
      const plan: RealPlan = { planned: new Map(), durable: new Map(), front: new Map(), durableCount: 0, plannedTip: -1, durableTip: -1, snapshot: 0, evidence: 1 };
      for (const author of await store.authors(neg)) {
        for (const r of await store.envelopes(neg, author)) {
          setOf(plan.planned, author).add(r.seq);
          markDurable(plan, author, r.seq);
        }
      }
      plan.plannedTip = plan.durableTip = (await store.tip(neg)) ?? -1;
      const snapshot = await store.getSnapshot(neg);
      const counter = snapshot === undefined ? 0 : this.counterOf('snapshot', neg, snapshot);
      plan.snapshot = typeof counter === 'number' ? counter : 0;
      const evidence = (await store.evidence(neg)).map((bytes) => evidenceCounter(neg, bytes));
      plan.evidence = 1 + Math.max(0, ...evidence.filter((c): c is number => typeof c === 'number'));
      return plan;
    },

    plan(rng, plan) {
      const roll = rng.int(100);
      const write =
        (plan.plannedTip < 0 || roll < 15 ? planBlock(plan) : undefined) ??
        (roll >= 15 && roll < 20 ? planSnapshot(plan) : undefined) ??
        (roll < 85 ? planEnvelopes(rng, plan) : undefined);
      if (write !== undefined) return write;
      const counter = plan.evidence++;
      return { kind: 'evidence', neg, counter, bytes: evidenceRecord(neg, counter) };
    },

    acknowledge(plan, write) {
      if (write.kind === 'envelopes') for (const r of write.records) markDurable(plan, r.author, r.seq);
      if (write.kind === 'block') plan.durableTip = Math.max(plan.durableTip, write.height);
    },

    checkEnvelope(_neg, author, seq, bytes) {
      const expected = bytesOf.get(`${author}:${seq}`);
      if (expected === undefined) return `envelope ${author}#${seq}: not in the script`;
      return equalBytes(expected, bytes) ? undefined : `envelope ${author}#${seq}: not the script's bytes`;
    },

    checkChain(_neg, blocks) {
      if (blocks.length === 0) return undefined;
      const wrong = blocks.findIndex((b, h) => !equalBytes(b, blockAt(h)));
      if (wrong >= 0) return `block ${wrong}: not the script's bytes`;
      try {
        const verified = verifyChain(decodeGenesis(blocks[0]!), blocks.slice(1).map(decodeBlock), scheme);
        return verified.ok ? undefined : `block ${verified.error.height}: ${verified.error.reason}`;
      } catch (e) {
        return `decode: ${e instanceof Error ? e.message : String(e)}`;
      }
    },

    counterOf(kind, _neg, bytes) {
      if (kind === 'evidence') return evidenceCounter(neg, bytes);
      const i = script.checkpoints.findIndex((c) => equalBytes(c, bytes));
      return i >= 0 ? i + 1 : 'snapshot: not a checkpoint of the script';
    },

    checkRecord: (store) => checkReopened(store, script),
  };
}

/**
 * Reopens the negotiation as the node does (ledger from genesis, draft from snapshot plus stored
 * envelopes) and compares its draft with a fresh replica fed every stored envelope, authors taking
 * turns, each in seq order: same text, same state, same frontier, same envelopes held.
 */
async function checkReopened(store: PlenaryStore, script: RealScript): Promise<RecordCheck> {
  const neg = script.negotiation;
  const problems: string[] = [];
  const stored = await store.countEnvelopes(neg);
  if ((await store.tip(neg)) === undefined) {
    if (stored > 0) problems.push(`${stored} envelopes stored without a genesis`);
    return { problems, counts: {} };
  }
  const opened = await openNegotiation(store, neg, scheme);
  if (!opened.ok) return { problems: [`openNegotiation: ${opened.error}`], counts: {} };
  const { draft, ledger, refused, waiting, replayed } = opened.value;
  for (const r of refused) problems.push(`refused ${r.author}#${r.seq}: ${r.reason}`);

  // Every party of any height may have written the stored history.
  const keys = new Map<PartyId, Uint8Array>();
  for (let h = 1; h <= ledger.height + 1; h++) {
    const members = h <= ledger.height ? ledger.membersAt(h) : ledger.members();
    for (const id of members?.ids() ?? []) keys.set(id, members!.publicKeyOf(id)!);
  }
  const reference = new DraftReplica(neg, { publicKeyOf: (p) => keys.get(p) }, { scheme });
  const queues = await Promise.all((await store.authors(neg)).map((a) => store.envelopes(neg, a)));
  for (let i = 0; queues.some((q) => i < q.length); i++) {
    for (const q of queues) {
      const r = q[i];
      if (r === undefined) continue;
      const outcome = reference.acceptEnvelope(r.bytes);
      if (outcome.kind === 'rejected') problems.push(`reference replica rejected ${r.author}#${r.seq}: ${outcome.reason}`);
    }
  }
  const text = renderCanonical(draft.doc);
  if (text !== renderCanonical(reference.doc)) problems.push('reopened text differs from the reference replica\'s');
  const vector = (doc: Y.Doc): string => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc))].sort((a, b) => a[0] - b[0]));
  if (vector(draft.doc) !== vector(reference.doc)) problems.push('reopened Yjs state differs from the reference replica\'s');
  const frontier = (m: Map<PartyId, number>): string => JSON.stringify([...m].sort(([a], [b]) => (a < b ? -1 : 1)));
  if (frontier(draft.frontier()) !== frontier(reference.frontier())) problems.push(`reopened frontier ${frontier(draft.frontier())} differs from ${frontier(reference.frontier())}`);
  if (waiting !== reference.heldCount()) problems.push(`reopened holds ${waiting} envelopes, the reference ${reference.heldCount()}`);
  const complete = stored === script.envelopes.length;
  if (complete && text !== script.finalText) problems.push('every envelope is stored, yet the text is not the final text');
  const snapshot = await store.getSnapshot(neg);
  return {
    problems,
    counts: {
      'envelopes applied': [...draft.frontier().values()].reduce((a, b) => a + b, 0),
      'envelopes replayed': replayed,
      'envelopes held': waiting,
      'reopenings from a snapshot': snapshot === undefined ? 0 : 1,
      'reopenings with envelopes held': waiting > 0 ? 1 : 0,
      'reopenings with every envelope': complete ? 1 : 0,
      'final blocks verified': ledger.height,
    },
  };
}

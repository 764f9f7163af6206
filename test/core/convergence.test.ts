/**
 * Seeded randomized convergence, in the style of yjs's own tests: 3-5 delegations edit one
 * treaty concurrently (text, paragraphs, articles, brackets, alternatives, statuses, comments),
 * exchanging signed envelopes in random order with duplicates and drops; observer replicas
 * receive the whole log in their own random order, with duplicates, and the dropped envelopes
 * again at the end (repair). Every replica must end with the same canonical text and hash, the
 * same attribution, the same state vector, and Yjs must never hold pending structs.
 *
 * CONVERGENCE_SEEDS=2000 runs more seeds; a seed that ever failed goes into REGRESSION_SEEDS.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../support/rng.js';
import { encodeEnvelope, type Envelope } from '../../src/core/draft/envelope.js';
import { articlesOf, allParagraphs, findBracket, alternativesOf, treatyRoots, PARAGRAPH_STATUSES } from '../../src/core/draft/schema.js';
import { addArticle, addParagraph, deleteText, insertText, setParagraphStatus, createTreaty, type TextTarget } from '../../src/core/draft/treaty-ops.js';
import { addAlternative, bracketSpan, resolveBracket } from '../../src/core/draft/brackets.js';
import { addComment } from '../../src/core/draft/comments.js';
import { splitsPair } from '../../src/core/draft/schema.js';
import type { DraftReplica } from '../../src/core/draft/replica.js';
import { Delegation, TestRoster, deliver, fingerprint, newReplica, signerFor } from './draft-fixtures.js';

const SEEDS = Number(process.env.CONVERGENCE_SEEDS ?? 50);
const REGRESSION_SEEDS: number[] = [];

const WORDS = ['shall', 'should', 'may', 'the Parties', 'albatross', 'e\u0301te\u0301', '\u00e9t\u00e9', '条约', '🕊️', 'Ω', ' ', ', ', '\n', 'co-operation'];

function randomText(rng: Rng): string {
  let s = '';
  const n = 1 + rng.int(3);
  for (let i = 0; i < n; i++) s += rng.pick(WORDS);
  return s;
}

function safeIndex(text: string, index: number): number {
  return splitsPair(text, index) ? index - 1 : index;
}

/** One random edit by the delegation, through the schema operations (invalid choices are no-ops). */
function randomEdit(d: Delegation, rng: Rng, nextId: () => string): void {
  const doc = d.doc;
  const party = d.signer.party;
  const paragraphs = allParagraphs(doc);
  const articles = articlesOf(doc);
  const roll = rng.next();
  if (roll < 0.05 || (paragraphs.length === 0 && roll < 0.5)) {
    if (rng.chance(0.5) || articles.length === 0) addArticle(doc, { id: nextId(), heading: randomText(rng), index: rng.int(articles.length + 1) });
    else addParagraph(doc, { id: nextId(), in: 'preamble', text: randomText(rng) });
    return;
  }
  if (roll < 0.12 && articles.length > 0) {
    const article = rng.pick(articles);
    addParagraph(doc, { id: nextId(), in: { articleId: article.id }, text: randomText(rng), index: rng.int(2) === 0 ? 0 : undefined });
    return;
  }
  if (paragraphs.length === 0) return;
  const paragraph = rng.pick(paragraphs);
  const current = paragraph.text.toString();
  if (roll < 0.18 && current.length > 0) {
    const from = safeIndex(current, rng.int(current.length));
    const length = 1 + rng.int(Math.min(6, current.length - from));
    const end = safeIndex(current, from + length);
    if (end > from) bracketSpan(doc, paragraph.id, from, end - from, nextId(), party);
    return;
  }
  const brackets = [...treatyRoots(doc).brackets.keys()].sort();
  if (roll < 0.24 && brackets.length > 0) {
    addAlternative(doc, rng.pick(brackets), randomText(rng), party, nextId());
    return;
  }
  if (roll < 0.27 && brackets.length > 0) {
    const bracket = findBracket(doc, rng.pick(brackets));
    if (bracket === undefined) return;
    const alternatives = alternativesOf(bracket);
    if (alternatives.length > 0 && rng.chance(0.5)) resolveBracket(doc, bracket.id, { kind: 'alternative', alternativeId: rng.pick(alternatives).id });
    else resolveBracket(doc, bracket.id, { kind: 'span' });
    return;
  }
  if (roll < 0.32) {
    setParagraphStatus(doc, paragraph.id, rng.pick(PARAGRAPH_STATUSES));
    return;
  }
  if (roll < 0.35) {
    const from = safeIndex(current, rng.int(current.length + 1));
    addComment(doc, { id: nextId(), author: party, body: randomText(rng), paragraphId: paragraph.id, index: from, length: 0, createdAt: 1_700_000_000_000 });
    return;
  }
  // Text edits, the bulk of the work: in a paragraph, the title, a heading or an alternative.
  let target: TextTarget = { kind: 'paragraph', paragraphId: paragraph.id };
  let text = paragraph.text;
  const which = rng.next();
  if (which < 0.1) {
    target = { kind: 'title' };
    text = treatyRoots(doc).title;
  } else if (which < 0.2 && articles.length > 0) {
    const article = rng.pick(articles);
    if (article.heading === null) return;
    target = { kind: 'heading', articleId: article.id };
    text = article.heading;
  }
  const value = text.toString();
  if (value.length > 0 && rng.chance(0.35)) {
    const from = safeIndex(value, rng.int(value.length));
    const end = safeIndex(value, Math.min(value.length, from + 1 + rng.int(5)));
    if (end > from) expect(deleteText(doc, target, from, end - from).ok).toBe(true);
  } else {
    expect(insertText(doc, target, safeIndex(value, rng.int(value.length + 1)), randomText(rng)).ok).toBe(true);
  }
}

interface Inbox {
  pending: Envelope[];
  dropped: Envelope[];
}

function send(replica: DraftReplica, envelope: Envelope, rng: Rng, context: string): void {
  const outcome = deliver(replica, rng.chance(0.7) ? encodeEnvelope(envelope) : envelope, context);
  if (outcome.kind === 'rejected') expect.fail(`${context}: ${envelope.author} seq ${envelope.seq} rejected: ${outcome.reason}: ${outcome.detail}`);
  if (outcome.kind === 'applied') {
    for (const s of outcome.settled) {
      if (s.result !== 'applied') expect.fail(`${context}: ${s.envelope.author} seq ${s.envelope.seq} spent: ${s.detail}`);
    }
  }
}

/** Delivers one random envelope from the inbox: sometimes kept for a duplicate, sometimes dropped. */
function deliverOne(replica: DraftReplica, inbox: Inbox, rng: Rng, context: string): void {
  if (inbox.pending.length === 0) return;
  const i = rng.int(inbox.pending.length);
  const envelope = inbox.pending[i]!;
  if (rng.chance(0.05)) {
    inbox.pending.splice(i, 1);
    inbox.dropped.push(envelope);
    return;
  }
  send(replica, envelope, rng, context);
  if (!rng.chance(0.1)) inbox.pending.splice(i, 1);
}

function runScenario(seed: number): void {
  const rng = createRng(seed);
  const context = `seed ${seed}`;
  const authors = 3 + rng.int(3);
  const signers = Array.from({ length: authors }, (_, i) => signerFor(i + 1));
  const roster = new TestRoster(signers);
  const delegations = signers.map((s, i) => new Delegation(s, roster, 1000 + i + rng.int(1000), { coalesce: rng.chance(0.5) }));
  const inboxes = delegations.map((): Inbox => ({ pending: [], dropped: [] }));
  const log: Envelope[] = [];
  let ids = 0;
  const nextId = () => `x${seed}-${ids++}`;
  const published = delegations.map(() => 0);
  const publish = (): void => {
    delegations.forEach((d, i) => {
      for (; published[i]! < d.sealed.length; published[i]!++) {
        const envelope = d.sealed[published[i]!]!;
        log.push(envelope);
        inboxes.forEach((inbox, j) => {
          if (j !== i || rng.chance(0.1)) inbox.pending.push(envelope); // an echo of one's own now and then
        });
      }
    });
  };

  expect(createTreaty(delegations[0]!.doc, 'Treaty of seed ' + seed).ok).toBe(true);
  delegations[0]!.flush();
  publish();
  const steps = 60 + rng.int(60);
  for (let step = 0; step < steps; step++) {
    const i = rng.int(authors);
    const d = delegations[i]!;
    if (rng.chance(0.55)) randomEdit(d, rng, nextId);
    if (rng.chance(0.4)) d.flush();
    publish();
    const deliveries = rng.int(4);
    for (let k = 0; k < deliveries; k++) {
      const j = rng.int(authors);
      deliverOne(delegations[j]!.replica, inboxes[j]!, rng, `${context} step ${step} to ${j}`);
    }
  }
  for (const d of delegations) d.flush();
  publish();

  // Repair: everything not yet delivered, including what was dropped, in a fresh random order.
  delegations.forEach((d, j) => {
    const rest = rng.shuffle([...inboxes[j]!.pending, ...inboxes[j]!.dropped]);
    for (const envelope of rest) send(d.replica, envelope, rng, `${context} repair ${j}`);
  });

  // Observers: the whole log, own order, duplicates, drops re-delivered at the end.
  const observers = Array.from({ length: 3 }, () => newReplica(roster));
  observers.forEach((observer, o) => {
    const order = rng.shuffle([...log, ...log.filter(() => rng.chance(0.2))]);
    const later: Envelope[] = [];
    for (const envelope of order) {
      if (rng.chance(0.05)) later.push(envelope);
      else send(observer, envelope, rng, `${context} observer ${o}`);
    }
    for (const envelope of rng.shuffle(later)) send(observer, envelope, rng, `${context} observer ${o} repair`);
  });

  const replicas = [...delegations.map((d) => d.replica), ...observers];
  for (const [r, replica] of replicas.entries()) {
    expect(replica.heldCount(), `${context}: replica ${r} still holds envelopes: ${JSON.stringify(replica.missing())}`).toBe(0);
    expect(replica.evictions(), `${context}: evictions`).toEqual([]);
    expect(replica.conflicts(), `${context}: conflicts`).toEqual([]);
  }
  const reference = fingerprint(replicas[0]!);
  for (let r = 1; r < replicas.length; r++) {
    const other = fingerprint(replicas[r]!);
    expect(other.stateVector, `${context}: state vector of replica ${r}`).toBe(reference.stateVector);
    expect(other.canonical, `${context}: canonical text of replica ${r}`).toBe(reference.canonical);
    expect(other.hash, `${context}: text hash of replica ${r}`).toBe(reference.hash);
    expect(other.attribution, `${context}: attribution of replica ${r}`).toBe(reference.attribution);
    expect(other.frontier, `${context}: frontier of replica ${r}`).toBe(reference.frontier);
  }
  expect(log.length, context).toBeGreaterThan(authors);
}

describe('replicas converge whatever the delivery order', () => {
  for (const seed of REGRESSION_SEEDS) {
    it(`regression seed ${seed}`, () => runScenario(seed));
  }
  // Batches of 25 seeds, so CONVERGENCE_SEEDS=2000 stays within each test's time limit.
  for (let first = 1; first <= SEEDS; first += 25) {
    const last = Math.min(SEEDS, first + 24);
    it(`seeds ${first}..${last} (CONVERGENCE_SEEDS for more)`, () => {
      for (let seed = first; seed <= last; seed++) runScenario(seed);
    });
  }
});

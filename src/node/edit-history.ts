/**
 * The finer history of a draft: every signed edit (envelope) this node holds, replayed into a
 * replica of its own, in one order, grouped into readable steps; and the canonical text as it
 * stood after any step.
 *
 * Order. The store keeps envelopes by (author, seq), not by arrival, and envelopes carry no clock,
 * so the history makes its own order and keeps it: the order its replica accepted them. Each
 * envelope comes after everything it builds on (its author's earlier ones, the items it edits),
 * edits held by an adopted version come before those that are not (adopted-states.ts), and
 * otherwise one author's consecutive envelopes are taken together while they can be: concurrent
 * edits carry no order of their own, and a reader follows one delegation's sentence better than
 * keystrokes shuffled with another's. Envelopes stored later are appended, so an index names the
 * same edit for as long as the node runs (a node reopened may place late arrivals earlier).
 *
 * Steps. A step is a run of consecutive envelopes (in that order) by one author, within the
 * paragraphs it started in (an envelope that touches only other paragraphs starts a new step; one
 * touching none, say the title, joins), of at most MAX_STEP_ENVELOPES, and not across an adoption.
 * Epochs do not split steps: a delegation's editor and its node's commands write under epochs of
 * their own, and a reader sees one delegation at work. Only the newest step can still grow.
 *
 * Text after a step: the replica never collects garbage, so the document as it stood after the
 * first k envelopes is a Yjs snapshot of it (the clocks and deletions those k made), rendered
 * from a document rebuilt by Y.createDocFromSnapshot: one pass over the document, no signature.
 * Building the history verifies and applies every envelope once, as opening a negotiation does.
 */
import * as Y from 'yjs';
import { renderCanonical } from '../core/draft/canonical.js';
import { decodeEnvelope } from '../core/draft/envelope.js';
import { DraftReplica } from '../core/draft/replica.js';
import { analyzeUpdate } from '../core/draft/update-analysis.js';
import type { PartyId } from '../core/identity.js';
import { AdoptedStates, type WrittenRange } from './adopted-states.js';
import { measureTransaction, noEffect, type EditEffect } from './edit-effect.js';
import { historicalRoster } from './negotiation-record.js';
import type { NegotiationSession } from './negotiation-session.js';

type DeleteSet = Y.Transaction['deleteSet'];

export const MAX_STEP_ENVELOPES = 100;
/** Envelopes read from the store per author at a time. */
const PAGE = 512;
/** Texts kept rendered (a diff asks for two, the UI asks again as it pages). */
const TEXT_CACHE = 8;

/** One accepted envelope, as much as the history keeps of it. */
interface EditRecord {
  readonly client: number;
  /** The client's clock after it. */
  readonly end: number;
  readonly deletes: DeleteSet | null;
}

export interface EditStep {
  readonly author: PartyId;
  /** The epoch (session) of its last envelope. */
  epoch: number;
  readonly firstSeq: number;
  lastSeq: number;
  envelopes: number;
  /** Envelopes in the history up to and including this step. */
  through: number;
  inserted: number;
  deleted: number;
  readonly paragraphs: string[];
  /** Which adopted versions' edits it belongs with (see AdoptedStates.firstHolding). */
  readonly segment: number;
}

interface Pending {
  readonly seq: number;
  readonly bytes: Uint8Array;
  /** What it needs in the document first (null: it does not decode; the replica decides at its turn). */
  needs?: ReadonlyMap<number, number> | null;
  range?: WrittenRange | null;
  /** [versions known, first version holding it] when last asked. */
  segment?: readonly [number, number];
}

interface Source {
  /** The store holds 1..upTo of this author (its frontier). */
  upTo: number;
  /** Highest seq read from the store. */
  read: number;
  readonly queue: Pending[];
  /** The replica refused one of its envelopes without spending it: nothing after it can settle. */
  stalled: boolean;
}

function decodePending(p: Pending): void {
  try {
    const envelope = decodeEnvelope(p.bytes);
    const analysis = analyzeUpdate(envelope.update, envelope.clientId);
    if (!analysis.ok) throw new Error(analysis.error.detail);
    const { client, endClock, needs, deleteUpdate } = analysis.value;
    p.needs = needs;
    p.range = { client, endClock, deletes: deleteUpdate === null ? null : Y.decodeUpdate(deleteUpdate).ds };
  } catch {
    p.needs = null;
    p.range = null;
  }
}

export class EditHistory {
  private readonly replica: DraftReplica;
  private readonly records: EditRecord[] = [];
  private readonly stepList: EditStep[] = [];
  private readonly sources = new Map<PartyId, Source>();
  private readonly adopted = new AdoptedStates();
  /** Edits belonging with versions up to this ordinal may be taken now (see the file comment). */
  private segment = 0;
  private current: PartyId | undefined;
  private effect: EditEffect = noEffect();
  private deletes: DeleteSet[] = [];
  private running: Promise<void> = Promise.resolve();
  private readonly texts = new Map<number, string>();

  constructor(private readonly session: NegotiationSession) {
    this.replica = new DraftReplica(session.negotiation, historicalRoster(session.ledger), { scheme: session.scheme });
    this.replica.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin !== this.replica.origin) return;
      // Never throws into the replica (which would spend the envelope as a Yjs failure).
      try {
        measureTransaction(transaction, this.effect);
      } catch {
        // The counts of this edit stay as measured so far; its text and place are unaffected.
      }
      if (transaction.deleteSet.clients.size > 0) this.deletes.push(transaction.deleteSet);
    });
  }

  /** Steps, oldest first (index i + 1 in the API). */
  get steps(): readonly EditStep[] {
    return this.stepList;
  }

  /** Replays what the store gained since the last call. Calls run one at a time. */
  refresh(): Promise<void> {
    const run = this.running.then(() => this.replay());
    this.running = run.catch(() => undefined);
    return run;
  }

  /** The canonical text after the first `count` steps (0: the empty document before any edit). */
  textAfter(count: number): string {
    const through = count === 0 ? 0 : this.stepList[count - 1]!.through;
    const known = this.texts.get(through);
    if (known !== undefined) return known;
    const sv = new Map<number, number>();
    const deletes: DeleteSet[] = [];
    for (let i = 0; i < through; i++) {
      const r = this.records[i]!;
      if (r.end > (sv.get(r.client) ?? 0)) sv.set(r.client, r.end);
      if (r.deletes !== null) deletes.push(r.deletes);
    }
    const doc = new Y.Doc({ gc: false });
    // As in the replica: no formatting clean-up of our own after a remote change.
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      transaction._needFormattingCleanup = false;
    });
    Y.createDocFromSnapshot(this.replica.doc, Y.createSnapshot(Y.mergeDeleteSets(deletes), sv), doc);
    const text = renderCanonical(doc);
    doc.destroy();
    if (this.texts.size >= TEXT_CACHE) this.texts.delete(this.texts.keys().next().value!);
    this.texts.set(through, text);
    return text;
  }

  private async replay(): Promise<void> {
    const { store, negotiation, ledger } = this.session;
    this.adopted.update(ledger.blocks());
    for (const [author, upTo] of await store.frontier(negotiation)) {
      const source = this.sources.get(author);
      if (source === undefined) this.sources.set(author, { upTo, read: 0, queue: [], stalled: false });
      else source.upTo = upTo;
    }
    const authors = [...this.sources.keys()].sort();
    for (;;) {
      for (const author of authors) await this.fill(author);
      const next = this.pick(authors);
      if (next === undefined) return;
      this.feed(next);
    }
  }

  /** Reads the author's next page once its queue is empty (only what the store holds without a gap). */
  private async fill(author: PartyId): Promise<void> {
    const source = this.sources.get(author)!;
    if (source.queue.length > 0 || source.stalled || source.read >= source.upTo) return;
    const records = await this.session.store.envelopes(this.session.negotiation, author, source.read + 1, Math.min(PAGE, source.upTo - source.read));
    for (const r of records) source.queue.push({ seq: r.seq, bytes: r.bytes });
    source.read = records.length === 0 ? source.upTo : records[records.length - 1]!.seq;
  }

  /**
   * The author whose next envelope goes next: the current author while it can, else the next
   * author in id order, cyclically. When nothing of the current segment can go, the next segment
   * opens (and the step ends).
   */
  private pick(authors: readonly PartyId[]): PartyId | undefined {
    const start = this.current === undefined ? 0 : Math.max(0, authors.indexOf(this.current));
    let waiting = Infinity;
    for (let i = 0; i < authors.length; i++) {
      const author = authors[(start + i) % authors.length]!;
      const segment = this.readySegment(author);
      if (segment === undefined) continue;
      if (segment <= this.segment) return author;
      waiting = Math.min(waiting, segment);
    }
    if (waiting === Infinity) return undefined;
    this.segment = waiting;
    return this.pick(authors);
  }

  /** The segment of the author's next envelope if it can be applied now, else undefined. */
  private readySegment(author: PartyId): number | undefined {
    const source = this.sources.get(author)!;
    const head = source.queue[0];
    if (head === undefined || source.stalled) return undefined;
    if (head.seq !== this.replica.frontierOf(author) + 1) return undefined;
    if (head.needs === undefined) decodePending(head);
    const store = this.replica.doc.store;
    for (const [client, clock] of head.needs ?? []) if (Y.getState(store, client) < clock) return undefined;
    if (head.range === null || head.range === undefined) return this.segment; // the replica spends it at its turn
    const known = this.adopted.count;
    if (head.segment === undefined || head.segment[0] !== known) {
      const from = head.segment?.[1] ?? 0; // versions only ever get added
      head.segment = [known, Math.min(this.adopted.firstHolding(head.range, Math.min(from, known)), known)];
    }
    return head.segment[1];
  }

  private feed(author: PartyId): void {
    const source = this.sources.get(author)!;
    const head = source.queue.shift()!;
    this.effect = noEffect();
    this.deletes = [];
    const outcome = this.replica.acceptEnvelope(head.bytes);
    const settled = outcome.kind === 'applied' || outcome.kind === 'rejected' ? outcome.settled : [];
    // Refused without spending its seq (a bad signature, an unknown author): the author stops here.
    if (outcome.kind === 'rejected' && !outcome.spent) source.stalled = true;
    this.current = author;
    const deletes = this.deletes.length === 0 ? null : this.deletes.length === 1 ? this.deletes[0]! : Y.mergeDeleteSets(this.deletes);
    // Fed only when applicable, an envelope settles alone; were the replica to settle held ones
    // with it, the call's effect goes to the first, and the snapshot after any of them is the same.
    settled.forEach((s, i) => {
      const client = s.envelope.clientId;
      this.records.push({ client, end: Y.getState(this.replica.doc.store, client), deletes: i === 0 ? deletes : null });
      this.addToSteps(s.envelope.author, s.envelope.epoch, s.envelope.seq, i === 0 ? this.effect : noEffect());
    });
  }

  private addToSteps(author: PartyId, epoch: number, seq: number, effect: EditEffect): void {
    const last = this.stepList[this.stepList.length - 1];
    const touched = [...effect.paragraphs];
    const joins =
      last !== undefined &&
      last.author === author &&
      last.segment === this.segment &&
      last.envelopes < MAX_STEP_ENVELOPES &&
      (touched.length === 0 || last.paragraphs.length === 0 || touched.some((p) => last.paragraphs.includes(p)));
    if (joins) {
      last.lastSeq = seq;
      last.epoch = epoch;
      last.envelopes++;
      last.through = this.records.length;
      last.inserted += effect.inserted;
      last.deleted += effect.deleted;
      for (const p of touched) if (!last.paragraphs.includes(p)) last.paragraphs.push(p);
      return;
    }
    this.stepList.push({
      author,
      epoch,
      firstSeq: seq,
      lastSeq: seq,
      envelopes: 1,
      through: this.records.length,
      inserted: effect.inserted,
      deleted: effect.deleted,
      paragraphs: touched,
      segment: this.segment,
    });
  }
}

const histories = new WeakMap<NegotiationSession, EditHistory>();

/** The session's history, brought up to date with everything stored so far. */
export async function editHistoryOf(session: NegotiationSession): Promise<EditHistory> {
  let history = histories.get(session);
  if (history === undefined) {
    history = new EditHistory(session);
    histories.set(session, history);
  }
  await session.settle();
  await history.refresh();
  return history;
}

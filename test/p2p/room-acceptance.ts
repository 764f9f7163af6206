/**
 * The room's acceptance suite, run against every network adapter (automerge-repo's pattern):
 * delegations draft one paragraph concurrently and converge, adopt the text by the charter's rule,
 * a late joiner catches up, a delegation that was offline and edited converges with the others.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addArticle, addParagraph, createTreaty, insertText } from '../../src/core/draft/treaty-ops.js';
import { findParagraph } from '../../src/core/draft/schema.js';
import { renderCanonical } from '../../src/core/draft/canonical.js';
import type { PeerNetwork } from '../../src/p2p/network.js';
import { createRng, type Rng } from '../support/rng.js';
import { waitFor, waitForValue } from '../support/wait.js';
import {
  adoption,
  canonicalHash,
  converged,
  holdings,
  joinRoom,
  roomNegotiation,
  tipHash,
  type Delegate,
  type Holdings,
  type RoomNegotiation,
  type RoomTuning,
} from './room-fixtures.js';

export interface RoomAdapter {
  readonly name: string;
  network(seed: Uint8Array): Promise<PeerNetwork>;
  connect(a: PeerNetwork, b: PeerNetwork): Promise<void>;
  readonly timeoutMs: number;
  readonly tuning?: RoomTuning;
}

const PARAGRAPH = { kind: 'paragraph', paragraphId: 'p1' } as const;

/** The convenor's opening: a title, one article, one paragraph everyone then edits. */
export function openTreaty(d: { draft: Holdings['draft'] }): void {
  const doc = d.draft.doc;
  for (const step of [
    createTreaty(doc, 'Convention on Shared Waters'),
    addArticle(doc, { id: 'a1', heading: 'Article 1' }),
    addParagraph(doc, { id: 'p1', in: { articleId: 'a1' }, text: 'The Parties shall cooperate.' }),
  ]) {
    if (!step.ok) throw new Error(step.error.message);
  }
}

export function paragraphLength(d: { draft: Holdings['draft'] }): number {
  return findParagraph(d.draft.doc, 'p1')?.text.length ?? -1;
}

/** Inserts `word` at a random place in the shared paragraph; returns its length. */
export function typeWord(d: { draft: Holdings['draft'] }, rng: Rng, word: string): number {
  const length = paragraphLength(d);
  const done = insertText(d.draft.doc, PARAGRAPH, rng.int(length + 1), word);
  if (!done.ok) throw new Error(done.error.message);
  return word.length;
}

/** Lets queued deliveries and timers run between keystrokes (no sleeping). */
const yieldToNetwork = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function runRoomAcceptance(make: () => RoomAdapter): void {
  const adapter = make();
  const timeout = { timeoutMs: adapter.timeoutMs };
  const started: Delegate[] = [];

  afterEach(async () => {
    for (const d of started.splice(0)) {
      await d.room.stop();
      await d.network.stop();
    }
  });

  async function start(held: Holdings, tuning: RoomTuning = {}): Promise<Delegate> {
    const network = await adapter.network(held.party.seed);
    const d = joinRoom(held, network, { ...adapter.tuning, ...tuning });
    started.push(d);
    return d;
  }

  async function connectAll(delegates: readonly Delegate[]): Promise<void> {
    for (let i = 0; i < delegates.length; i++) {
      for (let j = i + 1; j < delegates.length; j++) await adapter.connect(delegates[i]!.network, delegates[j]!.network);
    }
    await waitFor(
      'every delegation to see every other subscribed to the room',
      () =>
        delegates.every((d) =>
          delegates.every((o) => o === d || (['draft', 'ledger'] as const).every((t) => d.network.subscribers(d.room.topics[t]).includes(o.network.peerId))),
        ),
      timeout,
    );
  }

  async function openAndShare(delegates: readonly Delegate[]): Promise<void> {
    openTreaty(delegates[0]!);
    await waitFor('every delegation to hold the opened treaty', () => delegates.every((d) => paragraphLength(d) > 0) && converged(delegates), timeout);
  }

  /** Each delegation types `words` words in turn, yielding between keystrokes; returns the characters typed. */
  async function draftConcurrently(delegates: readonly Delegate[], words: number, seed: number): Promise<number> {
    const rng = createRng(seed);
    let typed = 0;
    for (let k = 0; k < words; k++) {
      for (const d of delegates) typed += typeWord(d, rng, ` d${d.party.index}w${k}`);
      await yieldToNetwork();
    }
    return typed;
  }

  async function adopt(delegates: readonly Delegate[], proposer: Delegate, label: string): Promise<void> {
    const height = proposer.ledger.height + 1;
    const proposed = await proposer.room.propose(adoption(proposer.draft, label));
    if (!proposed.ok) throw new Error(proposed.error);
    const hash = proposed.value;
    for (const d of delegates) {
      await waitFor(`${d.party.spec.name} to see the proposal`, () => d.ledger.tally(hash) !== undefined || d.ledger.height >= height, timeout);
      if (d.ledger.height >= height) continue;
      const voted = await d.room.vote(hash);
      if (!voted.ok && d.ledger.height < height) throw new Error(voted.error);
    }
  }

  describe(`negotiation room over ${adapter.name}`, () => {
    it('four delegations edit one paragraph concurrently, converge, and adopt the text by the charter rule', async () => {
      const negotiation = roomNegotiation(4);
      const delegates = await Promise.all(negotiation.parties.map((_, i) => start(holdings(negotiation, i))));
      await connectAll(delegates);
      await openAndShare(delegates);
      const before = paragraphLength(delegates[0]!);
      const typed = await draftConcurrently(delegates, 12, 0xacce);
      await waitFor('the drafts to converge with every keystroke', () => converged(delegates) && paragraphLength(delegates[0]!) === before + typed, timeout);

      await adopt(delegates, delegates[1]!, 'Draft 1');
      await waitFor('the adoption to be final everywhere', () => delegates.every((d) => d.ledger.height === 1), timeout);
      const tips = new Set(delegates.map((d) => tipHash(d.ledger)));
      expect(tips.size).toBe(1);
      const block = delegates[0]!.ledger.blocks()[0]!;
      expect(block.body.kind).toBe('adopt');
      if (block.body.kind === 'adopt') expect(block.body.text).toBe(renderCanonical(delegates[0]!.draft.doc));
      for (const d of delegates) {
        expect(d.events.count((e) => e.type === 'block-final')).toBe(1);
        await waitFor('the block to be stored', () => d.records.height === 1, timeout);
        expect(d.errors).toEqual([]);
      }
    });

    it('a delegation started after the others drafted and adopted catches up fully', async () => {
      const negotiation = roomNegotiation(4);
      const early = await Promise.all([0, 1, 2].map((i) => start(holdings(negotiation, i))));
      await connectAll(early);
      await openAndShare(early);
      const typed = await draftConcurrently(early, 20, 0x1a7e);
      await waitFor('the early delegations to converge', () => converged(early), timeout);
      await adopt(early, early[0]!, 'Draft 1'); // 3 of 4 is two thirds
      await waitFor('the adoption to be final among the early ones', () => early.every((d) => d.ledger.height === 1), timeout);
      await draftConcurrently(early, 5, 0x1a7f);
      await waitFor('the early delegations to converge again', () => converged(early), timeout);

      const late = await start(holdings(negotiation, 3));
      await adapter.connect(late.network, early[2]!.network);
      const all = [...early, late];
      await waitFor('the late delegation to catch up', () => converged(all) && late.ledger.height === 1, timeout);
      expect(tipHash(late.ledger)).toBe(tipHash(early[0]!.ledger));
      expect(paragraphLength(late)).toBeGreaterThan(typed);
      expect(late.events.count((e) => e.type === 'catch-up' && e.phase === 'done' && e.envelopes > 0)).toBeGreaterThan(0);
      expect(late.errors).toEqual([]);
    });

    it('a delegation that went offline and edited converges with the others when it is back: nothing lost', async () => {
      const negotiation: RoomNegotiation = roomNegotiation(3);
      const held = negotiation.parties.map((_, i) => holdings(negotiation, i));
      const delegates = await Promise.all(held.map((h) => start(h)));
      await connectAll(delegates);
      await openAndShare(delegates);
      const base = paragraphLength(delegates[0]!);

      const away = delegates[2]!;
      await away.room.stop();
      await away.network.stop();
      started.splice(started.indexOf(away), 1);
      const rng = createRng(0x0ff1);
      let typed = 0;
      for (let k = 0; k < 8; k++) {
        typed += typeWord(delegates[0]!, rng, ` online0w${k}`);
        typed += typeWord(delegates[1]!, rng, ` online1w${k}`);
        typed += typeWord(away, rng, ` offline2w${k}`); // kept by its author until the room reopens
        await yieldToNetwork();
      }
      await waitFor('the two online delegations to converge', () => converged(delegates.slice(0, 2)), timeout);

      const back = await start(held[2]!);
      await adapter.connect(back.network, delegates[0]!.network);
      await adapter.connect(back.network, delegates[1]!.network);
      const all = [delegates[0]!, delegates[1]!, back];
      await waitFor('all three to converge, with every keystroke', () => converged(all) && paragraphLength(back) === base + typed, timeout);
      const text = await waitForValue('the paragraph', () => findParagraph(back.draft.doc, 'p1')?.text.toString());
      expect(text.length).toBe(base + typed);
      expect(canonicalHash(back.draft)).toBe(canonicalHash(delegates[0]!.draft));
      expect(back.records.envelopeCount).toBe(delegates[0]!.records.envelopeCount);
    });
  });
}

/**
 * The finer history (history.edits, history.diff at { edit }): two delegations on the in-memory
 * network take turns in one paragraph (each edit built on the other's, so their order is fixed),
 * then in a second; the steps group one delegation's consecutive edits, split by paragraph and
 * at an adoption; paging walks them; the text after any step is what an independent replica
 * renders from the first k stored envelopes in the history's order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAlternative, bracketSpan } from '../../src/core/draft/brackets.js';
import { addComment } from '../../src/core/draft/comments.js';
import { addArticle, addParagraph, createTreaty, deleteText, insertText, setParagraphStatus } from '../../src/core/draft/treaty-ops.js';
import { measureTransaction, noEffect, type EditEffect } from '../../src/node/edit-effect.js';
import { fromHex, toHex } from '../../src/core/bytes.js';
import { renderCanonical, textHash } from '../../src/core/draft/canonical.js';
import { DraftReplica } from '../../src/core/draft/replica.js';
import type { NegotiationId, PartyId } from '../../src/core/identity.js';
import type { DelegationNode } from '../../src/node/delegation-node.js';
import type { EditView } from '../../src/node/api.js';
import { fromBase64 } from '../../src/node/api-codec.js';
import { diffHunks } from '../../src/node/line-diff.js';
import { createNativeEd25519 } from '../../src/node/native-ed25519.js';
import { MemoryHub } from '../../src/p2p/memory-network.js';
import { waitFor } from '../support/wait.js';
import { conveneAndAdmit, openNetworkedNode } from './network-acceptance.js';
import { must, openNode, removeTempDirs, tempDir } from './node-fixtures.js';

const wait = { timeoutMs: 10_000 };
const scheme = createNativeEd25519();
const P1 = { kind: 'paragraph', paragraphId: 'p-1' } as const;
const P2 = { kind: 'paragraph', paragraphId: 'p-2' } as const;

let hub: MemoryHub;
let a: DelegationNode;
let b: DelegationNode;
let negotiation: string;
let dirA: string;

const canonical = async (node: DelegationNode) => (await must(node, 'draft.canonical', { negotiation })).text;

/** Appends to the end of a paragraph (so the edit builds on its last words), then waits for `other` to hold it. */
async function append(node: DelegationNode, other: DelegationNode, target: typeof P1 | typeof P2, words: string): Promise<void> {
  const paragraph = (await must(node, 'draft.read', { negotiation })).articles.flatMap((x) => x.paragraphs).find((p) => p.id === target.paragraphId)!;
  await must(node, 'draft.insertText', { negotiation, target, index: paragraph.text.length, text: words });
  await seenBy(other, words);
}

async function seenBy(node: DelegationNode, words: string, present = true): Promise<void> {
  await waitFor(`the other delegation ${present ? 'holds' : 'no longer holds'} "${words}"`, async () => (await canonical(node)).includes(words) === present, wait);
}

async function allEdits(node: DelegationNode): Promise<{ edits: readonly EditView[]; total: number }> {
  return must(node, 'history.edits', { negotiation, limit: 500 });
}

/** The stored envelopes in the history's order, oldest first, and each step's end in that list. */
async function envelopesInOrder(node: DelegationNode, edits: readonly EditView[]) {
  const exported = await must(node, 'export.ledger', { negotiation });
  const byKey = new Map(exported.envelopes.map((e) => [`${e.author}/${e.seq}`, fromBase64(e.bytes)!]));
  const order: Uint8Array[] = [];
  const ends: number[] = [];
  for (const edit of [...edits].reverse()) {
    for (let seq = edit.firstSeq ?? edit.seq; seq <= (edit.lastSeq ?? edit.seq); seq++) order.push(byKey.get(`${edit.author.id}/${seq}`)!);
    ends.push(order.length);
  }
  expect(order.length).toBe(exported.envelopes.length); // every stored envelope, once
  return { order, ends };
}

/** What a fresh replica, knowing only the parties' keys, renders from the first k envelopes. */
async function replayed(node: DelegationNode, envelopes: readonly Uint8Array[]): Promise<string> {
  const parties = (await must(node, 'negotiations.get', { negotiation })).parties;
  const keys = new Map(parties.map((p) => [p.id, fromHex(p.publicKey)]));
  const replica = new DraftReplica(negotiation as NegotiationId, { publicKeyOf: (party: PartyId) => keys.get(party) }, { scheme });
  for (const bytes of envelopes) expect(replica.acceptEnvelope(bytes).kind).toBe('applied');
  return renderCanonical(replica.doc);
}

const summary = (e: EditView) => ({ author: e.author.name, paragraphs: e.paragraphs, inserted: e.inserted, deleted: e.deleted });

describe('the edit history of a draft', () => {
  beforeAll(async () => {
    hub = new MemoryHub({ seed: 11 });
    const adapter = { name: 'MemoryHub', delegations: 2, timeoutMs: wait.timeoutMs, network: async (seed: Uint8Array) => hub.createNetwork({ seed }) };
    dirA = tempDir();
    a = await openNetworkedNode(adapter, dirA);
    b = await openNetworkedNode(adapter, tempDir());
    negotiation = await conveneAndAdmit([a, b], wait); // Delegation 1 drafts art-1 and p-1
    await seenBy(b, 'The Parties shall protect albatrosses.');

    await append(a, b, P1, ' Alpha');
    await append(b, a, P1, ' Bravo');
    await append(a, b, P1, ' Charlie');
    await append(a, b, P1, ' Delta');
    await must(a, 'draft.addParagraph', { negotiation, in: { articleId: 'art-1' }, id: 'p-2', text: 'Each Party designates an authority.' });
    await seenBy(b, 'Each Party designates an authority.');
    await must(b, 'draft.insertText', { negotiation, target: P2, index: 0, text: 'Promptly, ' });
    await seenBy(a, 'Promptly, ');
    const p1 = await canonical(b);
    await must(b, 'draft.deleteText', { negotiation, target: P1, index: 'The Parties shall protect albatrosses.'.length, length: ' Alpha'.length });
    await seenBy(a, ' Alpha Bravo', false);
    expect(p1).toContain(' Alpha Bravo');
  });

  afterAll(async () => {
    await Promise.all([a, b].map((n) => n.close()));
    removeTempDirs();
  });

  it('groups one delegation’s consecutive edits into steps, split by paragraph, in an order that follows what each edit builds on', async () => {
    const { edits, total } = await allEdits(a);
    expect(total).toBe(6);
    expect(edits.map((e) => e.index)).toEqual([6, 5, 4, 3, 2, 1]);
    expect([...edits].reverse().map(summary)).toEqual([
      { author: 'Delegation 1', paragraphs: ['p-1'], inserted: 'The Parties shall protect albatrosses. Alpha'.length + 'Albatross Agreement'.length + 'Objective'.length, deleted: 0 },
      { author: 'Delegation 2', paragraphs: ['p-1'], inserted: ' Bravo'.length, deleted: 0 },
      { author: 'Delegation 1', paragraphs: ['p-1'], inserted: ' Charlie Delta'.length, deleted: 0 },
      { author: 'Delegation 1', paragraphs: ['p-2'], inserted: 'Each Party designates an authority.'.length, deleted: 0 },
      { author: 'Delegation 2', paragraphs: ['p-2'], inserted: 'Promptly, '.length, deleted: 0 },
      { author: 'Delegation 2', paragraphs: ['p-1'], inserted: 0, deleted: ' Alpha'.length },
    ]);
    const charlieDelta = edits.find((e) => e.index === 3)!;
    expect(charlieDelta).toMatchObject({ envelopes: 2, lastSeq: charlieDelta.seq, firstSeq: charlieDelta.seq - 1 });
    expect(edits.find((e) => e.index === 2)).not.toHaveProperty('firstSeq');
  });

  it('pages by index, newest first', async () => {
    const { edits } = await allEdits(a);
    const pages: EditView[][] = [];
    let before: number | undefined;
    for (;;) {
      const page = await must(a, 'history.edits', { negotiation, limit: 2, ...(before !== undefined && { before }) });
      expect(page.total).toBe(6);
      if (page.edits.length === 0) break;
      pages.push([...page.edits]);
      before = page.edits[page.edits.length - 1]!.index;
    }
    expect(pages.map((p) => p.map((e) => e.index))).toEqual([[6, 5], [4, 3], [2, 1]]);
    expect(pages.flat()).toEqual(edits);
    expect((await must(a, 'history.edits', { negotiation, before: 1000, limit: 1 })).edits.map((e) => e.index)).toEqual([6]);
  });

  it('gives the text after any edit as an independent replay of the first envelopes renders it, and diffs it with the draft', async () => {
    const { edits } = await allEdits(a);
    const { order, ends } = await envelopesInOrder(a, edits);
    const draft = await canonical(a);
    for (const [i, end] of ends.entries()) {
      const text = await replayed(a, order.slice(0, end));
      const diff = await must(a, 'history.diff', { negotiation, from: { edit: i + 1 }, to: 'draft' });
      expect(diff.from).toEqual({ height: null, label: `after edit ${i + 1} (${edits[edits.length - 1 - i]!.author.name})`, textHash: toHex(textHash(text)), edit: i + 1 });
      expect(diff.hunks).toEqual(diffHunks(text, draft));
    }
    expect((await must(a, 'history.diff', { negotiation, from: { edit: 6 }, to: 'draft' })).hunks).toEqual([]);
    const step2 = await must(a, 'history.diff', { negotiation, from: { edit: 1 }, to: { edit: 2 } });
    expect(step2.hunks.flatMap((h) => h.lines.filter((l) => l.op !== ' ').map((l) => `${l.op}${l.text}`))).toEqual([
      '-1. The Parties shall protect albatrosses. Alpha',
      '+1. The Parties shall protect albatrosses. Alpha Bravo',
    ]);
    const start = await must(a, 'history.diff', { negotiation, from: { edit: 0 }, to: { edit: 1 } });
    expect(start.from).toMatchObject({ label: 'before the first edit', edit: 0 });
  });

  it('refuses an edit it does not hold, clearly', async () => {
    expect(await a.call('history.diff', { negotiation, from: { edit: 7 }, to: 'draft' })).toEqual({
      ok: false,
      error: { code: 'invalid-argument', message: "history.diff: from: no edit 7: this node's edit history has 6 (1 to 6; 0 is before the first)" },
    });
    expect(await a.call('history.diff', { negotiation, from: 1, to: { edit: -1 } } as never)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await a.call('history.edits', { negotiation, before: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('places the edits an adopted version holds before those made after it, also when the history is read for the first time later', async () => {
    const proposal = await must(a, 'adoption.propose', { negotiation, label: 'First reading' });
    await waitFor('the proposal reaches Delegation 2', async () => (await must(b, 'adoption.proposals', { negotiation })).length === 1, wait);
    await must(b, 'adoption.vote', { negotiation, headerHash: proposal.headerHash });
    await must(a, 'adoption.vote', { negotiation, headerHash: proposal.headerHash });
    await waitFor('both hold the adopted version', async () => (await Promise.all([a, b].map((n) => must(n, 'history.versions', { negotiation })))).every((v) => v.length === 1), wait);
    // Builds only on Delegation 1's own words: without the adoption it could go anywhere after them.
    await append(a, b, P2, ' Echo');

    const fresh = await allEdits(b); // b's history is first read now, with everything in the store
    expect(fresh.total).toBe(7);
    expect(summary(fresh.edits[0]!)).toEqual({ author: 'Delegation 1', paragraphs: ['p-2'], inserted: ' Echo'.length, deleted: 0 });
    // a's history, read before, appended it; b's, read once at the end, ordered it alike.
    expect(await allEdits(a)).toEqual(fresh);
    const atAdoption = await must(b, 'history.diff', { negotiation, from: 2, to: { edit: 6 } });
    expect(atAdoption.hunks).toEqual([]);
    expect(atAdoption.to.textHash).toBe(proposal.adoption!.textHash);

    // Reopened (offline), a rebuilds the same history from its store.
    await a.close();
    a = await openNode(dirA);
    expect(await allEdits(a)).toEqual(fresh);
  });
});

describe('what one edit did', () => {
  const party = 'ab'.repeat(16) as PartyId;
  /** The effect of the transactions `change` makes, all of them together. */
  const measured = (doc: Y.Doc, change: () => unknown): { inserted: number; deleted: number; paragraphs: string[] } => {
    const effect: EditEffect = noEffect();
    const listen = (t: Y.Transaction) => measureTransaction(t, effect);
    doc.on('afterTransaction', listen);
    change();
    doc.off('afterTransaction', listen);
    return { inserted: effect.inserted, deleted: effect.deleted, paragraphs: [...effect.paragraphs] };
  };
  const treaty = () => {
    const doc = new Y.Doc({ gc: false });
    createTreaty(doc, 'Albatross Agreement');
    addArticle(doc, { id: 'art-1', heading: 'Objective' });
    addParagraph(doc, { id: 'pre-1', in: 'preamble', text: 'The Parties,' });
    addParagraph(doc, { id: 'p-1', in: { articleId: 'art-1' }, text: 'The Parties shall protect albatrosses.' });
    return doc;
  };

  it('counts the characters of text inserted and deleted, and names the paragraphs', () => {
    const doc = treaty();
    expect(measured(doc, () => insertText(doc, P1, 0, 'Today, '))).toEqual({ inserted: 7, deleted: 0, paragraphs: ['p-1'] });
    expect(measured(doc, () => deleteText(doc, P1, 0, 7))).toEqual({ inserted: 0, deleted: 7, paragraphs: ['p-1'] });
    expect(measured(doc, () => addParagraph(doc, { id: 'p-2', in: { articleId: 'art-1' }, text: 'Each Party reports.' }))).toEqual({ inserted: 19, deleted: 0, paragraphs: ['p-2'] });
    expect(measured(doc, () => setParagraphStatus(doc, 'pre-1', 'agreed'))).toEqual({ inserted: 0, deleted: 0, paragraphs: ['pre-1'] });
    expect(measured(doc, () => insertText(doc, { kind: 'heading', articleId: 'art-1' }, 9, ' and scope'))).toEqual({ inserted: 10, deleted: 0, paragraphs: [] });
  });

  it('gives a bracket, its alternatives and a comment to their paragraph, and counts no marks as text', () => {
    const doc = treaty();
    expect(measured(doc, () => bracketSpan(doc, 'p-1', 12, 5, 'br-1', party))).toEqual({ inserted: 0, deleted: 0, paragraphs: ['p-1'] });
    expect(measured(doc, () => addAlternative(doc, 'br-1', 'should', party, 'alt-1'))).toEqual({ inserted: 6, deleted: 0, paragraphs: ['p-1'] });
    const comment = { id: 'com-1', author: party, body: 'Why?', paragraphId: 'pre-1', index: 0, length: 3, createdAt: 1 };
    expect(measured(doc, () => addComment(doc, comment))).toEqual({ inserted: 0, deleted: 0, paragraphs: ['pre-1'] });
  });

  it('counts a removed paragraph’s words as deleted, and text written and erased in one edit as nothing at all', () => {
    const doc = treaty();
    const paragraphs = (doc.getArray('articles').get(0) as Y.Map<unknown>).get('paragraphs') as Y.Array<unknown>;
    expect(measured(doc, () => paragraphs.delete(0, 1))).toEqual({ inserted: 0, deleted: 'The Parties shall protect albatrosses.'.length, paragraphs: ['p-1'] });
    expect(
      measured(doc, () =>
        doc.transact(() => {
          insertText(doc, { kind: 'paragraph', paragraphId: 'pre-1' }, 0, 'Typo');
          deleteText(doc, { kind: 'paragraph', paragraphId: 'pre-1' }, 0, 4);
        }),
      ),
    ).toEqual({ inserted: 0, deleted: 0, paragraphs: [] });
  });
});

/**
 * A negotiation survives a restart: ledger and draft are written to a real LevelDB store, the
 * store is closed, and reopening yields the same verified ledger, the same text, the same
 * attribution, from a snapshot plus the envelopes after it, or from the envelopes alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DraftReplica } from '../../src/core/draft/replica.js';
import { addArticle, addParagraph, insertText, createTreaty } from '../../src/core/draft/treaty-ops.js';
import { renderCanonical } from '../../src/core/draft/canonical.js';
import { findParagraph } from '../../src/core/draft/schema.js';
import { headerHashOf } from '../../src/core/ledger/header.js';
import { signVote } from '../../src/core/ledger/vote.js';
import { openLevelStore, type PlenaryStore } from '../../src/store/index.js';
import { compactDraft, openNegotiation, recordBlock, recordEnvelopes, recordGenesis } from '../../src/node/negotiation-record.js';
import { Delegation, fingerprint } from '../core/draft-fixtures.js';
import { headerFor, negotiation, scheme, textBody } from '../support/ledger-fixtures.js';
import { createRng } from '../support/rng.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
async function freshStore(): Promise<{ dir: string; store: PlenaryStore }> {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-record-'));
  dirs.push(dir);
  return { dir, store: await openLevelStore(dir) };
}

const WORDS = ['protect ', 'conserve ', 'migratory ', 'species ', 'habitats, '];

/** Three delegations drafting concurrently, each envelope exchanged and stored as it is sealed. */
async function draftTogether(store: PlenaryStore, seed: number, edits: number) {
  const { genesis, parties } = negotiation({ n: 3 });
  const ledger = await recordGenesis(store, genesis, scheme);
  if (!ledger.ok) throw new Error(ledger.error);
  const l = ledger.value;
  const delegations = parties.map((p, i) => new Delegation(p.signer, l.members(), i + 1, { replica: new DraftReplica(l.negotiation, l.members(), { scheme }) }));
  const [first] = delegations;
  createTreaty(first!.doc, 'Convention on Migratory Species');
  addArticle(first!.doc, { id: 'art-1', heading: 'Objective' });
  addParagraph(first!.doc, { id: 'p-1', in: { articleId: 'art-1' }, text: 'The Parties shall ' });
  const rng = createRng(seed);
  const exchange = async () => {
    for (const d of delegations) {
      const sealed = d.sealed.splice(0);
      await recordEnvelopes(store, l.negotiation, sealed);
      // Peers receive in a shuffled order: some envelopes are held until their dependencies come.
      for (const other of delegations) if (other !== d) for (const e of rng.shuffle([...sealed])) other.replica.acceptEnvelope(e);
    }
  };
  await exchange();
  for (let i = 0; i < edits; i++) {
    const d = rng.pick(delegations);
    const length = findParagraph(d.doc, 'p-1')!.text.length;
    insertText(d.doc, { kind: 'paragraph', paragraphId: 'p-1' }, rng.int(length + 1), rng.pick(WORDS));
    if (rng.chance(0.3)) await exchange();
  }
  await exchange();
  // Adopt the text by consensus: a final block on the ledger.
  const body = textBody(renderCanonical(first!.doc), 'v1');
  const header = headerFor(l, body);
  expect(l.propose(header, body).ok).toBe(true);
  for (const p of parties) l.receiveVote(signVote(p.signer, l.negotiation, 1, 0, headerHashOf(header)));
  expect(l.height).toBe(1);
  await recordBlock(store, l.blocks()[0]!);
  return { ledger: l, delegations };
}

describe('reopening a stored negotiation', () => {
  it('yields the same verified ledger and the same text and attribution, from envelopes alone', async () => {
    const { dir, store } = await freshStore();
    const { ledger, delegations } = await draftTogether(store, 11, 120);
    const expected = fingerprint(delegations[0]!.replica);
    for (const d of delegations) expect(fingerprint(d.replica)).toEqual(expected);
    await store.close();

    const reopened = await openLevelStore(dir);
    const opened = await openNegotiation(reopened, ledger.negotiation, scheme);
    if (!opened.ok) expect.fail(opened.error);
    expect(opened.value.refused).toEqual([]);
    expect(opened.value.waiting).toBe(0);
    expect(opened.value.ledger.tip).toEqual(ledger.tip);
    expect(fingerprint(opened.value.draft)).toEqual(expected);
    await reopened.close();
  });

  it('resumes from a snapshot and replays only the envelopes after it', async () => {
    const { dir, store } = await freshStore();
    const { ledger, delegations } = await draftTogether(store, 12, 60);
    await compactDraft(store, delegations[1]!.replica);
    // More drafting after the snapshot, stored too.
    const d = delegations[2]!;
    insertText(d.doc, { kind: 'paragraph', paragraphId: 'p-1' }, 0, 'Recalling the Bonn Convention, ');
    await recordEnvelopes(store, ledger.negotiation, d.sealed.splice(0));
    await store.close();

    const reopened = await openLevelStore(dir);
    const opened = await openNegotiation(reopened, ledger.negotiation, scheme);
    if (!opened.ok) expect.fail(opened.error);
    expect(opened.value.replayed).toBe(1);
    expect(fingerprint(opened.value.draft)).toEqual(fingerprint(d.replica));
    await reopened.close();
  });

  it('names a stored envelope that no longer verifies instead of applying it', async () => {
    const { store } = await freshStore();
    const { ledger, delegations } = await draftTogether(store, 13, 10);
    const victim = delegations[0]!.signer.party;
    const stored = await store.envelopes(ledger.negotiation, victim);
    await store.close();
    // The LevelDB store's own checksum catches bytes flipped on disk; this is the layer above:
    // a store holding well-formed bytes whose signature does not verify (copied, or written by a bug).
    const forged = stored[0]!.bytes.slice();
    forged[forged.length - 1] = forged[forged.length - 1]! ^ 1;
    const copy = await freshStore();
    await recordGenesis(copy.store, ledger.genesis, scheme);
    await copy.store.appendEnvelopes(ledger.negotiation, [{ author: victim, seq: 1, bytes: forged }, ...stored.slice(1)]);
    const opened = await openNegotiation(copy.store, ledger.negotiation, scheme);
    if (!opened.ok) expect.fail(opened.error);
    expect(opened.value.refused).toEqual([{ author: victim, seq: 1, reason: expect.stringMatching(/^bad-signature/) }]);
    await copy.store.close();
  });

  it('refuses a store whose ledger does not verify, naming the height', async () => {
    const { dir, store } = await freshStore();
    const { ledger } = await draftTogether(store, 14, 5);
    await store.close();
    const [genesis, block] = await (async () => {
      const s = await openLevelStore(dir);
      const b = await s.blocks(ledger.negotiation);
      await s.close();
      return b;
    })();
    const tampered = block!.bytes.slice();
    tampered[tampered.length - 10] = tampered[tampered.length - 10]! ^ 0x40; // inside a vote signature
    const fresh = await freshStore();
    await fresh.store.appendBlock(ledger.negotiation, 0, genesis!.bytes);
    await fresh.store.appendBlock(ledger.negotiation, 1, tampered);
    const opened = await openNegotiation(fresh.store, ledger.negotiation, scheme);
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error).toMatch(/^block 1: /);
    await fresh.store.close();
  });
});

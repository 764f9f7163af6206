/**
 * A periodic snapshot covers only envelopes the store already holds. With a room attached, a
 * remote envelope is applied in the replica before its sink write runs; a snapshot taken in that
 * window would hold an edit the store lacks (a crash then loses the envelope but keeps its effect,
 * and the replica could never serve it). The attachment here applies a remote envelope and holds
 * its sink write back while local edits trigger compaction: every snapshot must stay within the
 * store's frontier.
 */
import { afterEach, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import { DraftReplica } from '../../src/core/draft/replica.js';
import { decodeEnvelope, encodeEnvelope } from '../../src/core/draft/envelope.js';
import { insertText } from '../../src/core/draft/treaty-ops.js';
import type { NegotiationId } from '../../src/core/identity.js';
import { fromBase64 } from '../../src/node/api-codec.js';
import type { NetworkAttachment, SessionParts } from '../../src/node/network-attachment.js';
import { OfflineRoom } from '../../src/node/offline-room.js';
import { decodeSnapshot } from '../../src/store/snapshot.js';
import { createMemoryStore, type PlenaryStore } from '../../src/store/index.js';
import { Delegation, native, signerFor, TestRoster } from '../core/draft-fixtures.js';
import { waitFor } from '../support/wait.js';
import { must, openNode, removeTempDirs, tempDir } from './node-fixtures.js';

afterEach(removeTempDirs);

it('never snapshots a remote envelope applied but not yet stored', async () => {
  const violations: string[] = [];
  let snapshots = 0;
  const watched = async (): Promise<PlenaryStore> => {
    const store = createMemoryStore();
    return new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'putSnapshot') {
          return async (negotiation: NegotiationId, bytes: Uint8Array) => {
            snapshots++;
            const stored = await target.frontier(negotiation);
            for (const [author, seq] of decodeSnapshot(bytes).frontier) {
              if (seq > (stored.get(author) ?? 0)) violations.push(`snapshot holds ${author} #${seq}, the store ${stored.get(author) ?? 0}`);
            }
            return target.putSnapshot(negotiation, bytes);
          };
        }
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  let parts: SessionParts | undefined;
  let release: (() => void) | undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const node = await openNode(tempDir(), {
    compactEvery: 2,
    flushDelayMs: 0,
    openStore: watched,
    connect: (p) => {
      parts = p;
      const offline = new OfflineRoom(p, { flushDelayMs: 0, now: () => 1_700_000_000_000 });
      return offline satisfies NetworkAttachment;
    },
  });
  const other = signerFor(2);
  await must(node, 'identity.create', { name: 'Node' });
  const negotiation = (await must(node, 'negotiations.create', { title: 'T', parties: [{ publicKey: toHex(other.publicKey), name: 'Other', weight: 1 }] })).id;
  await must(node, 'draft.addArticle', { negotiation, id: 'art-1', heading: 'H' });
  await must(node, 'draft.addParagraph', { negotiation, in: { articleId: 'art-1' }, id: 'p-1', text: 'abc' });
  await waitFor('the node stored its edits', async () => (await must(node, 'export.ledger', { negotiation })).envelopes.length > 0);

  // The other party, holding the node's edits, writes one envelope of its own.
  const roster = new TestRoster([other]);
  roster.add({ party: node.party, publicKey: Uint8Array.from(Buffer.from(node.identityView().publicKey, 'hex')) } as never);
  const replica = new DraftReplica(negotiation as NegotiationId, roster, { scheme: native });
  const theirs = new Delegation(other, roster, 3, { replica });
  for (const e of (await must(node, 'export.ledger', { negotiation })).envelopes) replica.acceptEnvelope(fromBase64(e.bytes)!);
  expect(insertText(theirs.doc, { kind: 'paragraph', paragraphId: 'p-1' }, 0, 'Z').ok).toBe(true);
  theirs.flush();
  const remote = decodeEnvelope(encodeEnvelope(theirs.sealed[0]!));

  // As a room does: applied in the replica now, handed to the sink after earlier writes.
  const p = parts!;
  const outcome = p.draft.acceptEnvelope(remote);
  expect(outcome.kind, JSON.stringify(outcome)).toBe('applied');
  const sinkWrite = held.then(() => p.sink.onEnvelopes([remote]));
  // Local edits past compactEvery while the remote write waits.
  for (let i = 0; i < 4; i++) {
    await must(node, 'draft.insertText', { negotiation, target: { kind: 'paragraph', paragraphId: 'p-1' }, index: 1, text: `${i}` });
    await node.call('draft.canonical', { negotiation });
  }
  release!();
  await sinkWrite;
  await must(node, 'draft.insertText', { negotiation, target: { kind: 'paragraph', paragraphId: 'p-1' }, index: 0, text: 'after' });
  await node.close();
  expect(violations).toEqual([]);
  expect(snapshots).toBeGreaterThan(0); // compaction still happens once the store caught up (and on close)
});

/**
 * The Yjs sync channel, in process: a UI's Y.Doc gets the node's state, writes under the clientID
 * the node gives it, and its edits become this delegation's sealed, stored, attributed edits; the
 * node's own edits reach the UI. Seeded interleavings converge; updates the node must not take are
 * refused as values and never reach its document.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { readTreaty } from '../../src/core/draft/view.js';
import { fromBase64, toBase64 } from '../../src/node/api-codec.js';
import type { SyncChannel } from '../../src/node/draft-sync.js';
import type { DelegationNode } from '../../src/node/delegation-node.js';
import { createRng } from '../support/rng.js';
import { waitFor } from '../support/wait.js';
import { draftingAlone, must, openNode, removeTempDirs, tempDir, unwrap } from './node-fixtures.js';

afterEach(removeTempDirs);

class TestChannel implements SyncChannel {
  readonly updates: Uint8Array[] = [];
  private readonly closers = new Set<() => void>();
  deliver(_session: number, update: Uint8Array): void {
    this.updates.push(update.slice());
  }
  onClose(listener: () => void): () => void {
    this.closers.add(listener);
    return () => this.closers.delete(listener);
  }
  close(): void {
    for (const c of [...this.closers]) c();
  }
}

/** A UI replica: a Y.Doc that never collects garbage, as docs/api.md asks. */
async function openUi(node: DelegationNode, negotiation: string) {
  const channel = new TestChannel();
  const opened = unwrap(await node.call('sync.open', { negotiation }, { channel }));
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, fromBase64(opened.update)!, 'node');
  doc.clientID = opened.clientId;
  const outbox: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'node') outbox.push(update);
  });
  const receive = () => {
    for (const u of channel.updates.splice(0)) Y.applyUpdate(doc, u, 'node');
  };
  const push = async () => {
    for (const u of outbox.splice(0)) unwrap(await node.call('sync.push', { session: opened.session, update: toBase64(u) }));
  };
  const paragraphText = (i = 0): Y.Text =>
    ((doc.getArray('articles').get(0) as Y.Map<unknown>).get('paragraphs') as Y.Array<Y.Map<unknown>>).get(i).get('text') as Y.Text;
  return { channel, doc, opened, outbox, receive, push, paragraphText };
}

describe('Yjs sync with a UI document', () => {
  it('the UI gets the node state, its edits become sealed, stored, attributed edits, and the node\'s reach it', async () => {
    const dir = tempDir();
    const node = await openNode(dir);
    const { negotiation, paragraph } = await draftingAlone(node, 'The Parties shall cooperate.');
    const ui = await openUi(node, negotiation);
    expect(readTreaty(ui.doc)).toEqual(await must(node, 'draft.read', { negotiation }));
    expect(Y.encodeStateVector(ui.doc)).toEqual(fromBase64(ui.opened.stateVector));

    ui.paragraphText().insert(27, ' in good faith');
    await ui.push();
    expect((await must(node, 'draft.read', { negotiation })).articles[0]!.paragraphs[0]!.text).toBe('The Parties shall cooperate in good faith.');

    await must(node, 'draft.insertText', { negotiation, target: { kind: 'paragraph', paragraphId: paragraph }, index: 0, text: '1bis. ' });
    await waitFor('the node update at the UI', () => ui.channel.updates.length > 0);
    ui.receive();
    expect(ui.paragraphText().toString()).toBe('1bis. The Parties shall cooperate in good faith.');
    // The UI's own push is not echoed back to it.
    expect(ui.channel.updates).toEqual([]);

    const runs = await must(node, 'attribution.paragraph', { negotiation, paragraphId: paragraph });
    expect(new Set(runs.runs.map((r) => r.party.id))).toEqual(new Set([node.party]));
    await node.close();
    const reopened = await openNode(dir);
    expect((await must(reopened, 'draft.read', { negotiation })).articles[0]!.paragraphs[0]!.text).toBe('1bis. The Parties shall cooperate in good faith.');
    // A new session, a new clientID: never one used before.
    const again = await openUi(reopened, negotiation);
    expect(again.opened.clientId).not.toBe(ui.opened.clientId);
    await reopened.close();
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`converges under a seeded interleaving of UI and node edits (seed ${seed})`, async () => {
      const node = await openNode(tempDir(), { flushDelayMs: 0 });
      const { negotiation, paragraph } = await draftingAlone(node, 'base');
      const uis = [await openUi(node, negotiation), await openUi(node, negotiation)];
      const rng = createRng(seed);
      for (let step = 0; step < 60; step++) {
        const who = rng.int(3);
        if (who === 2) {
          const length = (await must(node, 'draft.read', { negotiation })).articles[0]!.paragraphs[0]!.text.length;
          if (rng.chance(0.2) && length > 2) await must(node, 'draft.deleteText', { negotiation, target: { kind: 'paragraph', paragraphId: paragraph }, index: rng.int(length - 1), length: 1 });
          else await must(node, 'draft.insertText', { negotiation, target: { kind: 'paragraph', paragraphId: paragraph }, index: rng.int(length + 1), text: rng.pick(['a', 'bc', ' ', 'xyz']) });
        } else {
          const ui = uis[who]!;
          const text = ui.paragraphText();
          if (rng.chance(0.2) && text.length > 2) text.delete(rng.int(text.length - 1), 1);
          else text.insert(rng.int(text.length + 1), rng.pick(['A', 'BC', '-', 'Q']));
        }
        // Deliveries lag: each side catches up only now and then.
        for (const ui of uis) {
          if (rng.chance(0.3)) ui.receive();
          if (rng.chance(0.3)) await ui.push();
        }
      }
      for (const ui of uis) await ui.push();
      for (const ui of uis) ui.receive();
      const expected = await must(node, 'draft.read', { negotiation });
      for (const ui of uis) expect(readTreaty(ui.doc), `seed ${seed}`).toEqual(expected);
      await node.close();
    });
  }

  it('refuses foreign clients, gaps, unknown sessions, and sync without a channel', async () => {
    const dir = tempDir();
    const node = await openNode(dir);
    const errors: string[] = [];
    node.events.on((event) => {
      if (event.type === 'node-error') errors.push(event.message);
    });
    const { negotiation } = await draftingAlone(node, 'text');
    expect(await node.call('sync.open', { negotiation })).toMatchObject({ ok: false, error: { code: 'needs-channel' } });
    const ui = await openUi(node, negotiation);
    const before = await must(node, 'draft.canonical', { negotiation });

    // A document writing under a clientID the node did not give it.
    const rogue = new Y.Doc({ gc: false });
    Y.applyUpdate(rogue, Y.encodeStateAsUpdate(ui.doc));
    const rogueUpdates: Uint8Array[] = [];
    rogue.on('update', (u: Uint8Array) => rogueUpdates.push(u));
    rogue.getText('title').insert(0, 'Rogue ');
    const refused = await node.call('sync.push', { session: ui.opened.session, update: toBase64(rogueUpdates[0]!) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad-update', message: expect.stringContaining('foreign-client') } });

    // A gap: the second edit without the first.
    ui.paragraphText().insert(0, 'A');
    ui.paragraphText().insert(1, 'B');
    const gap = await node.call('sync.push', { session: ui.opened.session, update: toBase64(ui.outbox[1]!) });
    expect(gap).toMatchObject({ ok: false, error: { code: 'out-of-sync', message: expect.stringContaining('reopen the sync session') } });
    expect(await must(node, 'draft.canonical', { negotiation })).toEqual(before);
    // In order, both apply (the refusals broke nothing); a repeated push is a no-op.
    await ui.push();
    expect(await node.call('sync.push', { session: ui.opened.session, update: toBase64(Y.encodeStateAsUpdate(ui.doc, fromBase64(ui.opened.stateVector))) })).toEqual({
      ok: true,
      value: { applied: false },
    });
    expect((await must(node, 'draft.read', { negotiation })).articles[0]!.paragraphs[0]!.text).toBe('ABtext');

    expect(await node.call('sync.push', { session: ui.opened.session, update: toBase64(new Uint8Array([0, 0])) })).toEqual({ ok: true, value: { applied: false } });
    expect(await node.call('sync.push', { session: 999, update: '' })).toMatchObject({ ok: false, error: { code: 'unknown-session' } });
    ui.channel.close();
    expect(await node.call('sync.push', { session: ui.opened.session, update: '' })).toMatchObject({ ok: false, error: { code: 'unknown-session' } });
    // Local edits still seal and store after all this: nothing broke the author.
    await must(node, 'draft.insertText', { negotiation, target: { kind: 'title' }, index: 0, text: 'Draft ' });
    await node.close();
    expect(errors).toEqual([]);
    const reopened = await openNode(dir);
    expect((await must(reopened, 'draft.read', { negotiation })).title).toBe('Draft Albatross Agreement');
    expect((await must(reopened, 'draft.read', { negotiation })).articles[0]!.paragraphs[0]!.text).toBe('ABtext');
    await reopened.close();
  });

  it('refuses an item whose placement other replicas would refuse (a hostile renderer), and applies nothing of it', async () => {
    const node = await openNode(tempDir());
    const { negotiation } = await draftingAlone(node, 'abcd');
    const ui = await openUi(node, negotiation);
    const before = await must(node, 'draft.canonical', { negotiation });
    // One character placed between 'a' and 'd' although its author has seen 'b' and 'c' between
    // them (they are in its causal closure): bare Yjs would take it, every peer replica refuses it.
    const text = ui.paragraphText();
    const ids: Y.ID[] = [];
    for (let item = text._start; item !== null; item = item.right) for (let i = 0; i < item.length; i++) ids.push(Y.createID(item.id.client, item.id.clock + i));
    expect(ids).toHaveLength(4);
    const clock = Y.getState(ui.doc.store, ui.opened.clientId);
    const encoder = new Y.UpdateEncoderV1();
    encoding.writeVarUint(encoder.restEncoder, 1); // one client
    encoding.writeVarUint(encoder.restEncoder, 1); // one struct
    encoder.writeClient(ui.opened.clientId);
    encoding.writeVarUint(encoder.restEncoder, clock);
    encoder.writeInfo(4 | 0x80 | 0x40); // a string, with origin and right origin
    encoder.writeLeftID(ids[0]!);
    encoder.writeRightID(ids[3]!);
    encoder.writeString('X');
    encoding.writeVarUint(encoder.restEncoder, 0); // no deletes
    const pushed = await node.call('sync.push', { session: ui.opened.session, update: toBase64(encoder.toUint8Array()) });
    expect(pushed).toMatchObject({ ok: false, error: { code: 'bad-update' } });
    expect(!pushed.ok && pushed.error.message).toMatch(/invalid-update/);
    await node.call('draft.canonical', { negotiation }).then((r) => expect(unwrap(r)).toEqual(before));
    // An honest edit from the same session still applies.
    ui.paragraphText().insert(2, 'Y');
    await ui.push();
    expect((await must(node, 'draft.read', { negotiation })).articles[0]!.paragraphs[0]!.text).toBe('abYcd');
    await node.close();
  });
});

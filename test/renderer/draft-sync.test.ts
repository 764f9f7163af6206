import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DraftSync, MAX_REFUSALS } from '../../src/renderer/draft/draft-sync.js';
import { FakeNode } from './draft-fake-node.js';

const N = 'c'.repeat(64);

/** The node's document with a preamble paragraph, as draft.addParagraph writes it. */
function seed(node: FakeNode, id: string, words: string): void {
  node.doc.transact(() => {
    const paragraph = new Y.Map<unknown>();
    paragraph.set('id', id);
    const text = new Y.Text();
    text.insert(0, words, {});
    paragraph.set('text', text);
    paragraph.set('status', 'pending');
    node.doc.getArray('preamble').push([paragraph]);
  }, 'command');
}

function paragraphText(doc: Y.Doc, index = 0): Y.Text {
  return (doc.getArray('preamble').get(index) as Y.Map<unknown>).get('text') as Y.Text;
}

async function opened(node: FakeNode): Promise<{ sync: DraftSync; doc: Y.Doc }> {
  const sync = new DraftSync(node, N);
  sync.start();
  await vi.waitFor(() => expect(sync.getState().phase).toBe('open'));
  return { sync, doc: sync.getState().doc! };
}

/** A second party writing on the node's document (its edits arrive by gossip). */
function remoteEdit(node: FakeNode, edit: (doc: Y.Doc) => void): void {
  const other = new Y.Doc({ gc: false });
  Y.applyUpdate(other, Y.encodeStateAsUpdate(node.doc));
  other.clientID = 777;
  const before = Y.encodeStateVector(other);
  edit(other);
  Y.applyUpdate(node.doc, Y.encodeStateAsUpdate(other, before), 'gossip');
}

describe('draft sync', () => {
  it('gives the document the session clientID before the first edit, and pushes local edits under it', async () => {
    const node = new FakeNode();
    seed(node, 'p-1', 'The Parties,');
    const sync = new DraftSync(node, N);
    sync.start();
    expect(sync.getState().doc).toBeNull(); // nothing to edit before the session opens
    await vi.waitFor(() => expect(sync.getState().phase).toBe('open'));
    const doc = sync.getState().doc!;
    const session = sync.currentSession!;
    expect(doc.clientID).toBe(node.clientIdOf(session));
    expect(paragraphText(doc).toString()).toBe('The Parties,');

    paragraphText(doc).insert(12, ' recalling', {});
    expect(node.refusals).toEqual([]);
    expect(node.pushes).toHaveLength(1);
    expect(paragraphText(node.doc).toString()).toBe('The Parties, recalling');
    sync.close();
    await vi.waitFor(() => expect(node.openSessions()).toEqual([]));
  });

  it('applies the node updates and does not send them back', async () => {
    const node = new FakeNode();
    seed(node, 'p-1', 'The Parties,');
    const { sync, doc } = await opened(node);
    remoteEdit(node, (d) => paragraphText(d).insert(0, 'Hereby ', {}));
    seed(node, 'p-2', 'Considering');
    expect(paragraphText(doc).toString()).toBe('Hereby The Parties,');
    expect(paragraphText(doc, 1).toString()).toBe('Considering');
    expect(node.pushes).toEqual([]);
    sync.close();
  });

  it("applies the node's updates when its inbox says (with a keystroke's frame), in order, and none after it is closed", async () => {
    const node = new FakeNode();
    seed(node, 'p-1', 'The Parties,');
    const waiting: (() => void)[] = [];
    const inbox = { add: (apply: () => void) => void waiting.push(apply), addLast: (apply: () => void) => void waiting.push(apply) };
    const sync = new DraftSync(node, N, inbox);
    sync.start();
    await vi.waitFor(() => expect(sync.getState().phase).toBe('open'));
    const doc = sync.getState().doc!;
    remoteEdit(node, (d) => paragraphText(d).insert(0, 'Hereby ', {}));
    remoteEdit(node, (d) => paragraphText(d).insert(paragraphText(d).length, ' Recalling', {}));
    expect(paragraphText(doc).toString()).toBe('The Parties,');
    for (const apply of waiting.splice(0)) apply();
    expect(paragraphText(doc).toString()).toBe('Hereby The Parties, Recalling');
    remoteEdit(node, (d) => paragraphText(d).insert(0, 'Now ', {}));
    sync.close();
    for (const apply of waiting.splice(0)) apply();
    expect(paragraphText(doc).toString()).toBe('Hereby The Parties, Recalling');
  });

  it('says plainly why the draft could not be opened, and retries on the next connection', async () => {
    const node = new FakeNode();
    node.failNextOpen = { code: 'unknown-negotiation', message: 'no negotiation cccc' };
    const sync = new DraftSync(node, N);
    sync.start();
    await vi.waitFor(() => expect(sync.getState().phase).toBe('failed'));
    expect(sync.getState().problem).toBe('no negotiation cccc');
    node.disconnect();
    node.reconnect();
    await vi.waitFor(() => expect(sync.getState().phase).toBe('open'));
    sync.close();
  });

  it('keeps words typed while disconnected and sends them under the new session, converging with others', async () => {
    const node = new FakeNode();
    seed(node, 'p-1', 'The Parties shall protect albatrosses.');
    const { sync, doc } = await opened(node);
    paragraphText(doc).insert(0, 'All ', {});
    node.disconnect();
    await vi.waitFor(() => expect(sync.getState().phase).toBe('waiting'));

    // Offline: typing here, while another party edits the same paragraph at the node.
    paragraphText(doc).insert(paragraphText(doc).length - 1, ' and petrels', {});
    paragraphText(doc).delete(0, 4);
    remoteEdit(node, (d) => paragraphText(d).insert(paragraphText(d).length, ' Forthwith.', {}));
    expect(node.pushes).toHaveLength(1); // nothing could be sent

    node.reconnect();
    await vi.waitFor(() => expect(sync.getState().phase).toBe('open'));
    const now = sync.getState();
    expect(node.refusals).toEqual([]);
    expect(now.doc!.clientID).toBe(node.clientIdOf(sync.currentSession!));
    const expected = 'The Parties shall protect albatrosses and petrels. Forthwith.';
    expect(paragraphText(node.doc).toString()).toBe(expected);
    expect(paragraphText(now.doc!).toString()).toBe(expected);

    // And the session goes on: later typing reaches the node.
    paragraphText(now.doc!).insert(0, '1. ', {});
    expect(paragraphText(node.doc).toString()).toBe('1. ' + expected);
    expect(node.refusals).toEqual([]);
    sync.close();
  });

  it('sends deletions made while disconnected without replacing the document', async () => {
    const node = new FakeNode();
    seed(node, 'p-1', 'The High Contracting Parties');
    const { sync, doc } = await opened(node);
    node.disconnect();
    paragraphText(doc).delete(4, 17); // "High Contracting "
    node.reconnect();
    await vi.waitFor(() => expect(sync.getState().phase).toBe('open'));
    expect(sync.getState().doc).toBe(doc);
    expect(sync.getState().generation).toBe(0);
    expect(paragraphText(node.doc).toString()).toBe('The Parties');
    expect(node.refusals).toEqual([]);
    sync.close();
  });

  it('reopens without pushing anything when nothing was typed while disconnected', async () => {
    const node = new FakeNode();
    seed(node, 'p-1', 'The Parties,');
    const { sync, doc } = await opened(node);
    paragraphText(doc).delete(0, 4);
    node.disconnect();
    node.reconnect();
    await vi.waitFor(() => expect(sync.getState().phase).toBe('open'));
    expect(node.pushes).toHaveLength(1);
    sync.close();
  });

  it('keeps structure typed offline (a paragraph written into the document) and its words', async () => {
    const node = new FakeNode();
    seed(node, 'p-1', 'First.');
    const { sync, doc } = await opened(node);
    node.disconnect();
    doc.transact(() => {
      const paragraph = new Y.Map<unknown>();
      paragraph.set('id', 'p-2');
      const text = new Y.Text();
      text.insert(0, 'Second.', {});
      paragraph.set('text', text);
      doc.getArray('preamble').push([paragraph]);
    });
    paragraphText(doc, 1).format(0, 6, { bracket: 'br-1' });
    node.reconnect();
    await vi.waitFor(() => expect(sync.getState().phase).toBe('open'));
    expect(node.refusals).toEqual([]);
    expect(node.doc.getArray('preamble').toJSON()).toEqual(sync.getState().doc!.getArray('preamble').toJSON());
    expect(paragraphText(node.doc, 1).toDelta()).toEqual([{ insert: 'Second', attributes: { bracket: 'br-1' } }, { insert: '.' }]);
    sync.close();
  });

  it('opens a new session when the node says out-of-sync, and resends what it lacks', async () => {
    const node = new FakeNode();
    seed(node, 'p-1', 'Text');
    const { sync, doc } = await opened(node);
    const first = sync.currentSession!;
    // A frame lost on the way: the node never sees the first edit, refuses the second.
    const push = node.pushSyncUpdate.bind(node);
    let drop = true;
    node.pushSyncUpdate = (session, update) => {
      if (drop) {
        drop = false;
        return;
      }
      push(session, update);
    };
    paragraphText(doc).insert(4, ' one', {});
    paragraphText(doc).insert(8, ' two', {});
    await vi.waitFor(() => expect(sync.currentSession).not.toBe(first));
    await vi.waitFor(() => expect(sync.getState().phase).toBe('open'));
    expect(paragraphText(node.doc).toString()).toBe('Text one two');
    expect(node.refusals.map((r) => r.error.code)).toEqual(['out-of-sync']);
    sync.close();
  });

  /** A node that refuses, as 'bad-update', every update writing the word FORBIDDEN. */
  function refusingForbidden(node: FakeNode): void {
    node.refuse = (update) => {
      const written = Y.decodeUpdate(update).structs.some((s) => s instanceof Y.Item && s.content instanceof Y.ContentString && s.content.str.includes('FORBIDDEN'));
      return written ? { code: 'bad-update', message: 'content a treaty never holds' } : null;
    };
  }

  const opens = (node: FakeNode) => node.calls.filter((c) => c.command === 'sync.open').length;

  it('stops reopening and replaying when the node keeps refusing, says so, and reloads from the node on request', async () => {
    const node = new FakeNode();
    seed(node, 'p-1', 'Text');
    refusingForbidden(node);
    const { sync, doc } = await opened(node);
    // Refused; the replica is now ahead of the node, so each next edit is out of sync, the
    // reopening replays the refused word, which is refused again...
    paragraphText(doc).insert(4, ' FORBIDDEN', {});
    await vi.waitFor(() => expect(sync.getState().problem).toMatch(/content a treaty never holds/));
    paragraphText(sync.getState().doc!).insert(0, 'A ', {});
    await vi.waitFor(() => expect(sync.getState().phase).toBe('stopped'));
    expect(node.refusals).toHaveLength(MAX_REFUSALS);
    expect(sync.getState().problem).toMatch(new RegExp(`refused this draft's edits ${MAX_REFUSALS} times in a row .*content a treaty never holds`));
    expect(sync.currentSession).toBeNull();
    await vi.waitFor(() => expect(node.openSessions()).toEqual([]));

    // Stopped: more typing, and even a new connection, send nothing and open nothing.
    const opened0 = opens(node);
    const pushed = node.pushes.length;
    paragraphText(sync.getState().doc!).insert(0, 'B ', {});
    node.disconnect();
    node.reconnect();
    await Promise.resolve();
    expect(sync.getState().phase).toBe('stopped');
    expect(opens(node)).toBe(opened0);
    expect(node.pushes).toHaveLength(pushed);

    // Reload: the draft as the node holds it, on a new replica that edits normally again.
    const generation = sync.getState().generation;
    sync.reload();
    await vi.waitFor(() => expect(sync.getState().phase).toBe('open'));
    const fresh = sync.getState().doc!;
    expect(sync.getState().generation).toBe(generation + 1);
    expect(paragraphText(fresh).toString()).toBe(paragraphText(node.doc).toString());
    paragraphText(fresh).insert(0, 'Now ', {});
    expect(paragraphText(node.doc).toString().startsWith('Now ')).toBe(true);
    expect(node.refusals).toHaveLength(MAX_REFUSALS);
    sync.close();
  });

  it("does not stop for refusals that the node's sealing of our edits interrupts", async () => {
    const node = new FakeNode();
    seed(node, 'p-1', 'Text');
    const { sync, doc } = await opened(node);
    for (let round = 0; round < MAX_REFUSALS; round++) {
      node.refuse = () => ({ code: 'bad-update', message: 'not this one' });
      paragraphText(round === 0 ? doc : sync.getState().doc!).insert(0, 'x', {});
      node.refuse = null;
      // The refused frame left the replica ahead: the next edit is out of sync, the session
      // reopens, and the replay is accepted and sealed.
      paragraphText(sync.getState().doc!).insert(0, 'y', {});
      await vi.waitFor(() => expect(node.refusals).toHaveLength(2 * (round + 1)));
      await vi.waitFor(() => expect(paragraphText(node.doc).toString()).toBe(paragraphText(sync.getState().doc!).toString()));
      await new Promise<void>((resolve) => queueMicrotask(resolve)); // the sealing's event
    }
    expect(node.refusals.map((r) => r.error.code)).toEqual(Array.from({ length: MAX_REFUSALS }, () => ['bad-update', 'out-of-sync']).flat());
    expect(sync.getState().phase).toBe('open');
    sync.close();
  });
});

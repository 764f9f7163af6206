/**
 * The outbox of local Yjs updates (sync-outbox.ts): sent after the frame, a session's updates as
 * one that the node applies to the same text, nothing sent twice or lost, flush at once on demand.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SyncOutbox, afterPaint } from '../../src/renderer/client/sync-outbox.js';
import { waitFor } from '../support/wait.js';

/** A scheduler the test runs by hand: `tick()` is "the frame was painted". */
function manual() {
  let pending: (() => void) | null = null;
  let scheduled = 0;
  return {
    schedule: (flush: () => void) => {
      scheduled++;
      pending = flush;
      return () => (pending = null);
    },
    tick: () => {
      const run = pending;
      pending = null;
      run?.();
    },
    get scheduled() {
      return scheduled;
    },
  };
}

function typing(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc({ gc: false });
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const text = doc.getText('t');
  for (const [i, ch] of [...'Parties'].entries()) text.insert(i, ch);
  text.delete(0, 1);
  return { doc, updates };
}

describe('SyncOutbox', () => {
  it("sends nothing until the frame is painted, then each session's updates as one the node applies to the same text", () => {
    const sent: Array<[number, Uint8Array]> = [];
    const frame = manual();
    const outbox = new SyncOutbox((s, u) => sent.push([s, u]), frame.schedule);
    const { doc, updates } = typing();
    for (const u of updates) outbox.push(7, u);
    outbox.push(8, updates[0]!);
    expect(sent).toEqual([]);
    expect(frame.scheduled).toBe(1); // one flush per frame, however many keystrokes
    frame.tick();
    expect(sent.map(([s]) => s)).toEqual([7, 8]);
    const node = new Y.Doc({ gc: false });
    Y.applyUpdate(node, sent[0]![1]);
    expect(node.getText('t').toString()).toBe('arties');
    expect(Y.encodeStateVector(node)).toEqual(Y.encodeStateVector(doc));
    frame.tick();
    expect(sent.length).toBe(2); // nothing twice
    outbox.close();
  });

  it('flushes at once before a command, and forgets what a dropped connection took with it', () => {
    const sent: number[] = [];
    const frame = manual();
    const outbox = new SyncOutbox((s) => sent.push(s), frame.schedule);
    outbox.push(1, typing().updates[0]!);
    outbox.flush();
    expect(sent).toEqual([1]);
    frame.tick();
    expect(sent).toEqual([1]);
    outbox.push(2, typing().updates[0]!);
    outbox.push(3, typing().updates[0]!);
    expect(outbox.drop()).toEqual([2, 3]);
    frame.tick();
    outbox.close();
    expect(sent).toEqual([1]);
  });

  it('sends on a timer where there are no idle callbacks (Node)', async () => {
    const sent: number[] = [];
    const outbox = new SyncOutbox((s) => sent.push(s), afterPaint);
    outbox.push(4, typing().updates[0]!);
    expect(sent).toEqual([]);
    await waitFor('the update sent', () => sent.length === 1, { timeoutMs: 2000 });
    outbox.close();
  });
});

/**
 * The draft's inbox (node-inbox.ts): what the node sends waits for this delegation's next
 * keystroke and is applied at the start of its frame, or after MAX_WAIT_MS when no one types
 * here; in order, once (`addLast` after the rest of its batch), and a failing arrival does not
 * stop the others.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_WAIT_MS, NodeInbox } from '../../src/renderer/draft/node-inbox.js';

/** A page stand-in: keydown listeners, and frames the test runs by hand. */
function page() {
  const target = new EventTarget();
  const frames = new Map<number, FrameRequestCallback>();
  let next = 1;
  return {
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
    requestAnimationFrame: (callback: FrameRequestCallback) => {
      frames.set(next, callback);
      return next++;
    },
    cancelAnimationFrame: (id: number) => void frames.delete(id),
    key: () => target.dispatchEvent(new Event('keydown')),
    frame: () => {
      const due = [...frames.values()];
      frames.clear();
      for (const callback of due) callback(0);
    },
    get frames() {
      return frames.size;
    },
  };
}

afterEach(() => vi.useRealTimers());

describe('NodeInbox', () => {
  it("applies what arrived at the start of the next keystroke's frame, in order, once", () => {
    vi.useFakeTimers();
    const p = page();
    const inbox = new NodeInbox(p);
    inbox.start();
    const applied: string[] = [];
    inbox.addLast(() => applied.push('held caret'));
    inbox.add(() => applied.push('words'));
    inbox.add(() => applied.push('cursor'));
    p.frame();
    expect(applied).toEqual([]); // no keystroke of ours: no frame asked for it
    p.key();
    p.key();
    expect(p.frames).toBe(1);
    expect(applied).toEqual([]);
    p.frame();
    expect(applied).toEqual(['words', 'cursor', 'held caret']);
    vi.advanceTimersByTime(MAX_WAIT_MS * 2);
    p.key();
    expect(p.frames).toBe(0); // nothing waits: a keystroke asks no frame
    expect(applied).toHaveLength(3);
    inbox.stop();
  });

  it('applies on its own after MAX_WAIT_MS when no one types', () => {
    vi.useFakeTimers();
    const p = page();
    const inbox = new NodeInbox(p);
    inbox.start();
    const applied: number[] = [];
    inbox.add(() => applied.push(1));
    vi.advanceTimersByTime(MAX_WAIT_MS - 1);
    expect(applied).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(applied).toEqual([1]);
    inbox.stop();
  });

  it('goes on past an arrival that throws, and applies what waits when stopped', () => {
    vi.useFakeTimers();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const p = page();
    const inbox = new NodeInbox(p);
    inbox.start();
    const applied: number[] = [];
    inbox.add(() => {
      throw new Error('bad update');
    });
    inbox.add(() => applied.push(2));
    inbox.stop();
    expect(applied).toEqual([2]);
    expect(errors).toHaveBeenCalledOnce();
    inbox.add(() => applied.push(3));
    p.key();
    expect(p.frames).toBe(0); // no longer listening
    errors.mockRestore();
    vi.advanceTimersByTime(MAX_WAIT_MS);
    expect(applied).toEqual([2, 3]);
  });
});

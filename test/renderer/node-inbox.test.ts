/**
 * The draft's inbox (node-inbox.ts): what the node sends waits for this delegation's next
 * keystroke and is applied once that keystroke's frame is painted, or after MAX_WAIT_MS when no
 * one types here; in order, once (`addLast` after the rest of its batch), and a failing arrival
 * does not stop the others.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_WAIT_MS, NodeInbox } from '../../src/renderer/draft/node-inbox.js';

/** A page stand-in: keydown listeners, and paints the test makes by hand. */
function page() {
  const target = new EventTarget();
  let painted: (() => void) | null = null;
  let asked = 0;
  return {
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
    afterFrame: (run: () => void) => {
      asked++;
      painted = run;
      return () => (painted = null);
    },
    key: () => target.dispatchEvent(new Event('keydown')),
    paint: () => {
      const run = painted;
      painted = null;
      run?.();
    },
    get asked() {
      return asked;
    },
  };
}

afterEach(() => vi.useRealTimers());

describe('NodeInbox', () => {
  it("applies what arrived once the next keystroke's frame is painted, in order, once", () => {
    vi.useFakeTimers();
    const p = page();
    const inbox = new NodeInbox(p, p.afterFrame);
    inbox.start();
    const applied: string[] = [];
    inbox.addLast(() => applied.push('held caret'));
    inbox.add(() => applied.push('words'));
    p.paint();
    expect(applied).toEqual([]); // no keystroke of ours: nothing waits on a paint
    p.key();
    p.key();
    expect(p.asked).toBe(1);
    inbox.add(() => applied.push('cursor')); // arrives while the keystroke is handled
    expect(applied).toEqual([]);
    p.paint();
    expect(applied).toEqual(['words', 'cursor', 'held caret']);
    vi.advanceTimersByTime(MAX_WAIT_MS * 2);
    expect(applied).toHaveLength(3);
    inbox.stop();
  });

  it('applies on its own after MAX_WAIT_MS when no one types', () => {
    vi.useFakeTimers();
    const p = page();
    const inbox = new NodeInbox(p, p.afterFrame);
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
    const inbox = new NodeInbox(p, p.afterFrame);
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
    expect(p.asked).toBe(0); // no longer listening
    errors.mockRestore();
    vi.advanceTimersByTime(MAX_WAIT_MS);
    expect(applied).toEqual([2, 3]);
  });
});

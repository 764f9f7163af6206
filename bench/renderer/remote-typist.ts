/**
 * A remote delegation typing through its own node, as its UI would: one character every
 * `intervalMs` (draft.insertText, sealed and gossiped by the node's 30 ms window), its cursor
 * reported after each (presence.set, as the UI's throttled reporter does at this pace). It types
 * from the start of its paragraph onwards, so its words stay contiguous and can be found later.
 */
import type { DelegationNode } from '../../src/node/delegation-node.js';

export class RemoteTypist {
  /** The characters typed so far, in order. */
  typed = '';
  readonly failures: string[] = [];
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly node: DelegationNode,
    private readonly negotiation: string,
    private readonly paragraphId: string,
    private readonly words: string,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the keystroke in flight, if any. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    const target = { kind: 'paragraph', paragraphId: this.paragraphId } as const;
    while (this.running) {
      const started = performance.now();
      const index = this.typed.length;
      const char = this.words[index % this.words.length]!;
      const typed = await this.node.call('draft.insertText', { negotiation: this.negotiation, target, index, text: char });
      if (typed.ok) {
        this.typed += char;
        const moved = await this.node.call('presence.set', { negotiation: this.negotiation, cursor: { paragraphId: this.paragraphId, index: index + 1, length: 0 } });
        if (!moved.ok) this.failures.push(moved.error.message);
      } else this.failures.push(typed.error.message);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, this.intervalMs - (performance.now() - started))));
    }
  }
}

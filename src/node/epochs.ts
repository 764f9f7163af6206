/**
 * Yjs epochs of this delegation on this node. Every session of every negotiation, and every UI
 * document synced with it, writes under deriveClientId(party, epoch), so an epoch is never used
 * twice: the next one is stored before it is handed out. The counter starts at a random point of
 * the lower half of the u32 range, so another device of the same delegation (later) starts
 * elsewhere.
 */
import { randomBytes } from 'node:crypto';
import type { PlenaryStore } from '../store/index.js';

const NEXT_EPOCH_KEY = 'draft/next-epoch';
const U32 = 0x1_0000_0000;

export class EpochCounter {
  private next: number | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: PlenaryStore) {}

  /** A fresh epoch, durable before it is returned. */
  allocate(): Promise<number> {
    const result = this.chain.then(async () => {
      if (this.next === undefined) {
        const stored = await this.store.getMeta(NEXT_EPOCH_KEY);
        this.next = stored?.length === 4 ? new DataView(stored.buffer, stored.byteOffset, 4).getUint32(0) : randomBytes(4).readUInt32BE(0) >>> 1;
      }
      const epoch = this.next;
      const after = (epoch + 1) % U32;
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setUint32(0, after);
      await this.store.putMeta(NEXT_EPOCH_KEY, bytes);
      this.next = after;
      return epoch;
    });
    this.chain = result.catch(() => undefined);
    return result;
  }
}

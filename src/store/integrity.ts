/**
 * A full integrity scan of a LevelDB store: every key must follow the layout (keys.ts), every
 * value must pass its checksum, evidence must sit under its own hash, every negotiation holding
 * records must be registered, and each ledger must be contiguous from height 0.
 *
 * LevelDB as configured by classic-level skips a damaged log record on recovery instead of
 * failing; a missing block below the tip is how that would show, and is caught here. (A lost
 * envelope is indistinguishable from one never received; catch-up from peers restores it.)
 */
import type { ClassicLevel } from 'classic-level';
import { equalBytes, toHex } from '../core/bytes.js';
import { sha256 } from '../core/hash.js';
import type { NegotiationId } from '../core/identity.js';
import { openValue } from './checksum.js';
import { StoreError } from './errors.js';
import { parseKey } from './keys.js';
import { guarded } from './level-errors.js';

export interface IntegrityReport {
  readonly records: number;
  readonly bytes: number;
  readonly negotiations: number;
}

export async function checkIntegrity(
  db: ClassicLevel<Uint8Array, Uint8Array>,
  path: string,
  registered: ReadonlySet<NegotiationId>,
): Promise<IntegrityReport> {
  const corrupt = (why: string): StoreError => new StoreError('corrupt', `integrity check: ${why}`, { path });
  const nextHeight = new Map<NegotiationId, number>();
  let records = 0;
  let bytes = 0;

  await guarded(path, async () => {
    const iterator = db.iterator();
    try {
      for (let batch = await iterator.nextv(1000); batch.length > 0; batch = await iterator.nextv(1000)) {
        for (const [key, stored] of batch) {
          const parsed = parseKey(key);
          if (parsed === undefined) throw corrupt(`unknown key ${toHex(key)}`);
          const value = openValue(key, stored, path);
          records++;
          bytes += key.length + stored.length;
          if (parsed.kind === 'format' || parsed.kind === 'damage' || parsed.kind === 'meta') continue;
          if (!registered.has(parsed.neg)) throw corrupt(`records of unregistered negotiation ${parsed.neg}`);
          if (parsed.kind === 'block') {
            const expected = nextHeight.get(parsed.neg) ?? 0;
            if (parsed.height !== expected) throw corrupt(`ledger of ${parsed.neg} jumps from height ${expected - 1} to ${parsed.height}`);
            nextHeight.set(parsed.neg, expected + 1);
          } else if (parsed.kind === 'evidence' && !equalBytes(sha256(value), parsed.hash)) {
            throw corrupt(`evidence of ${parsed.neg} not stored under its hash`);
          }
        }
      }
    } finally {
      await iterator.close();
    }
  });
  return { records, bytes, negotiations: registered.size };
}

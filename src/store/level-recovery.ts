/**
 * Noticing, and recovering from, damage that LevelDB would otherwise absorb silently.
 *
 * classic-level opens LevelDB with `paranoid_checks = false`, so when recovery finds a damaged
 * record in its write-ahead log it skips it, notes "dropping N bytes" in its info LOG (rewritten
 * at every open), and opens as if nothing happened: an acknowledged write could vanish unseen.
 * We read that LOG after each open; if recovery dropped anything we write a damage note into the
 * store (so the next open refuses too: the LOG alone would be rotated away) and refuse with
 * StoreError('corrupt'). A torn record at the very end of the log (a crash mid-write of a write
 * that was never acknowledged) is not reported by LevelDB, so crashes alone never trigger this.
 *
 * `repairLevelStore` is the way out: LevelDB's repair, then removal of whatever fails our checks
 * (bad checksums, ledger blocks above a gap), then the damage note is cleared. What it removed
 * must be fetched again from peers, which all hold the full record.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { equalBytes, toHex, utf8 } from '../core/bytes.js';
import { sha256 } from '../core/hash.js';
import type { NegotiationId } from '../core/identity.js';
import { openValue, sealValue } from './checksum.js';
import { StoreError } from './errors.js';
import { damageKey, negotiationKey, parseKey } from './keys.js';
import { guarded } from './level-errors.js';

type Db = ClassicLevel<Uint8Array, Uint8Array>;

/** The lines of this open's LevelDB info LOG in which recovery dropped damaged log records. */
export async function droppedDuringRecovery(dir: string): Promise<string[]> {
  let log: string;
  try {
    log = await readFile(join(dir, 'LOG'), 'utf8');
  } catch {
    return []; // no info log: nothing was recovered
  }
  return log.split('\n').filter((line) => /dropping \d+ bytes/.test(line));
}

/** Refuses to open a store whose recovery lost records, now or at an earlier open. */
export async function refuseIfDamaged(db: Db, dir: string): Promise<void> {
  const key = damageKey();
  const earlier = await guarded(dir, () => db.get(key));
  if (earlier !== undefined) {
    throw damaged(dir, new TextDecoder().decode(openValue(key, earlier, dir)));
  }
  const dropped = await droppedDuringRecovery(dir);
  if (dropped.length === 0) return;
  const note = `LevelDB recovery skipped damaged log records: ${dropped.join(' | ')}`;
  await guarded(dir, () => db.put(key, sealValue(key, utf8(note)), { sync: true }));
  throw damaged(dir, note);
}

function damaged(dir: string, note: string): StoreError {
  return new StoreError('corrupt', `${note}. Acknowledged writes may be lost: run repairLevelStore, then re-sync from peers`, { path: dir });
}

export interface RepairReport {
  /** What was removed or restored, one line each; empty if nothing needed it. */
  readonly actions: string[];
}

/**
 * Repairs a damaged store in place (it must not be open). Removes records that fail their
 * checksum or do not follow the key layout, and every ledger block above a missing height;
 * registers negotiations that hold records; clears the damage note.
 */
export async function repairLevelStore(dir: string): Promise<RepairReport> {
  await guarded(dir, () => ClassicLevel.repair(dir));
  const db: Db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view', createIfMissing: false });
  await guarded(dir, () => db.open());
  try {
    const actions: string[] = [];
    const deletes: Uint8Array[] = [];
    const registered = new Set<NegotiationId>();
    const holding = new Set<NegotiationId>();
    const nextHeight = new Map<NegotiationId, number>();
    for await (const [key, stored] of db.iterator()) {
      const parsed = parseKey(key);
      let value: Uint8Array | undefined;
      try {
        value = openValue(key, stored, dir);
      } catch {
        value = undefined;
      }
      const reason =
        parsed === undefined ? 'unknown key' : value === undefined ? 'checksum mismatch' : problemWith(parsed, value, nextHeight);
      if (parsed?.kind === 'damage') {
        deletes.push(key);
        actions.push('cleared the damage note');
      } else if (reason !== undefined) {
        deletes.push(key);
        actions.push(`removed ${toHex(key)}: ${reason}`);
      } else if (parsed !== undefined && 'neg' in parsed) {
        (parsed.kind === 'negotiation' ? registered : holding).add(parsed.neg);
      }
    }
    const registrations = [...holding].filter((neg) => !registered.has(neg));
    for (const neg of registrations) actions.push(`registered negotiation ${neg}`);
    await guarded(dir, () =>
      db.batch(
        [
          ...deletes.map((key) => ({ type: 'del' as const, key })),
          ...registrations.map((neg) => ({ type: 'put' as const, key: negotiationKey(neg), value: sealValue(negotiationKey(neg), new Uint8Array(0)) })),
        ],
        { sync: true },
      ),
    );
    return { actions };
  } finally {
    await db.close();
  }
}

/** Why a record that passed its checksum must still go, if it must. Tracks ledger heights as it goes. */
function problemWith(parsed: NonNullable<ReturnType<typeof parseKey>>, value: Uint8Array, nextHeight: Map<NegotiationId, number>): string | undefined {
  if (parsed.kind === 'block') {
    const expected = nextHeight.get(parsed.neg) ?? 0;
    if (parsed.height !== expected) return `block above missing height ${expected}`;
    nextHeight.set(parsed.neg, expected + 1);
  }
  if (parsed.kind === 'evidence' && !equalBytes(sha256(value), parsed.hash)) return 'evidence not under its hash';
  return undefined;
}

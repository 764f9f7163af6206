/** Typed store failures: callers switch on `code`, never on message text. */
import type { PartyId } from '../core/identity.js';

export type StoreErrorCode =
  /** Different bytes under a key that is already stored (never overwritten). */
  | 'conflict'
  /** A block whose height is not tip + 1. */
  | 'out-of-order'
  /** A malformed argument (bad id, seq, height, empty bytes...): a bug in the caller. */
  | 'invalid-argument'
  /** The files are damaged: LevelDB reported corruption, or a record failed its checksum. */
  | 'corrupt'
  /** The store was written by a newer format version than this code understands. */
  | 'unsupported-version'
  /** Another process (or instance) has the store open. */
  | 'locked'
  /** The store is closed. */
  | 'closed'
  /** The file system failed (disk full, permissions...). */
  | 'io';

export type ConflictKey =
  | { readonly author: PartyId; readonly seq: number }
  | { readonly height: number }
  /** An act: its party, seq and hash (hex). */
  | { readonly party: PartyId; readonly seq: number; readonly act: string };

export interface StoreErrorDetails {
  /** The store's directory, for 'corrupt', 'locked' and 'io'. */
  readonly path?: string;
  /** For 'conflict': the keys whose stored bytes differ from the ones offered. */
  readonly conflicts?: readonly ConflictKey[];
  readonly cause?: unknown;
}

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly path: string | undefined;
  readonly conflicts: readonly ConflictKey[];

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    details: StoreErrorDetails = {},
  ) {
    super(`${code}: ${message}${details.path === undefined ? '' : ` (${details.path})`}`, { cause: details.cause });
    this.path = details.path;
    this.conflicts = details.conflicts ?? [];
  }
}

export function isStoreError(e: unknown, code?: StoreErrorCode): e is StoreError {
  return e instanceof StoreError && (code === undefined || e.code === code);
}

/** The rejection of an append that offered different bytes under stored envelope keys. */
export function conflictError(conflicts: ReadonlyArray<{ author: PartyId; seq: number }>): StoreError {
  const list = conflicts.map((c) => `${c.author}#${c.seq}`).join(', ');
  return new StoreError('conflict', `different envelopes already stored for ${list}`, { conflicts });
}

/** The rejection of an append that offered different bytes under stored act keys. */
export function actConflictError(conflicts: ReadonlyArray<{ party: PartyId; seq: number; act: string }>): StoreError {
  const list = conflicts.map((c) => `${c.party}#${c.seq}/${c.act.slice(0, 8)}`).join(', ');
  return new StoreError('conflict', `different bytes already stored for act ${list}`, { conflicts });
}

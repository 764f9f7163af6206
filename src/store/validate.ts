/**
 * Argument checks shared by every store implementation, so that both reject the same bad
 * arguments with the same StoreError('invalid-argument').
 */
import { equalBytes, toHex, utf8 } from '../core/bytes.js';
import { HASH_BYTES } from '../core/hash.js';
import { isNegotiationId, isPartyId, type NegotiationId, type PartyId } from '../core/identity.js';
import { STORE_LIMITS, type ActRecord, type EnvelopeRecord } from './contract.js';
import { StoreError, actConflictError, conflictError } from './errors.js';

const invalid = (message: string): StoreError => new StoreError('invalid-argument', message);

export function checkNegotiation(value: unknown): NegotiationId {
  if (!isNegotiationId(value)) throw invalid(`negotiation id must be 64 lowercase hex characters, got ${describe(value)}`);
  return value;
}

export function checkAuthor(value: unknown): PartyId {
  if (!isPartyId(value)) throw invalid(`author must be a party id (32 lowercase hex characters), got ${describe(value)}`);
  return value;
}

/** Sequence numbers count from 1. */
export function checkSeq(value: unknown, what = 'seq'): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw invalid(`${what} must be an integer from 1 to 2^53-1, got ${describe(value)}`);
  return value as number;
}

/** Heights count from 0 (the genesis). */
export function checkHeight(value: unknown, what = 'height'): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw invalid(`${what} must be an integer from 0 to 2^53-1, got ${describe(value)}`);
  return value as number;
}

/** Act numbers count from 0 and are u32 (core/acts MAX_SEQ). */
export function checkActSeq(value: unknown, what = 'seq'): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 0xffffffff) {
    throw invalid(`${what} must be an integer from 0 to 2^32-1, got ${describe(value)}`);
  }
  return value as number;
}

export function checkLimit(value: unknown): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw invalid(`limit must be a positive integer, got ${describe(value)}`);
  return value as number;
}

/** Checks record bytes and returns the store's own plain copy (a Buffer's slice() would be a view). */
export function checkBytes(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw invalid(`${what} must be a Uint8Array, got ${describe(value)}`);
  if (value.length === 0) throw invalid(`${what} must not be empty`);
  if (value.length > STORE_LIMITS.maxRecordBytes) throw invalid(`${what}: ${value.length} bytes exceeds ${STORE_LIMITS.maxRecordBytes}`);
  return new Uint8Array(value);
}

/** Meta keys are non-empty strings of bounded UTF-8 length; returns the key's bytes. */
export function checkMetaKey(value: unknown): Uint8Array {
  if (typeof value !== 'string' || value.length === 0) throw invalid(`meta key must be a non-empty string, got ${describe(value)}`);
  const bytes = utf8(value);
  if (bytes.length > STORE_LIMITS.maxMetaKeyBytes) throw invalid(`meta key: ${bytes.length} UTF-8 bytes exceeds ${STORE_LIMITS.maxMetaKeyBytes}`);
  return bytes;
}

/**
 * Checks every record and collapses exact duplicates within the call. Two records with the same
 * key and different bytes in one call are a conflict with each other.
 */
export function checkEnvelopeRecords(value: unknown): EnvelopeRecord[] {
  if (!Array.isArray(value)) throw invalid(`records must be an array, got ${describe(value)}`);
  if (value.length > STORE_LIMITS.maxRecordsPerAppend) {
    throw invalid(`${value.length} records in one append exceeds ${STORE_LIMITS.maxRecordsPerAppend}`);
  }
  const byKey = new Map<string, EnvelopeRecord>();
  const out: EnvelopeRecord[] = [];
  value.forEach((record: unknown, i) => {
    if (typeof record !== 'object' || record === null) throw invalid(`records[${i}] must be an object`);
    const r = record as Record<string, unknown>;
    const checked: EnvelopeRecord = {
      author: checkAuthor(r.author),
      seq: checkSeq(r.seq, `records[${i}].seq`),
      bytes: checkBytes(r.bytes, `records[${i}].bytes`),
    };
    const key = `${checked.author}:${checked.seq}`;
    const earlier = byKey.get(key);
    if (earlier === undefined) {
      byKey.set(key, checked);
      out.push(checked);
    } else if (!equalBytes(earlier.bytes, checked.bytes)) {
      throw conflictError([{ author: checked.author, seq: checked.seq }]); // two versions in one call
    }
  });
  return out;
}

/** Checks every act record and collapses exact duplicates within the call, like envelopes. */
export function checkActRecords(value: unknown): ActRecord[] {
  if (!Array.isArray(value)) throw invalid(`records must be an array, got ${describe(value)}`);
  if (value.length > STORE_LIMITS.maxRecordsPerAppend) {
    throw invalid(`${value.length} records in one append exceeds ${STORE_LIMITS.maxRecordsPerAppend}`);
  }
  const byKey = new Map<string, ActRecord>();
  const out: ActRecord[] = [];
  value.forEach((record: unknown, i) => {
    if (typeof record !== 'object' || record === null) throw invalid(`records[${i}] must be an object`);
    const r = record as Record<string, unknown>;
    if (!(r.hash instanceof Uint8Array) || r.hash.length !== HASH_BYTES) throw invalid(`records[${i}].hash must be ${HASH_BYTES} bytes, got ${describe(r.hash)}`);
    if (!isPartyId(r.party)) throw invalid(`records[${i}].party must be a party id (32 lowercase hex characters), got ${describe(r.party)}`);
    const checked: ActRecord = {
      party: r.party,
      seq: checkActSeq(r.seq, `records[${i}].seq`),
      hash: new Uint8Array(r.hash),
      bytes: checkBytes(r.bytes, `records[${i}].bytes`),
    };
    const key = `${checked.party}:${checked.seq}:${toHex(checked.hash)}`;
    const earlier = byKey.get(key);
    if (earlier === undefined) {
      byKey.set(key, checked);
      out.push(checked);
    } else if (!equalBytes(earlier.bytes, checked.bytes)) {
      throw actConflictError([{ party: checked.party, seq: checked.seq, act: toHex(checked.hash) }]);
    }
  });
  return out;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

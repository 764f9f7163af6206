/** Ids and payloads for store tests, and a helper to assert typed store failures. */
import { expect } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { taggedHash } from '../../src/core/hash.js';
import { negotiationIdFromBytes, partyIdFromBytes, type NegotiationId, type PartyId } from '../../src/core/identity.js';
import { StoreError, type StoreErrorCode } from '../../src/store/errors.js';

export const negotiation = (name: string): NegotiationId => negotiationIdFromBytes(taggedHash('test/negotiation', utf8(name)));

export const party = (name: string): PartyId => partyIdFromBytes(taggedHash('test/party', utf8(name)).subarray(0, 16));

/** Distinct, recognisable bytes for (author, seq); `variant` makes a conflicting version. */
export const payload = (author: PartyId, seq: number, variant = 0): Uint8Array => utf8(`envelope ${author} #${seq} v${variant}`);

export const blockBytes = (height: number, variant = 0): Uint8Array => utf8(`block ${height} v${variant}`);

/** Awaits a promise that must reject with StoreError(code); returns the error for more checks. */
export async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<StoreError> {
  let outcome: unknown;
  try {
    await promise;
    outcome = 'resolved';
  } catch (e) {
    outcome = e;
  }
  if (!(outcome instanceof StoreError)) expect.fail(`expected StoreError('${code}'), got ${outcome instanceof Error ? outcome.stack : String(outcome)}`);
  expect(outcome.code, outcome.message).toBe(code);
  return outcome;
}

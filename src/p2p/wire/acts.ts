/**
 * Acts on the wire (core/acts: signatures, ratifications, reservations...): gossip on the room's
 * acts topic, and an acts catch-up by request/response on `/plenary/acts-catch-up/1.0.0`, apart
 * from the draft and ledger catch-up so that neither format changes. Each act travels as its own
 * signed bytes (core encodeAct); whether it stands is the receiver's call (core checkAct).
 *
 *   message  = domain('plenary/wire/acts/v1') | u8 kind
 *              1 act: u32 length | act bytes
 *   request  = domain('plenary/wire/acts-request/v1') | negotiation 32
 *              | u32 n [ party 16 | fromSeq u32 ]*     (the requester holds each party's seqs below fromSeq)
 *              | u32 m [ party 16 | seq u32 ]*         (forks the requester already holds)
 *   response = domain('plenary/wire/acts-response/v1') | u8 kind
 *              1 page:    u8 more | u32 [ u32 length | act bytes ]*
 *              2 refused: u8 reason (1 not a party, 2 unknown negotiation)
 */
import { DecodeError, Writer, decodeWith, domain } from '../../core/bytes.js';
import { MAX_ACT_TEXT_CHARS } from '../../core/acts/act.js';
import {
  NEGOTIATION_ID_BYTES,
  PARTY_ID_BYTES,
  negotiationIdFromBytes,
  negotiationIdToBytes,
  partyIdFromBytes,
  partyIdToBytes,
  type NegotiationId,
  type PartyId,
} from '../../core/identity.js';

const MESSAGE_DOMAIN = domain('plenary/wire/acts/v1');
const REQUEST_DOMAIN = domain('plenary/wire/acts-request/v1');
const RESPONSE_DOMAIN = domain('plenary/wire/acts-response/v1');

/** An act's bytes: its text (at most MAX_ACT_TEXT_CHARS, 4 bytes each in UTF-8) and fixed fields. */
export const MAX_ACT_WIRE_BYTES = MAX_ACT_TEXT_CHARS * 4 + 1024;
/** Parties named in one request: every party a negotiation ever had, with room to spare. */
export const MAX_ACT_REQUEST_PARTIES = 4096;
export const MAX_ACT_REQUEST_FORKS = 4096;
/** Acts in one page: far above what a page's byte budget holds at realistic sizes. */
export const MAX_PAGE_ACTS = 65_536;

export type ActsMessage = { readonly kind: 'act'; readonly act: Uint8Array };

export interface ActsRequest {
  readonly negotiation: NegotiationId;
  /** Per party, the first seq the requester lacks (it holds 0..fromSeq-1); parties absent: from 0. */
  readonly holds: ReadonlyMap<PartyId, number>;
  /** (party, seq) pairs where the requester already holds two acts: no need to send them again. */
  readonly forks: readonly { readonly party: PartyId; readonly seq: number }[];
}

export type ActsRefusal = 'not-a-party' | 'unknown-negotiation';
const REFUSALS: Record<ActsRefusal, number> = { 'not-a-party': 1, 'unknown-negotiation': 2 };

export type ActsResponse =
  | { readonly kind: 'page'; readonly more: boolean; readonly acts: readonly Uint8Array[] }
  | { readonly kind: 'refused'; readonly reason: ActsRefusal };

export function encodeActsMessage(message: ActsMessage): Uint8Array {
  return new Writer(MESSAGE_DOMAIN.length + 5 + message.act.length).raw(MESSAGE_DOMAIN).u8(1).bytes(message.act).finish();
}

/** Untrusted bytes: the message or a DecodeError ('bad-tag' for a kind of a newer version). */
export function decodeActsMessage(bytes: Uint8Array): ActsMessage {
  return decodeWith(bytes, 'acts message', (r) => {
    r.expectDomain(MESSAGE_DOMAIN, 'acts message');
    const kind = r.u8('acts message kind');
    if (kind !== 1) throw new DecodeError('bad-tag', `unknown acts message kind ${kind}`);
    return { kind: 'act', act: r.bytes(MAX_ACT_WIRE_BYTES, 'act') };
  });
}

const isSeq = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xffffffff;

export function encodeActsRequest(request: ActsRequest): Uint8Array {
  const holds = [...request.holds].filter(([, from]) => from > 0);
  if (holds.length > MAX_ACT_REQUEST_PARTIES) throw new RangeError(`a request names at most ${MAX_ACT_REQUEST_PARTIES} parties`);
  if (request.forks.length > MAX_ACT_REQUEST_FORKS) throw new RangeError(`a request names at most ${MAX_ACT_REQUEST_FORKS} forks`);
  const w = new Writer(64 + (holds.length + request.forks.length) * 20)
    .raw(REQUEST_DOMAIN)
    .fixed(negotiationIdToBytes(request.negotiation), NEGOTIATION_ID_BYTES)
    .u32(holds.length);
  for (const [party, from] of holds) {
    if (!isSeq(from)) throw new RangeError(`not a seq: ${from}`);
    w.fixed(partyIdToBytes(party), PARTY_ID_BYTES).u32(from);
  }
  w.u32(request.forks.length);
  for (const fork of request.forks) {
    if (!isSeq(fork.seq)) throw new RangeError(`not a seq: ${fork.seq}`);
    w.fixed(partyIdToBytes(fork.party), PARTY_ID_BYTES).u32(fork.seq);
  }
  return w.finish();
}

export function decodeActsRequest(bytes: Uint8Array): ActsRequest {
  return decodeWith(bytes, 'acts request', (r) => {
    r.expectDomain(REQUEST_DOMAIN, 'acts request');
    const negotiation = negotiationIdFromBytes(r.fixed(NEGOTIATION_ID_BYTES, 'negotiation'));
    const holds = new Map<PartyId, number>();
    const n = r.count(MAX_ACT_REQUEST_PARTIES, PARTY_ID_BYTES + 4, 'holds');
    for (let i = 0; i < n; i++) {
      const party = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'party'));
      if (holds.has(party)) throw new DecodeError('malformed', `party ${party} named twice`);
      holds.set(party, r.u32('from seq'));
    }
    const forks: { party: PartyId; seq: number }[] = [];
    const m = r.count(MAX_ACT_REQUEST_FORKS, PARTY_ID_BYTES + 4, 'forks');
    for (let i = 0; i < m; i++) forks.push({ party: partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'fork party')), seq: r.u32('fork seq') });
    return { negotiation, holds, forks };
  });
}

export function encodeActsResponse(response: ActsResponse): Uint8Array {
  if (response.kind === 'refused') return new Writer(RESPONSE_DOMAIN.length + 2).raw(RESPONSE_DOMAIN).u8(2).u8(REFUSALS[response.reason]).finish();
  const size = response.acts.reduce((n, a) => n + 4 + a.length, RESPONSE_DOMAIN.length + 6);
  const w = new Writer(size).raw(RESPONSE_DOMAIN).u8(1).u8(response.more ? 1 : 0).u32(response.acts.length);
  for (const act of response.acts) w.bytes(act);
  return w.finish();
}

export function decodeActsResponse(bytes: Uint8Array): ActsResponse {
  return decodeWith(bytes, 'acts response', (r) => {
    r.expectDomain(RESPONSE_DOMAIN, 'acts response');
    const kind = r.u8('response kind');
    if (kind === 2) {
      const tag = r.u8('refusal reason');
      const reason = (Object.keys(REFUSALS) as ActsRefusal[]).find((k) => REFUSALS[k] === tag);
      if (reason === undefined) throw new DecodeError('bad-tag', `unknown refusal reason ${tag}`);
      return { kind: 'refused', reason };
    }
    if (kind !== 1) throw new DecodeError('bad-tag', `unknown acts response kind ${kind}`);
    const flag = r.u8('more');
    if (flag > 1) throw new DecodeError('malformed', 'more must be 0 or 1');
    const n = r.count(MAX_PAGE_ACTS, 4, 'acts');
    const acts: Uint8Array[] = [];
    for (let i = 0; i < n; i++) acts.push(r.bytes(MAX_ACT_WIRE_BYTES, 'act'));
    return { kind: 'page', more: flag === 1, acts };
  });
}

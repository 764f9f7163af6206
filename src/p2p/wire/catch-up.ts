/**
 * Catch-up, by request/response on `/plenary/catch-up/1.0.0`: a delegation says what it holds
 * (its draft frontier per author, its ledger height) and names the ranges it knows it lacks; the
 * answer is a page of stored envelopes and blocks, plus the proposals and votes still undecided,
 * with a `more` flag so the requester asks again. Everything in an answer is checked by the
 * requester through the same core paths as gossip: the responder is never trusted.
 *
 *   request  = domain('plenary/wire/catch-up-request/v1') | negotiation 32 | height u64
 *              | u32 n [ author 16 | seq u64 ]*                   (settled frontier)
 *              | u32 m [ author 16 | fromSeq u64 | toSeq u64 ]*   (wanted, from replica.missing())
 *   response = domain('plenary/wire/catch-up-response/v1') | u8 kind
 *              1 page:    u8 more | u32 [bytes envelope]* | u32 [bytes block]* | u32 [bytes ledger message]*
 *              2 refused: u8 reason (1 not a party, 2 unknown negotiation)
 */
import { DecodeError, Writer, decodeWith, domain } from '../../core/bytes.js';
import { MAX_ENVELOPE_BYTES } from '../../core/draft/envelope.js';
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
import { MAX_BLOCK_WIRE_BYTES } from './ledger-message.js';

const REQUEST_DOMAIN = domain('plenary/wire/catch-up-request/v1');
const RESPONSE_DOMAIN = domain('plenary/wire/catch-up-response/v1');

/** Authors named in one request: every party a negotiation ever had, with room to spare. */
export const MAX_CATCH_UP_AUTHORS = 4096;
export const MAX_WANTED_RANGES = 4096;
/** Items in one page: far above what fits the 16 MiB response cap at realistic sizes. */
export const MAX_PAGE_ENVELOPES = 65_536;
export const MAX_PAGE_BLOCKS = 4096;
export const MAX_PAGE_PENDING = 4096;

export interface WantedRange {
  readonly author: PartyId;
  readonly fromSeq: number;
  readonly toSeq: number;
}

export interface CatchUpRequest {
  readonly negotiation: NegotiationId;
  /** The requester's ledger height: blocks above it are wanted. */
  readonly height: number;
  /** Settled seq per author; authors absent hold nothing. */
  readonly frontier: ReadonlyMap<PartyId, number>;
  readonly wanted: readonly WantedRange[];
}

export type RefusalReason = 'not-a-party' | 'unknown-negotiation';
const REFUSALS: Record<RefusalReason, number> = { 'not-a-party': 1, 'unknown-negotiation': 2 };

export type CatchUpResponse =
  | {
      readonly kind: 'page';
      /** The responder stopped at its page budget: ask again with the new frontier. */
      readonly more: boolean;
      readonly envelopes: readonly Uint8Array[];
      readonly blocks: readonly Uint8Array[];
      /** Encoded ledger messages (proposals, votes) for the responder's next height. */
      readonly pending: readonly Uint8Array[];
    }
  | { readonly kind: 'refused'; readonly reason: RefusalReason };

export function encodeCatchUpRequest(request: CatchUpRequest): Uint8Array {
  const frontier = [...request.frontier].filter(([, seq]) => seq > 0);
  if (frontier.length > MAX_CATCH_UP_AUTHORS) throw new RangeError(`a request names at most ${MAX_CATCH_UP_AUTHORS} authors`);
  if (request.wanted.length > MAX_WANTED_RANGES) throw new RangeError(`a request names at most ${MAX_WANTED_RANGES} ranges`);
  const w = new Writer(64 + frontier.length * 24 + request.wanted.length * 32)
    .raw(REQUEST_DOMAIN)
    .fixed(negotiationIdToBytes(request.negotiation), NEGOTIATION_ID_BYTES)
    .u64(request.height)
    .u32(frontier.length);
  for (const [author, seq] of frontier) w.fixed(partyIdToBytes(author), PARTY_ID_BYTES).u64(seq);
  w.u32(request.wanted.length);
  for (const range of request.wanted) {
    if (range.fromSeq < 1 || range.toSeq < range.fromSeq) throw new RangeError(`not a seq range: ${range.fromSeq}..${range.toSeq}`);
    w.fixed(partyIdToBytes(range.author), PARTY_ID_BYTES).u64(range.fromSeq).u64(range.toSeq);
  }
  return w.finish();
}

export function decodeCatchUpRequest(bytes: Uint8Array): CatchUpRequest {
  return decodeWith(bytes, 'catch-up request', (r) => {
    r.expectDomain(REQUEST_DOMAIN, 'catch-up request');
    const negotiation = negotiationIdFromBytes(r.fixed(NEGOTIATION_ID_BYTES, 'negotiation'));
    const height = r.u64('height');
    const frontier = new Map<PartyId, number>();
    const authors = r.count(MAX_CATCH_UP_AUTHORS, PARTY_ID_BYTES + 8, 'frontier');
    for (let i = 0; i < authors; i++) {
      const author = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'frontier author'));
      const seq = r.u64('frontier seq');
      if (frontier.has(author)) throw new DecodeError('malformed', `author ${author} named twice in the frontier`);
      frontier.set(author, seq);
    }
    const wanted: WantedRange[] = [];
    const ranges = r.count(MAX_WANTED_RANGES, PARTY_ID_BYTES + 16, 'wanted ranges');
    for (let i = 0; i < ranges; i++) {
      const author = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'wanted author'));
      const fromSeq = r.u64('wanted from');
      const toSeq = r.u64('wanted to');
      if (fromSeq < 1 || toSeq < fromSeq) throw new DecodeError('malformed', `not a seq range: ${fromSeq}..${toSeq}`);
      wanted.push({ author, fromSeq, toSeq });
    }
    return { negotiation, height, frontier, wanted };
  });
}

export function encodeCatchUpResponse(response: CatchUpResponse): Uint8Array {
  if (response.kind === 'refused') return new Writer(RESPONSE_DOMAIN.length + 2).raw(RESPONSE_DOMAIN).u8(2).u8(REFUSALS[response.reason]).finish();
  const size = (list: readonly Uint8Array[]): number => list.reduce((n, b) => n + 4 + b.length, 4);
  const w = new Writer(RESPONSE_DOMAIN.length + 2 + size(response.envelopes) + size(response.blocks) + size(response.pending));
  w.raw(RESPONSE_DOMAIN).u8(1).u8(response.more ? 1 : 0);
  for (const list of [response.envelopes, response.blocks, response.pending]) {
    w.u32(list.length);
    for (const item of list) w.bytes(item);
  }
  return w.finish();
}

export function decodeCatchUpResponse(bytes: Uint8Array): CatchUpResponse {
  return decodeWith(bytes, 'catch-up response', (r) => {
    r.expectDomain(RESPONSE_DOMAIN, 'catch-up response');
    const kind = r.u8('response kind');
    if (kind === 2) {
      const tag = r.u8('refusal reason');
      const reason = (Object.keys(REFUSALS) as RefusalReason[]).find((k) => REFUSALS[k] === tag);
      if (reason === undefined) throw new DecodeError('bad-tag', `unknown refusal reason ${tag}`);
      return { kind: 'refused', reason };
    }
    if (kind !== 1) throw new DecodeError('bad-tag', `unknown catch-up response kind ${kind}`);
    const flag = r.u8('more');
    if (flag > 1) throw new DecodeError('malformed', 'more must be 0 or 1');
    const list = (max: number, maxItem: number, what: string): Uint8Array[] => {
      const n = r.count(max, 4, what);
      const out: Uint8Array[] = [];
      for (let i = 0; i < n; i++) out.push(r.bytes(maxItem, what));
      return out;
    };
    const envelopes = list(MAX_PAGE_ENVELOPES, MAX_ENVELOPE_BYTES, 'envelopes');
    const blocks = list(MAX_PAGE_BLOCKS, MAX_BLOCK_WIRE_BYTES, 'blocks');
    const pending = list(MAX_PAGE_PENDING, MAX_BLOCK_WIRE_BYTES, 'pending ledger messages');
    return { kind: 'page', more: flag === 1, envelopes, blocks, pending };
  });
}

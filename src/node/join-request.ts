/**
 * `/plenary/join/1.0.0`: an invitee asks the inviter to propose its admission. The request proves
 * the invitation (its one-time secret) and the invitee's key (signed by it, and the peer that
 * sends it must be that key's peer); the inviter answers with the charter's genesis, so the
 * invitee can show the negotiation while it waits, and the admission proposal's header hash.
 *
 *   signed   = domain('plenary/join/v1') | negotiation 32 | secret 32 | name text | public key 32
 *              | weight asked u32 (0: none)
 *   request  = signed | signature 64
 *   response = 1 | header hash 32 | genesis bytes     (admission proposed)
 *            | 2 | reason text                       (refused)
 */
import { DecodeError, Reader, Writer, decodeWith, domain } from '../core/bytes.js';
import {
  NEGOTIATION_ID_BYTES,
  PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
  negotiationIdFromBytes,
  negotiationIdToBytes,
  type NegotiationId,
  type SignatureScheme,
  type Signer,
} from '../core/identity.js';
import { MAX_NAME_CHARS } from '../core/charter.js';
import { protocolId } from '../p2p/network.js';
import { SECRET_BYTES } from './invitation-code.js';

export const JOIN_PROTOCOL = protocolId('join');
const JOIN_DOMAIN = domain('plenary/join/v1');
const MAX_GENESIS_BYTES = 8 << 20;
const MAX_REASON_BYTES = 2000;

export interface JoinRequest {
  readonly negotiation: NegotiationId;
  readonly secret: Uint8Array;
  readonly name: string;
  readonly publicKey: Uint8Array;
  /** The weight asked; 0 leaves it to the inviter (1). */
  readonly weight: number;
  readonly signature: Uint8Array;
}

export type JoinResponse =
  | { readonly kind: 'proposed'; readonly headerHash: Uint8Array; readonly genesis: Uint8Array }
  | { readonly kind: 'refused'; readonly reason: string };

function signedPart(r: Omit<JoinRequest, 'signature'>): Uint8Array {
  return new Writer()
    .raw(JOIN_DOMAIN)
    .fixed(negotiationIdToBytes(r.negotiation), NEGOTIATION_ID_BYTES)
    .fixed(r.secret, SECRET_BYTES)
    .text(r.name)
    .fixed(r.publicKey, PUBLIC_KEY_BYTES)
    .u32(r.weight)
    .finish();
}

export function signJoinRequest(fields: Omit<JoinRequest, 'signature' | 'publicKey'>, signer: Signer): Uint8Array {
  const unsigned = { ...fields, publicKey: signer.publicKey };
  const signed = signedPart(unsigned);
  return new Writer().raw(signed).fixed(signer.sign(signed), SIGNATURE_BYTES).finish();
}

/** Decodes (throws DecodeError only). */
export function decodeJoinRequest(bytes: Uint8Array): JoinRequest {
  return decodeWith(bytes, 'join request', (r: Reader) => {
    r.expectDomain(JOIN_DOMAIN, 'join request');
    const negotiation = negotiationIdFromBytes(r.fixed(NEGOTIATION_ID_BYTES, 'negotiation'));
    const secret = r.fixed(SECRET_BYTES, 'secret');
    const name = r.text(MAX_NAME_CHARS * 4, 'name');
    const publicKey = r.fixed(PUBLIC_KEY_BYTES, 'public key');
    const weight = r.u32('weight');
    const signature = r.fixed(SIGNATURE_BYTES, 'signature');
    r.end('join request');
    return { negotiation, secret, name, publicKey, weight, signature };
  });
}

export function verifyJoinRequest(request: JoinRequest, scheme: SignatureScheme): boolean {
  return scheme.verify(request.signature, signedPart(request), request.publicKey);
}

export function encodeJoinResponse(response: JoinResponse): Uint8Array {
  const w = new Writer();
  if (response.kind === 'proposed') w.u8(1).fixed(response.headerHash, 32).bytes(response.genesis);
  else w.u8(2).text(response.reason.slice(0, 500));
  return w.finish();
}

export function decodeJoinResponse(bytes: Uint8Array): JoinResponse {
  return decodeWith(bytes, 'join response', (r: Reader) => {
    const tag = r.u8('kind');
    let response: JoinResponse;
    if (tag === 1) response = { kind: 'proposed', headerHash: r.fixed(32, 'header hash'), genesis: r.bytes(MAX_GENESIS_BYTES, 'genesis') };
    else if (tag === 2) response = { kind: 'refused', reason: r.text(MAX_REASON_BYTES, 'reason') };
    else throw new DecodeError('bad-tag', `join response: unknown kind ${tag}`);
    r.end('join response');
    return response;
  });
}

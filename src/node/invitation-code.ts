/**
 * An invitation code: what a convenor (or any party) hands a delegation out of band so it can
 * ask to join. Versioned and checksummed so a mistyped or truncated code is caught before any
 * dialling; base64url so it survives e-mail and chat.
 *
 *   code  = base64url( body | checksum 4 )      checksum = sha256('plenary/invitation-code/v1' | body)[0..4]
 *   body  = version u8 (1) | negotiation 32 | inviter party 16 | secret 32 | expiresAt u64
 *           | address count u32 | (address text)*
 *
 * The secret is one-time: the inviter keeps only its hash and forgets it once used or expired.
 */
import { DecodeError, Reader, Writer, decodeWith, equalBytes } from '../core/bytes.js';
import { taggedHash } from '../core/hash.js';
import {
  NEGOTIATION_ID_BYTES,
  PARTY_ID_BYTES,
  negotiationIdFromBytes,
  negotiationIdToBytes,
  partyIdFromBytes,
  partyIdToBytes,
  type NegotiationId,
  type PartyId,
} from '../core/identity.js';
import { err, ok, type Result } from '../core/result.js';

export const INVITATION_VERSION = 1;
export const SECRET_BYTES = 32;
export const MAX_ADDRESSES = 32;
const MAX_ADDRESS_BYTES = 1000;
const CHECKSUM_BYTES = 4;

export interface Invitation {
  readonly negotiation: NegotiationId;
  readonly inviter: PartyId;
  readonly secret: Uint8Array;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
  /** Multiaddrs of the inviter's node, with /p2p/<peer id>. */
  readonly addresses: readonly string[];
}

const checksumOf = (body: Uint8Array): Uint8Array => taggedHash('plenary/invitation-code/v1', body).subarray(0, CHECKSUM_BYTES);

export function encodeInvitation(invitation: Invitation): string {
  const w = new Writer()
    .u8(INVITATION_VERSION)
    .fixed(negotiationIdToBytes(invitation.negotiation), NEGOTIATION_ID_BYTES)
    .fixed(partyIdToBytes(invitation.inviter), PARTY_ID_BYTES)
    .fixed(invitation.secret, SECRET_BYTES)
    .u64(invitation.expiresAt)
    .u32(invitation.addresses.length);
  for (const address of invitation.addresses) w.text(address);
  const body = w.finish();
  const code = new Uint8Array(body.length + CHECKSUM_BYTES);
  code.set(body);
  code.set(checksumOf(body), body.length);
  return Buffer.from(code).toString('base64url');
}

/** Decodes a code, or says in words what is wrong with it. */
export function decodeInvitation(code: string): Result<Invitation, string> {
  const trimmed = code.trim();
  if (!/^[A-Za-z0-9_-]+$/.test(trimmed)) return err('the invitation code is not base64url text (it was perhaps cut or wrapped)');
  const bytes = new Uint8Array(Buffer.from(trimmed, 'base64url'));
  if (bytes.length <= CHECKSUM_BYTES) return err('the invitation code is too short');
  const body = bytes.subarray(0, bytes.length - CHECKSUM_BYTES);
  if (!equalBytes(checksumOf(body), bytes.subarray(bytes.length - CHECKSUM_BYTES))) return err('the invitation code is damaged (its checksum does not match)');
  if (body[0] !== INVITATION_VERSION) return err(`the invitation code is of version ${body[0]}, which this node does not know`);
  try {
    return ok(
      decodeWith(body, 'invitation', (r: Reader) => {
        r.u8('version');
        const negotiation = negotiationIdFromBytes(r.fixed(NEGOTIATION_ID_BYTES, 'negotiation'));
        const inviter = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'inviter'));
        const secret = r.fixed(SECRET_BYTES, 'secret');
        const expiresAt = r.u64('expiresAt');
        const n = r.count(MAX_ADDRESSES, 4, 'addresses');
        const addresses: string[] = [];
        for (let i = 0; i < n; i++) addresses.push(r.text(MAX_ADDRESS_BYTES, 'address'));
        r.end('invitation');
        return { negotiation, inviter, secret: new Uint8Array(secret), expiresAt, addresses };
      }),
    );
  } catch (e) {
    return err(`the invitation code does not decode: ${e instanceof DecodeError ? e.message : String(e)}`);
  }
}

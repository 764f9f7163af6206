/**
 * The draft topic's message: one signed envelope, carried as the exact bytes its author signed
 * (the replica verifies a subarray of them, so nothing is re-encoded on the way).
 *
 *   domain('plenary/wire/draft/v1') | u8 kind (1: envelope) | u32 length | envelope bytes
 *
 * A tagged union of one kind for now: a later kind (say, a batch) gets a new tag, and an old node
 * reads it as a 'bad-tag' DecodeError, which the room ignores rather than holding against the sender.
 */
import { DecodeError, Writer, decodeWith, domain } from '../../core/bytes.js';
import { MAX_ENVELOPE_BYTES } from '../../core/draft/envelope.js';

const DRAFT_DOMAIN = domain('plenary/wire/draft/v1');
const KIND_ENVELOPE = 1;

export type DraftMessage = { readonly kind: 'envelope'; readonly envelope: Uint8Array };

export function encodeDraftMessage(message: DraftMessage): Uint8Array {
  const { envelope } = message;
  if (envelope.length > MAX_ENVELOPE_BYTES) throw new RangeError(`envelope of ${envelope.length} bytes exceeds ${MAX_ENVELOPE_BYTES}`);
  return new Writer(DRAFT_DOMAIN.length + 5 + envelope.length).raw(DRAFT_DOMAIN).u8(KIND_ENVELOPE).bytes(envelope).finish();
}

/** Decodes untrusted bytes: the message or a DecodeError, nothing else. */
export function decodeDraftMessage(bytes: Uint8Array): DraftMessage {
  return decodeWith(bytes, 'draft message', (r) => {
    r.expectDomain(DRAFT_DOMAIN, 'draft message');
    const kind = r.u8('draft message kind');
    if (kind !== KIND_ENVELOPE) throw new DecodeError('bad-tag', `unknown draft message kind ${kind}`);
    return { kind: 'envelope', envelope: r.bytes(MAX_ENVELOPE_BYTES, 'envelope') };
  });
}

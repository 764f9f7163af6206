/**
 * The ledger topic's messages: a proposal (header and body, unsigned: parties sign it by voting),
 * a vote, or a final block (for peers that missed the votes). Catch-up answers carry the same
 * messages for what is still undecided.
 *
 *   domain('plenary/wire/ledger/v1') | u8 kind
 *     1 proposal: header | body            (core/ledger layouts)
 *     2 vote:     vote                     (its signed bytes, party, signature)
 *     3 block:    u32 length | block bytes (core/ledger encodeBlock)
 */
import { DecodeError, Writer, decodeWith, domain } from '../../core/bytes.js';
import { decodeBlock, encodeBlock, type Block } from '../../core/ledger/block.js';
import { readBody, writeBody, type BlockBody } from '../../core/ledger/body.js';
import { readHeader, writeHeader, type Header } from '../../core/ledger/header.js';
import { readVote, writeVote, type Vote } from '../../core/ledger/vote.js';

const LEDGER_DOMAIN = domain('plenary/wire/ledger/v1');
const KIND = { proposal: 1, vote: 2, block: 3 } as const;

/**
 * A block holds at most a 4 MiB text and a 64 MiB Yjs state (core/ledger/body.ts) plus votes. The
 * transport caps what actually travels (1 MiB gossip, 16 MiB per catch-up answer); this cap only
 * stops a length field from announcing more than any block can be.
 */
export const MAX_BLOCK_WIRE_BYTES = 80 * 1024 * 1024;

export type LedgerMessage =
  | { readonly kind: 'proposal'; readonly header: Header; readonly body: BlockBody }
  | { readonly kind: 'vote'; readonly vote: Vote }
  | { readonly kind: 'block'; readonly block: Block };

/** Throws RangeError for fields no message may carry (a local bug, not peer input). */
export function encodeLedgerMessage(message: LedgerMessage): Uint8Array {
  const w = new Writer().raw(LEDGER_DOMAIN).u8(KIND[message.kind]);
  switch (message.kind) {
    case 'proposal':
      writeHeader(w, message.header);
      writeBody(w, message.body);
      break;
    case 'vote':
      writeVote(w, message.vote);
      break;
    case 'block':
      w.bytes(encodeBlock(message.block));
      break;
  }
  return w.finish();
}

/** Decodes untrusted bytes: the message or a DecodeError. Whether it is valid is the ledger's call. */
export function decodeLedgerMessage(bytes: Uint8Array): LedgerMessage {
  return decodeWith(bytes, 'ledger message', (r) => {
    r.expectDomain(LEDGER_DOMAIN, 'ledger message');
    const kind = r.u8('ledger message kind');
    switch (kind) {
      case KIND.proposal:
        return { kind: 'proposal', header: readHeader(r), body: readBody(r) };
      case KIND.vote:
        return { kind: 'vote', vote: readVote(r) };
      case KIND.block:
        return { kind: 'block', block: decodeBlock(r.bytes(MAX_BLOCK_WIRE_BYTES, 'block')) };
      default:
        throw new DecodeError('bad-tag', `unknown ledger message kind ${kind}`);
    }
  });
}

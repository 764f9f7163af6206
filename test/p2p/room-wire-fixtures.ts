/** Sample wire messages of every kind, for round-trip and fuzz tests. */
import { headerHashOf, type Header } from '../../src/core/ledger/header.js';
import { bodyHashOf } from '../../src/core/ledger/body.js';
import { signVote, type Vote } from '../../src/core/ledger/vote.js';
import type { Block } from '../../src/core/ledger/block.js';
import { sealEnvelope, encodeEnvelope } from '../../src/core/draft/envelope.js';
import { deriveClientId } from '../../src/core/draft/envelope.js';
import type { LedgerMessage } from '../../src/p2p/wire/ledger-message.js';
import { signPresence, type Presence } from '../../src/p2p/wire/presence.js';
import { holdings, roomNegotiation, textBodyOf, type RoomNegotiation } from './room-fixtures.js';

export interface WireSamples {
  readonly negotiation: RoomNegotiation;
  readonly envelope: Uint8Array;
  readonly proposal: Extract<LedgerMessage, { kind: 'proposal' }>;
  readonly vote: Vote;
  readonly block: Block;
  readonly presences: readonly Presence[];
}

export function wireSamples(): WireSamples {
  const negotiation = roomNegotiation(3);
  const held = holdings(negotiation, 0);
  const [a, b] = negotiation.parties;
  const ledger = held.ledger;
  const body = textBodyOf('Article 1. The Parties shall cooperate.');
  const header: Header = {
    negotiation: ledger.negotiation,
    height: 1,
    round: 0,
    prevHash: ledger.tip.hash,
    kind: 'adopt',
    bodyHash: bodyHashOf(body),
    proposer: a!.spec.id,
    proposedAt: 1_700_000_100_000,
  };
  const proposed = ledger.propose(header, body);
  if (!proposed.ok) throw new Error(proposed.error.reason);
  const hash = headerHashOf(header);
  const votes = negotiation.parties.map((p) => signVote(p.signer, ledger.negotiation, 1, 0, hash));
  for (const v of votes) ledger.receiveVote(v);
  const block = ledger.blocks()[0];
  if (block === undefined) throw new Error('the sample block did not become final');
  const envelope = encodeEnvelope(
    sealEnvelope(a!.signer, {
      negotiation: ledger.negotiation,
      author: a!.spec.id,
      seq: 1,
      epoch: 1,
      clientId: deriveClientId(a!.spec.id, 1),
      update: Uint8Array.of(0, 0),
    }),
  );
  const presences = [
    signPresence(b!.signer, { negotiation: ledger.negotiation, party: b!.spec.id, at: 1_700_000_000_123, status: 'active' }),
    signPresence(b!.signer, {
      negotiation: ledger.negotiation,
      party: b!.spec.id,
      at: 1_700_000_000_124,
      status: 'idle',
      cursor: { paragraphId: 'p1', index: 12, length: 3 },
    }),
  ];
  return { negotiation, envelope, proposal: { kind: 'proposal', header, body }, vote: votes[1]!, block, presences };
}

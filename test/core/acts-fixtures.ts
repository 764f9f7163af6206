/**
 * Fixtures for acts: a negotiation (with an entry-into-force rule) whose text was adopted by
 * every party, the view of it, and actors that sign each party's acts in chain order.
 */
import { signGenesis, type Charter } from '../../src/core/charter.js';
import type { PartyId } from '../../src/core/identity.js';
import { NO_PREVIOUS, actHashOf, signAct, type Act, type ActPayload } from '../../src/core/acts/act.js';
import { dayOf, type Day } from '../../src/core/acts/day.js';
import type { EntryIntoForceRule } from '../../src/core/acts/rule.js';
import { treatyViewOf, type TreatyView } from '../../src/core/acts/view.js';
import { headerHashOf } from '../../src/core/ledger/header.js';
import type { Ledger } from '../../src/core/ledger/ledger.js';
import { signVote } from '../../src/core/ledger/vote.js';
import { createRoomKey } from '../../src/core/room/room-key.js';
import { allRules, delegation, headerFor, openLedger, qualified, scheme, textBody, type Delegation } from '../support/ledger-fixtures.js';

export { scheme };

export const day = (iso: string): Day => {
  const [y, m, d] = iso.split('-').map(Number);
  const out = dayOf({ year: y!, month: m!, day: d! });
  if (out === undefined) throw new Error(`no such day ${iso}`);
  return out;
};

export interface Treaty {
  readonly charter: Charter;
  readonly ledger: Ledger;
  readonly parties: readonly Delegation[];
  /** Header hash of the adopted version (first adopt block). */
  readonly block: Uint8Array;
  view(): TreatyView;
}

/** Parties `first`.. with the given weights; the text adopted at height 1 (and `versions` more adoptions). */
export function treaty(options: { weights?: readonly number[]; n?: number; rule?: EntryIntoForceRule; first?: number; versions?: number } = {}): Treaty {
  const weights = options.weights ?? Array.from({ length: options.n ?? 3 }, () => 1);
  const first = options.first ?? 100;
  const parties = weights.map((w, i) => delegation(first + i, w));
  const charter: Charter = {
    title: 'Agreement on the Conservation of Albatrosses',
    createdAt: 1_700_000_000_000,
    convenor: parties[0]!.spec.id,
    parties: parties.map((p) => p.spec),
    rules: allRules(qualified(2, 3)),
    nonce: Uint8Array.from({ length: 16 }, (_, i) => i + 7),
    ...(options.rule && { entryIntoForce: options.rule }),
  };
  const genesis = signGenesis(charter, parties[0]!.signer, createRoomKey());
  if (!genesis.ok) throw new Error(genesis.error);
  const ledger = openLedger(genesis.value);
  for (let v = 0; v < 1 + (options.versions ?? 0); v++) adopt(ledger, parties, `Article 1. Version ${v + 1}.`);
  const block = ledger.blocks().find((b) => b.body.kind === 'adopt')!;
  return { charter, ledger, parties, block: headerHashOf(block.header), view: () => treatyViewOf(charter, ledger.blocks()) };
}

export function adopt(ledger: Ledger, voters: readonly Delegation[], text: string): Uint8Array {
  const body = textBody(text, `Version ${ledger.height + 1}`);
  const header = headerFor(ledger, body);
  const proposed = ledger.propose(header, body);
  if (!proposed.ok) throw new Error(proposed.error.reason);
  for (const p of voters) {
    if (ledger.height >= header.height) break;
    ledger.receiveVote(signVote(p.signer, ledger.negotiation, header.height, 0, proposed.value.headerHash));
  }
  if (ledger.height !== header.height) throw new Error('adoption did not become final');
  return proposed.value.headerHash;
}

/** Signs one party's acts in chain order: seq and previous follow on. */
export class Actor {
  seq = 0;
  previous: Uint8Array = NO_PREVIOUS;
  constructor(
    readonly who: Delegation,
    readonly treaty: Treaty,
  ) {}

  get party(): PartyId {
    return this.who.spec.id;
  }

  /** The next act (not advancing): for refusals. */
  draft(payload: ActPayload, date: Day, block = this.treaty.block, over: Partial<Act> = {}): Act {
    const unsigned = { negotiation: this.treaty.ledger.negotiation, party: this.party, seq: this.seq, previous: this.previous, block, date, ...payload, ...over };
    return signAct(this.who.signer, unsigned as Act);
  }

  /** The next act, advancing the chain. */
  act(payload: ActPayload, date: Day, block = this.treaty.block): Act {
    const a = this.draft(payload, date, block);
    this.seq++;
    this.previous = actHashOf(a);
    return a;
  }
}

export const actors = (t: Treaty): Actor[] => t.parties.map((p) => new Actor(p, t));
export const hashOf = actHashOf;

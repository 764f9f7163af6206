/**
 * A negotiation's record on disk, reopened: the ledger verified from its genesis, and the draft
 * resumed from its last compacted snapshot plus every stored envelope after it.
 *
 * What is stored was verified before it was stored, but it is verified again on open: a store is
 * a file a user can copy, and the ledger must verify from the chain alone.
 */
import { decodeGenesis, encodeGenesis, type GenesisBlock } from '../core/charter.js';
import type { NegotiationId, PartyId, PartyRoster, SignatureScheme } from '../core/identity.js';
import { decodeBlock, encodeBlock, type Block } from '../core/ledger/block.js';
import { Ledger } from '../core/ledger/ledger.js';
import { DraftReplica, encodeEnvelope, type Envelope } from '../core/draft/index.js';
import { err, ok, type Result } from '../core/result.js';
import { decodeSnapshot, encodeSnapshot, type PlenaryStore } from '../store/index.js';

export interface OpenedNegotiation {
  readonly ledger: Ledger;
  readonly draft: DraftReplica;
  /** Envelopes replayed after the snapshot (those before it are inside the snapshot). */
  readonly replayed: number;
  /** Stored envelopes still waiting for a predecessor the store lacks (catch-up will fetch it). */
  readonly waiting: number;
  /** Stored envelopes the draft did not apply: a damaged or tampered store. */
  readonly refused: { author: PartyId; seq: number; reason: string }[];
}

/** Envelopes held at once while replaying (well under the replica's own bound of 8,192). */
const HELD_BUDGET = 4096;

/**
 * Who may have written the stored history: every party of any height. Removed parties' earlier
 * envelopes stay valid; what a removed party may no longer write is decided when envelopes arrive.
 */
export function historicalRoster(ledger: Ledger): PartyRoster {
  return {
    publicKeyOf(party) {
      const now = ledger.members().publicKeyOf(party);
      if (now !== undefined) return now;
      for (let h = ledger.height; h >= 1; h--) {
        const key = ledger.membersAt(h)?.publicKeyOf(party);
        if (key !== undefined) return key;
      }
      return undefined;
    },
  };
}

/** Stores a new negotiation's genesis: height 0 of its ledger. */
export async function recordGenesis(store: PlenaryStore, genesis: GenesisBlock, scheme: SignatureScheme): Promise<Result<Ledger, string>> {
  const ledger = Ledger.fromGenesis(genesis, scheme);
  if (!ledger.ok) return ledger;
  await store.appendBlock(ledger.value.negotiation, 0, encodeGenesis(genesis));
  return ledger;
}

export async function recordBlock(store: PlenaryStore, block: Block): Promise<void> {
  await store.appendBlock(block.header.negotiation, block.header.height, encodeBlock(block));
}

export async function recordEnvelopes(store: PlenaryStore, negotiation: NegotiationId, envelopes: readonly Envelope[]): Promise<void> {
  if (envelopes.length === 0) return;
  await store.appendEnvelopes(
    negotiation,
    envelopes.map((e) => ({ author: e.author, seq: e.seq, bytes: encodeEnvelope(e) })),
  );
}

/** Replaces the stored snapshot with the draft's current state: reopening then replays only what follows. */
export async function compactDraft(store: PlenaryStore, draft: DraftReplica): Promise<void> {
  await store.putSnapshot(draft.negotiation, encodeSnapshot(draft.checkpoint()));
}

export async function openNegotiation(
  store: PlenaryStore,
  negotiation: NegotiationId,
  scheme: SignatureScheme,
): Promise<Result<OpenedNegotiation, string>> {
  const records = await store.blocks(negotiation, 0);
  if (records.length === 0) return err(`no negotiation ${negotiation} in this store`);
  let ledger: Ledger;
  try {
    const opened = Ledger.fromGenesis(decodeGenesis(records[0]!.bytes), scheme);
    if (!opened.ok) return err(`genesis: ${opened.error}`);
    ledger = opened.value;
    if (ledger.negotiation !== negotiation) return err(`the stored genesis is for negotiation ${ledger.negotiation}`);
    for (const record of records.slice(1)) {
      const appended = ledger.receiveBlock(decodeBlock(record.bytes));
      if (!appended.ok) return err(`block ${record.height}: ${appended.error.reason}`);
    }
  } catch (e) {
    return err(`ledger: ${e instanceof Error ? e.message : String(e)}`);
  }

  const roster = historicalRoster(ledger);
  const snapshotBytes = await store.getSnapshot(negotiation);
  let draft: DraftReplica;
  if (snapshotBytes === undefined) {
    draft = new DraftReplica(negotiation, roster, { scheme });
  } else {
    let restored: Result<DraftReplica, string>;
    try {
      restored = DraftReplica.restore(negotiation, roster, decodeSnapshot(snapshotBytes), { scheme });
    } catch (e) {
      restored = err(e instanceof Error ? e.message : String(e));
    }
    if (!restored.ok) return err(`draft snapshot: ${restored.error}`);
    draft = restored.value;
  }

  let replayed = 0;
  const refused: OpenedNegotiation['refused'] = [];
  // Authors take turns, a page at a time, and an author whose last page is still held (waiting for
  // another author's edits) is not read further until it moves: so the held set stays bounded,
  // however the authors' histories interleave.
  const authors = await store.authors(negotiation);
  const page = Math.max(16, Math.floor(HELD_BUDGET / Math.max(1, authors.length)));
  const readUpTo = new Map(authors.map((a) => [a, draft.frontierOf(a)]));
  for (let progressed = true; progressed; ) {
    progressed = false;
    for (const author of authors) {
      const upTo = readUpTo.get(author)!;
      if (draft.frontierOf(author) < upTo) continue; // still waiting
      const records = await store.envelopes(negotiation, author, upTo + 1, page);
      if (records.length === 0) continue;
      for (const record of records) {
        const outcome = draft.acceptEnvelope(record.bytes);
        if (outcome.kind === 'rejected') refused.push({ author, seq: record.seq, reason: `${outcome.reason}: ${outcome.detail}` });
        else if (outcome.kind === 'applied') replayed += outcome.applied.length;
      }
      readUpTo.set(author, records[records.length - 1]!.seq);
      progressed = true;
    }
  }
  return ok({ ledger, draft, replayed, refused, waiting: draft.heldCount() });
}

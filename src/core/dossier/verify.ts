/**
 * verifyDossier: what a parliament, a court or a journalist runs on a dossier, trusting nothing
 * but the bytes and the signature scheme. It checks, in this order, and names the first thing
 * that fails: the layout (caps, canonical order, nothing trailing, a known version); the genesis
 * (the convenor's signature over the charter); every block of the chain (verifyChain: links,
 * votes and their signatures against the charter's rules, each adopted text against its hash);
 * the equivocation evidence; every act (checkAct, with each party's chain in order); and then
 * derives the treaty's state from the acts.
 */
import { DecodeError, equalBytes } from '../bytes.js';
import { textHash } from '../hash.js';
import { rememberingScheme, type PartyId, type SignatureScheme } from '../identity.js';
import type { Act } from '../acts/act.js';
import { ActBook } from '../acts/check.js';
import { verifyActEquivocation } from '../acts/evidence.js';
import { deriveTreatyState, type DeriveOptions } from '../acts/treaty-state.js';
import { treatyViewOf, type TreatyView } from '../acts/view.js';
import type { Block } from '../ledger/block.js';
import { verifyChain } from '../ledger/chain.js';
import { verifyEvidence } from '../ledger/evidence.js';
import { decodeDossier, dossierHashOf, type Dossier } from './dossier.js';
import { partiesOf, versionsOf, type DossierReport } from './report.js';

export interface DossierFailure {
  /** Where: 'dossier', 'genesis', 'block 3', 'act Kiribati #2', 'vote evidence 1', 'act evidence 1', 'acts'. */
  readonly where: string;
  /** What, in words, with parties by name where the dossier names them. */
  readonly what: string;
}

export type DossierVerification = { readonly ok: true; readonly report: DossierReport } | { readonly ok: false; readonly failure: DossierFailure };

const failure = (where: string, what: string): DossierVerification => ({ ok: false, failure: { where, what } });

/** Party ids in a reason, replaced by the names the verified part of the chain gives them. */
class Names {
  private readonly names = new Map<string, string>();

  constructor(charter: Dossier['genesis']['charter'], blocks: readonly Block[]) {
    for (const p of charter.parties) this.names.set(p.id, p.name);
    for (const { body } of blocks) if (body.kind === 'admit') this.names.set(body.party.id, body.party.name);
  }

  of(party: PartyId): string {
    return this.names.get(party) ?? party;
  }

  /** Party ids are 32 hex digits; a 64-digit negotiation id or hash is left alone. */
  words(reason: string): string {
    return reason.replace(/\b[0-9a-f]{32}\b/g, (id) => this.names.get(id) ?? id);
  }
}

/** `options.asOf`: today, to tell a treaty awaiting its day of entry into force from one in force. */
export function verifyDossier(bytes: Uint8Array, given: SignatureScheme, options: DeriveOptions = {}): DossierVerification {
  // Acts are checked in order, then again while the state is derived: each signature once.
  const scheme = rememberingScheme(given);
  let dossier: Dossier;
  try {
    dossier = decodeDossier(bytes);
  } catch (e) {
    if (e instanceof DecodeError) return failure('dossier', e.message);
    throw e;
  }
  const { genesis, blocks } = dossier;
  const chain = verifyChain(genesis, blocks, scheme);
  if (!chain.ok) {
    const { height, reason } = chain.error;
    if (height === 0) return failure('genesis', reason);
    // Names come from the charter and the blocks that verified: a bad block names nobody.
    return failure(`block ${height}`, new Names(genesis.charter, blocks.slice(0, height - 1)).words(reason));
  }
  const names = new Names(genesis.charter, blocks);
  for (const { header, body } of blocks) {
    // verifyChain has checked this (checkBody); said again here because it is the point of a dossier.
    if (body.kind === 'adopt' && !equalBytes(textHash(body.text), body.textHash)) return failure(`block ${header.height}`, 'the adopted text does not match its hash');
  }
  const view = treatyViewOf(genesis.charter, blocks);
  const evidence = checkEvidence(dossier, view, scheme, names);
  if (evidence) return evidence;
  const acts = checkActs(dossier.acts, view, scheme, names);
  if (acts) return acts;
  const treaty = deriveTreatyState(view, dossier.acts, scheme, options);
  // Unreachable when every act passed checkAct in order; a guard against the two ever disagreeing.
  if (treaty.refused.length > 0 || treaty.gaps.length > 0 || treaty.forks.length > 0 || treaty.accepted.length !== dossier.acts.length) {
    return failure('acts', 'the acts do not derive to a treaty state that counts every one of them');
  }
  return {
    ok: true,
    report: {
      dossierHash: dossierHashOf(bytes),
      negotiation: view.negotiation,
      title: genesis.charter.title,
      createdAt: genesis.charter.createdAt,
      convenor: genesis.charter.convenor,
      parties: partiesOf(genesis.charter, blocks),
      rule: view.rule,
      height: chain.value.tip.height,
      tip: chain.value.tip.hash,
      versions: versionsOf(blocks, treaty),
      acts: dossier.acts,
      voteEvidence: dossier.voteEvidence,
      actEvidence: dossier.actEvidence,
      treaty,
    },
  };
}

/** Each piece of evidence convicts a party the chain knows, of this negotiation. */
function checkEvidence(dossier: Dossier, view: TreatyView, scheme: SignatureScheme, names: Names): DossierVerification | undefined {
  for (const [i, e] of dossier.voteEvidence.entries()) {
    const where = `vote evidence ${i + 1}`;
    if (e.first.negotiation !== view.negotiation) return failure(where, 'the votes are for another negotiation');
    const key = view.publicKeyOf(e.first.party);
    if (!key) return failure(where, `${e.first.party} was never a party`);
    const valid = verifyEvidence(e, key, scheme);
    if (!valid.ok) return failure(where, names.words(valid.error));
  }
  for (const [i, e] of dossier.actEvidence.entries()) {
    const where = `act evidence ${i + 1}`;
    if (e.first.negotiation !== view.negotiation) return failure(where, 'the acts are for another negotiation');
    const key = view.publicKeyOf(e.first.party);
    if (!key) return failure(where, `${e.first.party} was never a party`);
    const valid = verifyActEquivocation(e, key, scheme);
    if (!valid.ok) return failure(where, names.words(valid.error));
    // A party's chain counts up to its fork (deriveTreatyState): nothing from the forked seq on.
    const beyond = dossier.acts.find((a) => a.party === e.first.party && a.seq >= e.first.seq);
    if (beyond) return failure(where, `${names.of(e.first.party)} signed two acts #${e.first.seq}, yet the dossier counts its act #${beyond.seq}`);
  }
  return undefined;
}

/**
 * Every act through checkAct, each party's chain in seq order. An objection may refer to another
 * party's reservation that sorts later, so a chain waiting on an unknown reference is taken up
 * again once the others have moved; what still waits when nothing moves fails.
 */
function checkActs(acts: readonly Act[], view: TreatyView, scheme: SignatureScheme, names: Names): DossierVerification | undefined {
  const where = (act: Act): string => `act ${names.of(act.party)} #${act.seq}`;
  const queues = new Map<PartyId, Act[]>();
  for (const act of acts) {
    const queue = queues.get(act.party);
    if (queue) queue.push(act);
    else queues.set(act.party, [act]);
  }
  const book = new ActBook();
  const waiting = new Map<PartyId, string>();
  for (let moved = true; moved; ) {
    moved = false;
    for (const [party, queue] of queues) {
      while (queue.length > 0) {
        const act = queue[0]!;
        const checked = book.receive(act, view, scheme);
        if (checked.ok) {
          queue.shift();
          waiting.delete(party);
          moved = true;
          continue;
        }
        if (checked.error.code !== 'unknown-reference') return failure(where(act), names.words(checked.error.reason));
        waiting.set(party, checked.error.reason);
        break;
      }
    }
  }
  for (const [party, queue] of queues) {
    const act = queue[0];
    if (act) return failure(where(act), names.words(waiting.get(party) ?? 'refers to an act the dossier does not hold'));
  }
  return undefined;
}

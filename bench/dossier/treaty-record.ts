/**
 * A large treaty record built with the core alone, as scripts/make-sample-dossier.ts builds the
 * sample: 200 parties (weights 1-10), three versions adopted by consensus, and on each version
 * every party signs definitively and ratifies; one party in 10 attaches a reservation to its
 * signature and one in 20 objects to another party's reservation. Dates are spread over the
 * months after each adoption. Seeded: the same record on every run (bar the room key's sealing).
 */
import * as Y from 'yjs';
import { signGenesis, type Charter, type GenesisBlock } from '../../src/core/charter.js';
import { createSigner, keyPairFromSeed, partyIdOf, type SignatureScheme, type Signer } from '../../src/core/identity.js';
import { NO_PREVIOUS, actHashOf, signAct, type Act, type ActPayload } from '../../src/core/acts/act.js';
import { dayOf, type Day } from '../../src/core/acts/day.js';
import { deriveTreatyState } from '../../src/core/acts/treaty-state.js';
import { treatyViewOf } from '../../src/core/acts/view.js';
import { assembleDossier, type Dossier } from '../../src/core/dossier/dossier.js';
import { adoptBody, bodyHashOf } from '../../src/core/ledger/body.js';
import type { Block } from '../../src/core/ledger/block.js';
import { Ledger } from '../../src/core/ledger/ledger.js';
import { signVote } from '../../src/core/ledger/vote.js';
import { createRoomKey } from '../../src/core/room/room-key.js';
import { createRng } from '../../test/support/rng.js';

export interface TreatyRecordShape {
  readonly parties: number;
  readonly versions: number;
  /** Articles of the adopted text (three paragraphs each). */
  readonly articles: number;
}

export const LARGE_RECORD: TreatyRecordShape = { parties: 200, versions: 3, articles: 40 };

export interface TreatyRecord {
  readonly genesis: GenesisBlock;
  readonly blocks: readonly Block[];
  readonly acts: readonly Act[];
  readonly dossier: Dossier;
  readonly counts: { readonly acts: number; readonly reservations: number; readonly objections: number; readonly votes: number };
}

const SEED = 0xd055;
const DAYS_BETWEEN_VERSIONS = 200;

function text(version: number, articles: number): string {
  const lines = ['Convention on the Protection of Migratory Seabirds', 'PREAMBLE', 'The Parties, aware that seabirds know no borders, have agreed as follows:'];
  for (let a = 1; a <= articles; a++) {
    lines.push(`Article ${a}\nProvisions of part ${a}`);
    for (let p = 1; p <= 3; p++) {
      lines.push(`${p}. Each Party shall, in accordance with its national law and within its capabilities, take the measures described in this paragraph ${p} of Article ${a} (version ${version + 1}), and report on them to the Meeting of the Parties.`);
    }
  }
  return `${lines.join('\n\n')}\n`;
}

/** One party's acts, chained: seq and previous follow on. */
class Actor {
  private seq = 0;
  private previous = NO_PREVIOUS;
  readonly acts: Act[] = [];
  constructor(
    private readonly signer: Signer,
    private readonly negotiation: Ledger['negotiation'],
  ) {}

  act(block: Uint8Array, date: Day, payload: ActPayload): Uint8Array {
    const act = signAct(this.signer, { negotiation: this.negotiation, party: this.signer.party, seq: this.seq, previous: this.previous, block, date, ...payload });
    this.seq++;
    this.previous = actHashOf(act);
    this.acts.push(act);
    return this.previous;
  }
}

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${JSON.stringify(result.error)}`);
  return result.value;
}

export function buildTreatyRecord(scheme: SignatureScheme, shape: TreatyRecordShape = LARGE_RECORD): TreatyRecord {
  const rng = createRng(SEED);
  const signers = Array.from({ length: shape.parties }, (_, i) => {
    const seed = new Uint8Array(32);
    new DataView(seed.buffer).setUint32(0, 0xd0_000 + i);
    return createSigner(keyPairFromSeed(seed, scheme), scheme);
  });
  const firstDay = dayOf({ year: 2025, month: 3, day: 3 })!;
  const charter: Charter = {
    title: 'Convention on the Protection of Migratory Seabirds',
    createdAt: firstDay * 86_400_000 - 30 * 86_400_000,
    convenor: signers[0]!.party,
    parties: signers.map((s, i) => ({ id: partyIdOf(s.publicKey), name: `Delegation ${i + 1}`, publicKey: s.publicKey, weight: 1 + (i % 10) })),
    rules: { admit: { kind: 'consensus' }, remove: { kind: 'consensus' }, adopt: { kind: 'consensus' } },
    nonce: new Uint8Array(16).fill(5),
    // Paris style: 55 consents holding 55% of the weight, in force on the 30th day after.
    entryIntoForce: { kind: 'consents-and-weight', count: 55, weightShare: { num: 55, den: 100 }, delayDays: 30 },
  };
  const genesis = must(signGenesis(charter, signers[0]!, createRoomKey()), 'genesis');
  const ledger = must(Ledger.fromGenesis(genesis, scheme), 'ledger');
  const actors = signers.map((s) => new Actor(s, ledger.negotiation));
  let reservations = 0;
  let objections = 0;

  for (let v = 0; v < shape.versions; v++) {
    const adoptedOn = firstDay + v * DAYS_BETWEEN_VERSIONS;
    const canonical = text(v, shape.articles);
    const doc = new Y.Doc();
    doc.getText('treaty').insert(0, canonical);
    const body = adoptBody({ title: charter.title, text: canonical, yjsState: Y.encodeStateAsUpdate(doc), label: `Version ${v + 1}` });
    const header = {
      negotiation: ledger.negotiation,
      height: ledger.height + 1,
      round: 0,
      prevHash: ledger.tip.hash,
      kind: body.kind,
      bodyHash: bodyHashOf(body),
      proposer: signers[v % shape.parties]!.party,
      proposedAt: adoptedOn * 86_400_000 + 15 * 3_600_000,
    };
    const { headerHash: block } = must(ledger.propose(header, body), `version ${v + 1}`);
    for (const s of signers) ledger.receiveVote(signVote(s, ledger.negotiation, header.height, 0, block));
    if (ledger.height !== header.height) throw new Error(`version ${v + 1} did not become final`);

    // Signatures (and reservations) within 90 days of adoption; consents 20-80 days later; an
    // objection within 10 days of its party's consent: every date before the next adoption.
    const signedOn: Day[] = [];
    const reservationOf = new Map<number, Uint8Array>();
    actors.forEach((actor, i) => {
      const day = adoptedOn + rng.int(90);
      signedOn.push(day);
      const signature = actor.act(block, day, { kind: 'definitive-signature' });
      if (i % 10 === 0) {
        reservationOf.set(i, actor.act(block, day, { kind: 'reservation', ref: signature, text: `Delegation ${i + 1} reserves the right not to apply Article ${1 + rng.int(shape.articles)}, paragraph 2.` }));
        reservations++;
      }
    });
    actors.forEach((actor, i) => {
      const consentOn = signedOn[i]! + 20 + rng.int(60);
      actor.act(block, consentOn, { kind: 'consent', instrument: 'ratification' });
      if (i % 20 === 7) {
        const reserving = i - 7; // a party with a reservation (i - 7 is a multiple of 20)
        actor.act(block, consentOn + rng.int(10), {
          kind: 'objection',
          ref: reservationOf.get(reserving)!,
          precludesEntryIntoForceBetween: i % 40 === 7,
          text: `Delegation ${i + 1} objects to the reservation of Delegation ${reserving + 1}.`,
        });
        objections++;
      }
    });
  }

  const view = treatyViewOf(charter, ledger.blocks());
  const state = deriveTreatyState(view, actors.flatMap((a) => a.acts), scheme);
  if (state.refused.length > 0) throw new Error(`act refused: ${state.refused[0]!.reason}`);
  const dossier = assembleDossier({ genesis, blocks: ledger.blocks(), acts: state.accepted, voteEvidence: ledger.evidence(), actEvidence: state.forks });
  const votes = ledger.blocks().reduce((n, b) => n + b.votes.length + b.roundChanges.length, 0);
  return { genesis, blocks: ledger.blocks(), acts: state.accepted, dossier, counts: { acts: state.accepted.length, reservations, objections, votes } };
}

/**
 * The sample dossier, test/fixtures/sample-dossier.plenary: a scripted negotiation run through the
 * core alone (the same code a delegation's node runs), with fixed keys, dates and ids, so running
 * it twice gives the same bytes (test/core/dossier-sample.test.ts checks the committed file).
 *
 * Four delegations convene an albatross agreement (3 consents, in force on the 30th day after).
 * They adopt a draft with a bracket, then the final text in English and French. Kiribati initials
 * it and signs ad referendum, confirmed later; Tuvalu and Fiji sign definitively, Tuvalu with a
 * reservation to which Fiji objects; Tuvalu, Kiribati and Fiji ratify, Fiji's ratification (1
 * October 2025) meeting the condition, so it is in force from 31 October 2025; Samoa, which did
 * not sign, accedes with a declaration.
 *
 *   npm run sample-dossier
 */
import { realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import { utf8 } from '../src/core/bytes.js';
import { signGenesis, type Charter, type PartySpec } from '../src/core/charter.js';
import { taggedHash } from '../src/core/hash.js';
import { createSigner, keyPairFromSeed, nobleEd25519, type SignatureScheme, type Signer } from '../src/core/identity.js';
import { NO_PREVIOUS, actHashOf, signAct, type Act, type ActPayload } from '../src/core/acts/act.js';
import { dayOf, type Day } from '../src/core/acts/day.js';
import { deriveTreatyState } from '../src/core/acts/treaty-state.js';
import { treatyViewOf } from '../src/core/acts/view.js';
import { addAlternative, bracketSpan, resolveBracket } from '../src/core/draft/brackets.js';
import { renderCanonical } from '../src/core/draft/canonical.js';
import { addArticle, addParagraph, createTreaty } from '../src/core/draft/treaty-ops.js';
import type { SchemaResult } from '../src/core/draft/schema.js';
import { adoptBody, bodyHashOf } from '../src/core/ledger/body.js';
import { Ledger } from '../src/core/ledger/ledger.js';
import { signVote } from '../src/core/ledger/vote.js';
import { roomKeyOf } from '../src/core/room/room-key.js';
import { assembleDossier, encodeDossier } from '../src/core/dossier/dossier.js';

export const SAMPLE_DOSSIER_PATH = fileURLToPath(new URL('../test/fixtures/sample-dossier.plenary', import.meta.url));

export interface Delegation {
  readonly signer: Signer;
  readonly spec: PartySpec;
}

export const SAMPLE_PARTIES = ['Kiribati', 'Tuvalu', 'Fiji', 'Samoa'] as const;

/** A sample delegation, its key from a seed derived from its name (tests sign tampered acts with it). */
export function sampleDelegation(name: string, scheme: SignatureScheme = nobleEd25519): Delegation {
  const keys = keyPairFromSeed(taggedHash('plenary/sample-dossier/seed', utf8(name)), scheme);
  const signer = createSigner(keys, scheme);
  return { signer, spec: { id: signer.party, name, publicKey: keys.publicKey, weight: 1 } };
}

const utc = (iso: string): number => Date.parse(`${iso}Z`);

function day(iso: string): Day {
  const [year, month, d] = iso.split('-').map(Number);
  const out = dayOf({ year: year!, month: month!, day: d! });
  if (out === undefined) throw new Error(`no such day ${iso}`);
  return out;
}

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`sample dossier: ${JSON.stringify(result.error)}`);
  return result.value;
}

const done = (result: SchemaResult): void => void must(result);

/**
 * Sealing the room key to each party draws ephemeral X25519 keys from crypto.getRandomValues.
 * For a sample that regenerates byte for byte, the draw is seeded for the run: a counter hashed
 * under a tag. Never do this for a real negotiation.
 */
function withSeededRandomness<T>(seed: string, run: () => T): T {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  let counter = 0;
  const getRandomValues = <A extends ArrayBufferView | null>(array: A): A => {
    if (array === null) return array;
    const out = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let filled = 0; filled < out.length; filled += 32) {
      const block = taggedHash('plenary/sample-dossier/random', utf8(`${seed}/${counter++}`));
      out.set(block.subarray(0, Math.min(32, out.length - filled)), filled);
    }
    return array;
  };
  Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues }, configurable: true, enumerable: true, writable: true });
  try {
    return run();
  } finally {
    if (original) Object.defineProperty(globalThis, 'crypto', original);
  }
}

/** The draft as the delegations would have typed it; one Yjs client with a fixed id. */
function draftTreaty(proposer: Delegation): { doc: Y.Doc; resolve(): void } {
  const doc = new Y.Doc();
  doc.clientID = 1;
  done(createTreaty(doc, 'Agreement on the Conservation of Albatrosses in the South Pacific'));
  done(addParagraph(doc, { id: 'pre-1', in: 'preamble', text: 'The Parties, recognising that albatrosses cross the waters of every Party, have agreed as follows:' }));
  done(addArticle(doc, { id: 'art-1', heading: 'Objective' }));
  done(addParagraph(doc, { id: 'p-1-1', in: { articleId: 'art-1' }, text: 'The Parties shall cooperate to conserve albatrosses and their habitats.' }));
  done(addArticle(doc, { id: 'art-2', heading: 'Measures' }));
  const measures = 'Each Party shall take measures to reduce the bycatch of albatrosses in its fisheries.';
  done(addParagraph(doc, { id: 'p-2-1', in: { articleId: 'art-2' }, text: measures }));
  done(addParagraph(doc, { id: 'p-2-2', in: { articleId: 'art-2' }, text: 'Each Party shall designate a national authority and notify the other Parties of it.' }));
  done(addArticle(doc, { id: 'art-3', heading: 'Entry into force' }));
  done(
    addParagraph(doc, {
      id: 'p-3-1',
      in: { articleId: 'art-3' },
      text: 'This Agreement shall enter into force on the thirtieth day after the date on which three Parties have consented to be bound by it.',
    }),
  );
  const take = measures.indexOf('take');
  done(bracketSpan(doc, 'p-2-1', take, 'take'.length, 'br-1', proposer.spec.id));
  done(addAlternative(doc, 'br-1', 'endeavour to take', proposer.spec.id, 'alt-1'));
  return { doc, resolve: () => done(resolveBracket(doc, 'br-1', { kind: 'span' })) };
}

const FRENCH = [
  'Accord sur la conservation des albatros du Pacifique Sud',
  'PRÉAMBULE',
  'Les Parties, reconnaissant que les albatros traversent les eaux de chaque Partie, sont convenues de ce qui suit :',
  'Article 1\nObjectif',
  '1. Les Parties coopèrent pour conserver les albatros et leurs habitats.',
  'Article 2\nMesures',
  '1. Chaque Partie prend des mesures pour réduire les captures accidentelles d’albatros dans ses pêcheries.',
  '2. Chaque Partie désigne une autorité nationale et la notifie aux autres Parties.',
  'Article 3\nEntrée en vigueur',
  '1. Le présent Accord entre en vigueur le trentième jour suivant la date à laquelle trois Parties ont consenti à être liées par lui.',
].join('\n\n') + '\n';

/** Proposes the text at the next height and has every party vote for it. */
function adopt(ledger: Ledger, parties: readonly Delegation[], doc: Y.Doc, label: string, proposedAt: number, french?: string): Uint8Array {
  const body = adoptBody({
    title: 'Agreement on the Conservation of Albatrosses in the South Pacific',
    text: renderCanonical(doc),
    yjsState: Y.encodeStateAsUpdate(doc),
    label,
    ...(french !== undefined && { authenticTexts: [{ language: 'fr', text: french }] }),
  });
  const header = {
    negotiation: ledger.negotiation,
    height: ledger.height + 1,
    round: 0,
    prevHash: ledger.tip.hash,
    kind: body.kind,
    bodyHash: bodyHashOf(body),
    proposer: parties[0]!.spec.id,
    proposedAt,
  };
  const { headerHash } = must(ledger.propose(header, body));
  for (const p of parties) ledger.receiveVote(signVote(p.signer, ledger.negotiation, header.height, 0, headerHash));
  if (ledger.height !== header.height) throw new Error(`sample dossier: ${label} did not become final`);
  return headerHash;
}

/** One party's acts, chained: seq and previous follow on. */
class Actor {
  private seq = 0;
  private previous = NO_PREVIOUS;
  readonly acts: Act[] = [];
  constructor(
    private readonly who: Delegation,
    private readonly negotiation: Ledger['negotiation'],
    private readonly block: Uint8Array,
  ) {}

  act(date: string, payload: ActPayload): Uint8Array {
    const act = signAct(this.who.signer, { negotiation: this.negotiation, party: this.who.spec.id, seq: this.seq, previous: this.previous, block: this.block, date: day(date), ...payload });
    this.seq++;
    this.previous = actHashOf(act);
    this.acts.push(act);
    return this.previous;
  }
}

/** The sample dossier's bytes. Deterministic: the same bytes on every run and every machine. */
export function makeSampleDossier(scheme: SignatureScheme = nobleEd25519): Uint8Array {
  const [kiribati, tuvalu, fiji, samoa] = SAMPLE_PARTIES.map((name) => sampleDelegation(name, scheme)) as [Delegation, Delegation, Delegation, Delegation];
  const parties = [kiribati, tuvalu, fiji, samoa];
  const charter: Charter = {
    title: 'Agreement on the Conservation of Albatrosses in the South Pacific',
    createdAt: utc('2025-02-03T09:00:00'),
    convenor: kiribati.spec.id,
    parties: parties.map((p) => p.spec),
    rules: { admit: { kind: 'consensus' }, remove: { kind: 'consensus' }, adopt: { kind: 'consensus' } },
    nonce: taggedHash('plenary/sample-dossier/nonce').subarray(0, 16),
    entryIntoForce: { kind: 'consents', count: 3, delayDays: 30 },
  };
  const roomKey = roomKeyOf(0, taggedHash('plenary/sample-dossier/room-key'));
  const genesis = withSeededRandomness('genesis', () => must(signGenesis(charter, kiribati.signer, roomKey)));
  const ledger = must(Ledger.fromGenesis(genesis, scheme));

  const draft = draftTreaty(kiribati);
  adopt(ledger, parties, draft.doc, 'Draft of 3 March 2025', utc('2025-03-03T10:00:00'));
  draft.resolve();
  const final = adopt(ledger, parties, draft.doc, 'Final text', utc('2025-03-14T16:00:00'), FRENCH);

  const [k, t, f, s] = parties.map((p) => new Actor(p, ledger.negotiation, final)) as [Actor, Actor, Actor, Actor];
  k.act('2025-03-14', { kind: 'initialling' });
  const adReferendum = k.act('2025-04-01', { kind: 'signature-ad-referendum' });
  const tuvaluSignature = t.act('2025-04-01', { kind: 'definitive-signature' });
  const reservation = t.act('2025-04-01', {
    kind: 'reservation',
    ref: tuvaluSignature,
    text: 'Tuvalu reserves the right not to apply Article 2, paragraph 1, to its artisanal fisheries.',
  });
  f.act('2025-04-01', { kind: 'definitive-signature' });
  k.act('2025-05-15', { kind: 'confirmation', ref: adReferendum });
  f.act('2025-06-02', {
    kind: 'objection',
    ref: reservation,
    precludesEntryIntoForceBetween: false,
    text: 'Fiji objects to the reservation made by Tuvalu, which it considers incompatible with the object and purpose of the Agreement. This objection does not preclude the entry into force of the Agreement between Fiji and Tuvalu.',
  });
  t.act('2025-08-20', { kind: 'consent', instrument: 'ratification' });
  k.act('2025-09-10', { kind: 'consent', instrument: 'ratification' });
  f.act('2025-10-01', { kind: 'consent', instrument: 'ratification' });
  const accession = s.act('2025-11-20', { kind: 'consent', instrument: 'accession' });
  s.act('2025-11-20', {
    kind: 'declaration',
    ref: accession,
    text: 'Samoa designates its Ministry of Natural Resources and Environment as its national authority under Article 2, paragraph 2.',
  });

  const view = treatyViewOf(charter, ledger.blocks());
  const state = deriveTreatyState(view, [k, t, f, s].flatMap((a) => a.acts), scheme);
  if (state.refused.length > 0) throw new Error(`sample dossier: act refused: ${state.refused[0]!.reason}`);
  return encodeDossier(assembleDossier({ genesis, blocks: ledger.blocks(), acts: state.accepted, voteEvidence: ledger.evidence(), actEvidence: state.forks }));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const bytes = makeSampleDossier();
  writeFileSync(SAMPLE_DOSSIER_PATH, bytes);
  process.stdout.write(`${SAMPLE_DOSSIER_PATH}: ${bytes.length} bytes\n`);
}

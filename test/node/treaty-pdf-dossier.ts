/**
 * A small negotiation run through the core, as scripts/make-sample-dossier.ts runs one, with the
 * authentic texts, party names and reservation a printing test asks for: its dossier, verified.
 */
import * as Y from 'yjs';
import { signGenesis, type Charter } from '../../src/core/charter.js';
import { taggedHash } from '../../src/core/hash.js';
import { NO_PREVIOUS, actHashOf, signAct } from '../../src/core/acts/act.js';
import type { Day } from '../../src/core/acts/day.js';
import { deriveTreatyState } from '../../src/core/acts/treaty-state.js';
import { treatyViewOf } from '../../src/core/acts/view.js';
import type { AuthenticText } from '../../src/core/ledger/authentic-texts.js';
import { renderCanonical } from '../../src/core/draft/canonical.js';
import { addArticle, addParagraph, createTreaty } from '../../src/core/draft/treaty-ops.js';
import { adoptBody, bodyHashOf } from '../../src/core/ledger/body.js';
import { Ledger } from '../../src/core/ledger/ledger.js';
import { signVote } from '../../src/core/ledger/vote.js';
import { roomKeyOf } from '../../src/core/room/room-key.js';
import { assembleDossier, encodeDossier } from '../../src/core/dossier/dossier.js';
import { verifyDossier, type DossierReport } from '../../src/core/dossier/index.js';
import { createNativeEd25519 } from '../../src/node/native-ed25519.js';
import { sampleDelegation } from '../../scripts/make-sample-dossier.js';

export const TITLE = 'Agreement on the Conservation of Migratory Birds';
const ADOPTED_ON = Date.UTC(2026, 2, 14, 16); // 14 March 2026
const RESERVED_ON = 20_526 as Day; // 14 March 2026, in days since the epoch

export interface MultilingualDossier {
  readonly bytes: Uint8Array;
  readonly report: DossierReport;
}

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`test dossier: ${JSON.stringify(result.error)}`);
  return result.value;
}

/**
 * Two or more parties adopt an English text with `texts` as further authentic texts; the last
 * party signs it definitively with `reservation`, if given.
 */
export function multilingualDossier(options: { texts: readonly AuthenticText[]; parties: readonly string[]; reservation?: string }): MultilingualDossier {
  const scheme = createNativeEd25519();
  const parties = options.parties.map((name) => sampleDelegation(name, scheme));
  const convenor = parties[0]!;
  const charter: Charter = {
    title: TITLE,
    createdAt: Date.UTC(2026, 0, 5, 9),
    convenor: convenor.spec.id,
    parties: parties.map((p) => p.spec),
    rules: { admit: { kind: 'consensus' }, remove: { kind: 'consensus' }, adopt: { kind: 'consensus' } },
    nonce: taggedHash('plenary/test/treaty-pdf/nonce').subarray(0, 16),
  };
  const genesis = must(signGenesis(charter, convenor.signer, roomKeyOf(0, taggedHash('plenary/test/treaty-pdf/room-key'))));
  const ledger = must(Ledger.fromGenesis(genesis, scheme));

  const doc = new Y.Doc();
  doc.clientID = 1;
  must(createTreaty(doc, TITLE));
  must(addParagraph(doc, { id: 'pre-1', in: 'preamble', text: 'The Parties have agreed as follows:' }));
  must(addArticle(doc, { id: 'art-1', heading: 'Entry into force' }));
  must(addParagraph(doc, { id: 'p-1-1', in: { articleId: 'art-1' }, text: 'This Agreement shall enter into force on the thirtieth day after its adoption.' }));
  const body = adoptBody({ title: TITLE, text: renderCanonical(doc), yjsState: Y.encodeStateAsUpdate(doc), label: 'Final text', authenticTexts: options.texts });
  const header = {
    negotiation: ledger.negotiation,
    height: 1,
    round: 0,
    prevHash: ledger.tip.hash,
    kind: body.kind,
    bodyHash: bodyHashOf(body),
    proposer: convenor.spec.id,
    proposedAt: ADOPTED_ON,
  };
  const { headerHash } = must(ledger.propose(header, body));
  for (const p of parties) ledger.receiveVote(signVote(p.signer, ledger.negotiation, 1, 0, headerHash));
  if (ledger.height !== 1) throw new Error('test dossier: the text was not adopted');

  const acts = [];
  if (options.reservation !== undefined) {
    const reserving = parties[parties.length - 1]!;
    const base = { negotiation: ledger.negotiation, party: reserving.spec.id, block: headerHash, date: RESERVED_ON };
    const signature = signAct(reserving.signer, { ...base, seq: 0, previous: NO_PREVIOUS, kind: 'definitive-signature' });
    acts.push(signature, signAct(reserving.signer, { ...base, seq: 1, previous: actHashOf(signature), kind: 'reservation', ref: actHashOf(signature), text: options.reservation }));
  }
  const state = deriveTreatyState(treatyViewOf(charter, ledger.blocks()), acts, scheme);
  if (state.refused.length > 0) throw new Error(`test dossier: act refused: ${state.refused[0]!.reason}`);
  const bytes = encodeDossier(assembleDossier({ genesis, blocks: ledger.blocks(), acts: state.accepted }));
  const verified = verifyDossier(bytes, scheme);
  if (!verified.ok) throw new Error(`test dossier does not verify: ${verified.failure.what}`);
  return { bytes, report: verified.report };
}

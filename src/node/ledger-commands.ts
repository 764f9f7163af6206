/**
 * Adoption, history and export: proposals, votes and tallies go through the session's attachment
 * (the room on the network, or the OfflineRoom), reads come from the verified ledger and the store.
 */
import * as Y from 'yjs';
import { equalBytes, fromHex, toHex } from '../core/bytes.js';
import { renderCanonical, textHash } from '../core/draft/canonical.js';
import { treatyRoots } from '../core/draft/schema.js';
import { checkAuthenticTexts, normalizeLanguageTag, sortAuthenticTexts, type AuthenticText } from '../core/ledger/authentic-texts.js';
import { MAX_TEXT_BYTES, adoptBody, checkBodyShape } from '../core/ledger/body.js';
import type { Block } from '../core/ledger/block.js';
import { decodeEvidence, encodeEvidence } from '../core/ledger/evidence.js';
import { headerHashOf } from '../core/ledger/header.js';
import { apiError, apiOk, type ArgsOf, type ResultOf } from './api.js';
import { toBase64 } from './api-codec.js';
import type { ApiResult, DiffView, EvidenceView, ProposalView, TallyView } from './api-types.js';
import { textAtEdit } from './edit-history-commands.js';
import { actForkEvidenceView } from './treaty-views.js';
import { diffHunks } from './line-diff.js';
import type { NegotiationSession } from './negotiation-session.js';
import { blockView, finalTallyView, pendingTallyView, proposalView, versionView, voteEvidenceView } from './node-views.js';

type LedgerCommand =
  | 'adoption.propose'
  | 'adoption.proposals'
  | 'adoption.vote'
  | 'adoption.decline'
  | 'adoption.tally'
  | 'history.blocks'
  | 'history.versions'
  | 'history.diff'
  | 'history.evidence'
  | 'export.ledger';

type Handlers = { [N in LedgerCommand]: (session: NegotiationSession, args: ArgsOf<N>) => Promise<ApiResult<ResultOf<N>>> };

const MAX_TITLE_CHARS = 500;

function finalBlockOf(session: NegotiationSession, headerHash: Uint8Array): Block | undefined {
  return session.ledger.blocks().find((b) => equalBytes(headerHashOf(b.header), headerHash));
}

function proposalOrBlock(session: NegotiationSession, headerHash: Uint8Array): ProposalView | undefined {
  const pending = session.ledger.proposals().find((p) => equalBytes(p.hash, headerHash));
  if (pending !== undefined) return proposalView(pending, session.names);
  const block = finalBlockOf(session, headerHash);
  return block === undefined ? undefined : proposalView({ header: block.header, body: block.body, hash: headerHash }, session.names);
}

function tallyOf(session: NegotiationSession, headerHash: Uint8Array): ApiResult<TallyView> {
  const tally = session.ledger.tally(headerHash);
  if (tally !== undefined) return apiOk(pendingTallyView(session.ledger, tally, session.names));
  const block = finalBlockOf(session, headerHash);
  if (block !== undefined) return apiOk(finalTallyView(session.ledger, block, session.names));
  return apiError('unknown-proposal', `no proposal ${toHex(headerHash)} at the next height, and no final block with that header`);
}

/** The title an adoption records: the treaty's own, else the negotiation's. */
function titleOf(session: NegotiationSession): string {
  const title = treatyRoots(session.draft.doc).title.toString().trim();
  return title.length > 0 && [...title].length <= MAX_TITLE_CHARS ? title : session.ledger.charter.title;
}

function versionText(session: NegotiationSession, side: number | 'draft'): ApiResult<{ text: string; ref: DiffView['from'] }> {
  if (side === 'draft') {
    const text = renderCanonical(session.draft.doc);
    return apiOk({ text, ref: { height: null, label: 'current draft', textHash: toHex(textHash(text)) } });
  }
  const block = session.ledger.blocks()[side - 1];
  if (block === undefined || block.body.kind !== 'adopt') {
    return apiError('unknown-version', `no adopted version at height ${side} (the ledger is at height ${session.ledger.height})`);
  }
  return apiOk({ text: block.body.text, ref: { height: side, label: block.body.label, textHash: toHex(block.body.textHash) } });
}

/**
 * The texts in further authentic languages as an adopt body carries them (tags in conventional
 * case, sorted, each once), or what is wrong with them in words naming the entry.
 */
export function authenticTextsOf(given: readonly { language: string; text: string }[]): { ok: true; value: AuthenticText[] } | { ok: false; message: string } {
  const seen = new Map<string, number>();
  for (const [i, t] of given.entries()) {
    const language = normalizeLanguageTag(t.language.trim());
    if (language === undefined) {
      return { ok: false, message: `authenticTexts[${i}].language ${JSON.stringify(t.language)} is not a BCP 47 language tag (e.g. "fr", "zh-Hant", "pt-BR")` };
    }
    const twice = seen.get(language);
    if (twice !== undefined) return { ok: false, message: `authenticTexts[${i}]: the language ${language} is given twice (also authenticTexts[${twice}])` };
    seen.set(language, i);
  }
  const sorted = sortAuthenticTexts(given.map((t) => ({ language: t.language.trim(), text: t.text })));
  const wrong = checkAuthenticTexts(sorted, MAX_TEXT_BYTES);
  return wrong === undefined ? { ok: true, value: sorted } : { ok: false, message: wrong };
}

export const ledgerCommands: Handlers = {
  'adoption.propose': async (session, args) => {
    if (!session.member) return apiError('not-a-party', 'only a party can propose a text for adoption');
    let authenticTexts: AuthenticText[] | undefined;
    if (args.authenticTexts !== undefined) {
      const texts = authenticTextsOf(args.authenticTexts);
      if (!texts.ok) return apiError('invalid-argument', `adoption.propose: ${texts.message}`);
      authenticTexts = texts.value;
    }
    await session.flush(); // the text proposed is the text sealed, stored and sent
    const doc = session.draft.doc;
    const body = adoptBody({ title: titleOf(session), text: renderCanonical(doc), yjsState: Y.encodeStateAsUpdate(doc), label: args.label, authenticTexts });
    const shape = checkBodyShape(body);
    if (shape !== undefined) return apiError('rejected', `the text cannot be proposed: ${shape}`);
    const proposed = await session.propose(body);
    if (!proposed.ok) return apiError('rejected', `the ledger refused the proposal: ${proposed.error}`);
    const view = proposalOrBlock(session, proposed.value);
    return view === undefined ? apiError('internal', 'the proposal vanished') : apiOk(view);
  },

  'adoption.proposals': async (session) => apiOk(session.ledger.proposals().map((p) => proposalView(p, session.names))),

  'adoption.vote': async (session, args) => {
    if (!session.member) return apiError('not-a-party', 'only a party can vote');
    const hash = fromHex(args.headerHash);
    if (session.ledger.proposals().every((p) => !equalBytes(p.hash, hash))) {
      if (finalBlockOf(session, hash) !== undefined) return tallyOf(session, hash); // already final: nothing to sign
      return apiError('unknown-proposal', `no proposal ${args.headerHash} at the next height ${session.ledger.height + 1}`);
    }
    const voted = await session.vote(hash);
    if (!voted.ok) {
      const code = /equivocation/.test(voted.error) ? 'already-voted' : /no such proposal/.test(voted.error) ? 'unknown-proposal' : 'rejected';
      return apiError(code, voted.error);
    }
    return tallyOf(session, hash);
  },

  'adoption.decline': async (session, args) => {
    if (!session.member) return apiError('not-a-party', 'only a party can decline a round');
    const declined = await session.decline(args.round);
    if (!declined.ok) return apiError(/equivocation/.test(declined.error) ? 'already-voted' : 'rejected', declined.error);
    return apiOk({ height: declined.value.height, round: declined.value.round });
  },

  'adoption.tally': async (session, args) => tallyOf(session, fromHex(args.headerHash)),

  'history.blocks': async (session, args) => {
    const from = args.fromHeight ?? 1;
    const blocks = session.ledger.blocks().slice(from - 1, from - 1 + (args.limit ?? 1000));
    return apiOk(blocks.map((b) => blockView(session.ledger, b, session.names, session.scheme)));
  },

  'history.versions': async (session) =>
    apiOk(session.ledger.blocks().flatMap((b) => versionView(b, session.names) ?? [])),

  'history.diff': async (session, args) => {
    const side = (point: ArgsOf<'history.diff'>['from'], which: 'from' | 'to') =>
      typeof point === 'object' ? textAtEdit(session, point.edit, which) : versionText(session, point);
    const from = await side(args.from, 'from');
    if (!from.ok) return from;
    const to = await side(args.to, 'to');
    if (!to.ok) return to;
    return apiOk({ from: from.value.ref, to: to.value.ref, hunks: diffHunks(from.value.text, to.value.text) });
  },

  'history.evidence': async (session) => {
    await session.settle();
    const seen = new Set<string>();
    const stored = (await session.store.evidence(session.negotiation)).map((bytes) => decodeEvidence(bytes));
    const views: EvidenceView[] = [];
    for (const evidence of [...stored, ...session.ledger.evidence()]) {
      const key = toBase64(encodeEvidence(evidence));
      if (seen.has(key)) continue;
      seen.add(key);
      views.push(voteEvidenceView(evidence, session.names));
    }
    // Two acts under one act number: the same evidence treaty.state lists as forks.
    for (const fork of session.treaty.state().forks) views.push(actForkEvidenceView(fork, session.names));
    return apiOk(views);
  },

  'export.ledger': async (session) => {
    await session.settle();
    const { store, negotiation } = session;
    const blocks = await store.blocks(negotiation, 0);
    const envelopes = [];
    for (const author of await store.authors(negotiation)) {
      for (const record of await store.envelopes(negotiation, author)) {
        envelopes.push({ author: record.author, seq: record.seq, bytes: toBase64(record.bytes) });
      }
    }
    return apiOk({
      negotiation,
      genesis: toBase64(blocks[0]!.bytes),
      blocks: blocks.slice(1).map((b) => toBase64(b.bytes)),
      envelopes,
      evidence: (await store.evidence(negotiation)).map(toBase64),
    });
  },
};

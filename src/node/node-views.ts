/**
 * Core values as the API's plain data (api-types.ts): ids and hashes as hex, blobs as base64,
 * rules in words, parties with their names. Votes shown in history are verified again here, from
 * the keys the chain gives, so "verified" on screen means checked now, on this machine.
 */
import { toHex } from '../core/bytes.js';
import type { Charter } from '../core/charter.js';
import type { TreatyView as CoreTreatyView } from '../core/draft/view.js';
import type { Conflict } from '../core/draft/replica-types.js';
import { fingerprintOf, type PartyId, type SignatureScheme } from '../core/identity.js';
import type { Block } from '../core/ledger/block.js';
import { describeEvidence, encodeEvidence, type EquivocationEvidence } from '../core/ledger/evidence.js';
import { headerHashOf, type Header } from '../core/ledger/header.js';
import type { Ledger, Tally } from '../core/ledger/ledger.js';
import type { Proposal } from '../core/ledger/pending.js';
import { isNil, verifyVoteSignature, type Vote } from '../core/ledger/vote.js';
import { describeRule, passes, stillNeeded, type CharterRules } from '../core/rules.js';
import { DEFAULT_ENTRY_INTO_FORCE, describeEntryIntoForceRule } from '../core/acts/rule.js';
import { textHash } from '../core/hash.js';
import { toBase64 } from './api-codec.js';
import type {
  AuthenticTextView,
  BlockView,
  EntryIntoForceSpec,
  EvidenceView,
  PartyRef,
  PartyView,
  ProposalView,
  RulesSpec,
  TallyView,
  TreatyView,
  VersionView,
  VoteView,
} from './api-types.js';

/** Compile-time guard: the core's treaty view must still fit the shape the API promises. */
export const treatyView = (view: CoreTreatyView): TreatyView => view;

/** Every party's name along the chain: charter parties, then admissions (removed ones stay named). */
export class PartyNames {
  private readonly names = new Map<PartyId, string>();

  constructor(ledger: Ledger) {
    for (const p of ledger.charter.parties) this.names.set(p.id, p.name);
    for (const block of ledger.blocks()) this.learn(block);
  }

  learn(block: Block): void {
    if (block.body.kind === 'admit') this.names.set(block.body.party.id, block.body.party.name);
  }

  ref(party: PartyId): PartyRef {
    return { id: party, name: this.names.get(party) ?? party };
  }
}

export function partyViews(ledger: Ledger, self: PartyId): PartyView[] {
  return ledger.members().list().map((p) => ({
    id: p.id,
    name: p.name,
    weight: p.weight,
    fingerprint: fingerprintOf(p.publicKey),
    publicKey: toHex(p.publicKey),
    isSelf: p.id === self,
    isConvenor: p.id === ledger.charter.convenor,
  }));
}

export function rulesInWords(rules: CharterRules): { admit: string; remove: string; adopt: string } {
  return { admit: describeRule(rules.admit), remove: describeRule(rules.remove), adopt: describeRule(rules.adopt) };
}

/** The core's rules are already plain data of this shape. */
export const rulesSpec = (charter: Charter): RulesSpec => charter.rules;

/** The charter's entry-into-force rule (the default when it names none), as plain data of the same shape. */
export const entryIntoForceSpec = (charter: Charter): EntryIntoForceSpec => charter.entryIntoForce ?? DEFAULT_ENTRY_INTO_FORCE;

export const entryIntoForceInWords = (charter: Charter): string => describeEntryIntoForceRule(entryIntoForceSpec(charter));

function authenticTextViews(body: Extract<Block['body'], { kind: 'adopt' }>): AuthenticTextView[] {
  return (body.authenticTexts ?? []).map((t) => ({ language: t.language, text: t.text, textHash: toHex(textHash(t.text)) }));
}

export function proposalView(proposal: Proposal, names: PartyNames): ProposalView {
  const { header, body } = proposal;
  return {
    headerHash: toHex(proposal.hash),
    height: header.height,
    round: header.round,
    kind: header.kind,
    proposer: names.ref(header.proposer),
    proposedAt: header.proposedAt,
    adoption: body.kind === 'adopt' ? { label: body.label, text: body.text, textHash: toHex(body.textHash), authenticTexts: authenticTextViews(body) } : null,
    admission:
      body.kind === 'admit' ? { party: { id: body.party.id, name: body.party.name }, publicKey: toHex(body.party.publicKey), weight: body.party.weight } : null,
    removal: body.kind === 'remove' ? { party: names.ref(body.party), reason: body.reason } : null,
  };
}

/** A proposal announced by a peer: only its header is known so far. */
export function headerProposalView(header: Header, names: PartyNames): ProposalView {
  return {
    headerHash: toHex(headerHashOf(header)),
    height: header.height,
    round: header.round,
    kind: header.kind,
    proposer: names.ref(header.proposer),
    proposedAt: header.proposedAt,
    adoption: null,
  };
}

export function pendingTallyView(ledger: Ledger, tally: Tally, names: PartyNames): TallyView {
  const { header } = tally.proposal;
  return {
    headerHash: toHex(tally.proposal.hash),
    height: header.height,
    round: header.round,
    kind: header.kind,
    rule: describeRule(tally.rule),
    signers: [...tally.signers].sort().map((p) => names.ref(p)),
    met: tally.passes,
    final: false,
    stillNeeded: tally.need.description,
    missing: (tally.need.missing ?? []).map((p) => names.ref(p)),
  };
}

export function finalTallyView(ledger: Ledger, block: Block, names: PartyNames): TallyView {
  const { header } = block;
  const rule = ledger.charter.rules[header.kind];
  const signers = new Set(block.votes.map((v) => v.party));
  const members = ledger.membersAt(header.height)!;
  const need = stillNeeded(rule, signers, members);
  return {
    headerHash: toHex(headerHashOf(header)),
    height: header.height,
    round: header.round,
    kind: header.kind,
    rule: describeRule(rule),
    signers: [...signers].sort().map((p) => names.ref(p)),
    met: need.met,
    final: true,
    stillNeeded: need.description,
    missing: [],
  };
}

function voteView(vote: Vote, ledger: Ledger, names: PartyNames, scheme: SignatureScheme): VoteView {
  const key = ledger.membersAt(vote.height)?.publicKeyOf(vote.party);
  return {
    party: names.ref(vote.party),
    round: vote.round,
    signature: toHex(vote.signature),
    verified: key !== undefined && verifyVoteSignature(vote, key, scheme),
  };
}

export function blockView(ledger: Ledger, block: Block, names: PartyNames, scheme: SignatureScheme): BlockView {
  const { header, body } = block;
  const votes = block.votes.map((v) => voteView(v, ledger, names, scheme));
  const roundChanges = block.roundChanges.map((v) => voteView(v, ledger, names, scheme));
  const members = ledger.membersAt(header.height);
  const met = members !== undefined && passes(ledger.charter.rules[header.kind], new Set(block.votes.map((v) => v.party)), members);
  return {
    height: header.height,
    round: header.round,
    headerHash: toHex(headerHashOf(header)),
    prevHash: toHex(header.prevHash),
    proposer: names.ref(header.proposer),
    proposedAt: header.proposedAt,
    body:
      body.kind === 'adopt'
        ? {
            kind: 'adopt',
            title: body.title,
            label: body.label,
            textHash: toHex(body.textHash),
            authenticTexts: authenticTextViews(body).map(({ language, textHash }) => ({ language, textHash })),
          }
        : body.kind === 'admit'
          ? { kind: 'admit', party: names.ref(body.party.id), weight: body.party.weight }
          : { kind: 'remove', party: names.ref(body.party), reason: body.reason },
    votes,
    roundChanges,
    verified: met && votes.every((v) => v.verified) && roundChanges.every((v) => v.verified),
  };
}

export function versionView(block: Block, names: PartyNames): VersionView | undefined {
  const { header, body } = block;
  if (body.kind !== 'adopt') return undefined;
  return {
    height: header.height,
    label: body.label,
    title: body.title,
    text: body.text,
    textHash: toHex(body.textHash),
    authenticTexts: authenticTextViews(body),
    proposer: names.ref(header.proposer),
    proposedAt: header.proposedAt,
    signers: block.votes.map((v) => names.ref(v.party)),
  };
}

export function voteEventTarget(vote: Vote): string {
  return isNil(vote.target) ? 'nil' : toHex(vote.target);
}

export function voteEvidenceView(evidence: EquivocationEvidence, names: PartyNames): EvidenceView {
  return {
    kind: 'votes',
    culprit: names.ref(evidence.first.party),
    height: evidence.first.height,
    round: evidence.first.round,
    seq: null,
    description: describeEvidence(evidence),
    bytes: toBase64(encodeEvidence(evidence)),
  };
}

export function conflictEvidenceView(conflict: Conflict, names: PartyNames): EvidenceView {
  if (conflict.kind === 'seq') {
    return {
      kind: 'envelopes',
      culprit: names.ref(conflict.author),
      height: null,
      round: null,
      seq: conflict.seq,
      description: `party ${conflict.author} signed two different edits as seq ${conflict.seq}`,
      bytes: null,
    };
  }
  return {
    kind: 'envelopes',
    culprit: names.ref(conflict.envelope.author),
    height: null,
    round: null,
    seq: conflict.envelope.seq,
    description: `party ${conflict.envelope.author} wrote under client ${conflict.clientId}, which is bound to ${conflict.boundTo}`,
    bytes: null,
  };
}

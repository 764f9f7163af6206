/**
 * What a verified dossier says, as data: the negotiation, every party ever on the roster with its
 * fingerprint, every adopted version with its texts and hashes, and the treaty's state derived
 * from the acts. The CLI puts it in words; the printable treaty takes its text and signature page
 * from it.
 */
import type { Charter } from '../charter.js';
import { fingerprintOf, type NegotiationId, type PartyId } from '../identity.js';
import { textHash } from '../hash.js';
import type { Act } from '../acts/act.js';
import type { Day } from '../acts/day.js';
import type { ActEquivocation } from '../acts/evidence.js';
import type { EntryIntoForceRule } from '../acts/rule.js';
import type { TreatyState, VersionTreatyState } from '../acts/treaty-state.js';
import { dayOfMillis } from '../acts/day.js';
import type { Block } from '../ledger/block.js';
import type { EquivocationEvidence } from '../ledger/evidence.js';
import { headerHashOf } from '../ledger/header.js';

export interface DossierParty {
  readonly id: PartyId;
  readonly name: string;
  readonly fingerprint: string;
  readonly publicKey: Uint8Array;
  readonly weight: number;
  /** The height of its admission; absent for a party of the charter. */
  readonly admittedAt?: number;
  /** The height of its removal, if removed. */
  readonly removedAt?: number;
}

export interface DossierText {
  readonly language: string;
  readonly text: string;
  readonly textHash: Uint8Array;
}

export interface DossierVersion {
  readonly height: number;
  /** The adopt block's header hash: what acts name. */
  readonly block: Uint8Array;
  readonly title: string;
  readonly label: string;
  /** The canonical text the parties adopted, and its hash. */
  readonly text: string;
  readonly textHash: Uint8Array;
  /** Further texts, equally authentic, by language. */
  readonly authenticTexts: readonly DossierText[];
  /** The UTC day of the block's proposal. */
  readonly adoptedOn: Day;
  /** The parties whose votes made the block final. */
  readonly adoptedBy: readonly PartyId[];
  readonly state: VersionTreatyState;
}

export interface DossierReport {
  /** dossierHashOf the file's bytes. */
  readonly dossierHash: Uint8Array;
  readonly negotiation: NegotiationId;
  readonly title: string;
  /** The charter's creation, ms since the epoch. */
  readonly createdAt: number;
  readonly convenor: PartyId;
  readonly parties: readonly DossierParty[];
  readonly rule: EntryIntoForceRule;
  /** The chain's last height and its header hash (the negotiation id bytes' hash at height 0: see tip). */
  readonly height: number;
  readonly tip: Uint8Array;
  readonly versions: readonly DossierVersion[];
  readonly acts: readonly Act[];
  readonly voteEvidence: readonly EquivocationEvidence[];
  readonly actEvidence: readonly ActEquivocation[];
  readonly treaty: TreatyState;
}

/** Every party ever on the roster: the charter's in its order, then admissions by height. */
export function partiesOf(charter: Charter, blocks: readonly Block[]): DossierParty[] {
  const parties = new Map<PartyId, DossierParty>();
  const add = (spec: Charter['parties'][number], admittedAt?: number): void => {
    parties.set(spec.id, {
      id: spec.id,
      name: spec.name,
      fingerprint: fingerprintOf(spec.publicKey),
      publicKey: spec.publicKey,
      weight: spec.weight,
      ...(admittedAt !== undefined && { admittedAt }),
    });
  };
  for (const spec of charter.parties) add(spec);
  for (const { header, body } of blocks) {
    if (body.kind === 'admit') add(body.party, header.height);
    if (body.kind === 'remove') {
      const p = parties.get(body.party);
      if (p) parties.set(p.id, { ...p, removedAt: header.height });
    }
  }
  return [...parties.values()];
}

/** The adopted versions of a verified chain, with the state the acts give each. */
export function versionsOf(blocks: readonly Block[], state: TreatyState): DossierVersion[] {
  const versions: DossierVersion[] = [];
  for (const block of blocks) {
    const { header, body } = block;
    if (body.kind !== 'adopt') continue;
    const versionState = state.versions.find((v) => v.height === header.height);
    if (!versionState) continue; // deriveTreatyState gives one per adopt block of the view
    versions.push({
      height: header.height,
      block: headerHashOf(header),
      title: body.title,
      label: body.label,
      text: body.text,
      textHash: body.textHash,
      authenticTexts: (body.authenticTexts ?? []).map((t) => ({ language: t.language, text: t.text, textHash: textHash(t.text) })),
      adoptedOn: dayOfMillis(header.proposedAt),
      adoptedBy: block.votes.map((v) => v.party),
      state: versionState,
    });
  }
  return versions;
}

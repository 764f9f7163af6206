/**
 * What acts are checked against: the charter, its entry-into-force rule, and every adopted version
 * (final adopt block) with the parties on the roster as of that block and their weights. Built
 * from a chain already verified (Ledger.blocks(), or verifyChain for a dossier).
 */
import { toHex } from '../bytes.js';
import { negotiationIdOf, type Charter } from '../charter.js';
import type { NegotiationId, PartyId } from '../identity.js';
import { applyBody } from '../ledger/body.js';
import type { Block } from '../ledger/block.js';
import { headerHashOf } from '../ledger/header.js';
import { Members } from '../ledger/members.js';
import { dayOfMillis, type Day } from './day.js';
import { DEFAULT_ENTRY_INTO_FORCE, type EntryIntoForceRule } from './rule.js';

export interface AdoptedVersion {
  /** Header hash of the adopt block: what acts name in `block`. */
  readonly block: Uint8Array;
  readonly height: number;
  readonly title: string;
  readonly label: string;
  readonly textHash: Uint8Array;
  /** The UTC day of the block's proposal (the proposer's clock). */
  readonly adoptedOn: Day;
  /** The parties on the roster as of the block, with their keys and weights. */
  readonly parties: Members;
}

export interface TreatyView {
  readonly negotiation: NegotiationId;
  readonly charter: Charter;
  /** The charter's rule, or the default (all negotiating parties, no delay). */
  readonly rule: EntryIntoForceRule;
  /** Adopted versions in chain order. */
  readonly versions: readonly AdoptedVersion[];
  version(block: Uint8Array): AdoptedVersion | undefined;
  /** The key of any party ever on the roster (a party id is derived from its key, so it never changes). */
  publicKeyOf(party: PartyId): Uint8Array | undefined;
}

/** `blocks` must be a verified chain of final blocks from this charter's genesis, heights 1, 2, 3... */
export function treatyViewOf(charter: Charter, blocks: readonly Block[]): TreatyView {
  let members = Members.ofCharter(charter);
  const keys = new Map<PartyId, Uint8Array>(charter.parties.map((p) => [p.id, p.publicKey]));
  const versions: AdoptedVersion[] = [];
  const byHash = new Map<string, AdoptedVersion>();
  for (const block of blocks) {
    const { body, header } = block;
    if (body.kind === 'adopt') {
      const version: AdoptedVersion = {
        block: headerHashOf(header),
        height: header.height,
        title: body.title,
        label: body.label,
        textHash: body.textHash,
        adoptedOn: dayOfMillis(header.proposedAt),
        parties: members,
      };
      versions.push(version);
      byHash.set(toHex(version.block), version);
    }
    members = applyBody(body, members);
    if (body.kind === 'admit') keys.set(body.party.id, body.party.publicKey);
  }
  return {
    negotiation: negotiationIdOf(charter),
    charter,
    rule: charter.entryIntoForce ?? DEFAULT_ENTRY_INTO_FORCE,
    versions,
    version: (block) => byHash.get(toHex(block)),
    publicKeyOf: (party) => keys.get(party),
  };
}

/** What a proposal or a final block decides, and where its tally stands, in words. */
import type { BlockBodyView, BlockView, ProposalView, TallyView } from '../../../../node/api.js';
import { listInWords } from '../../common/format.js';

const quoted = (label: string) => `“${label || 'untitled'}”`;

/** "Adoption of “Draft 1”", "Admission of Tuvalu (weight 1)", "Removal of Nauru". */
export function decisionInWords(p: ProposalView): string {
  switch (p.kind) {
    case 'adopt':
      return p.adoption === null ? 'Adoption of a text' : `Adoption of ${quoted(p.adoption.label)}`;
    case 'admit':
      return p.admission == null ? 'Admission of a delegation' : `Admission of ${p.admission.party.name} (weight ${p.admission.weight})`;
    case 'remove':
      return p.removal == null ? 'Removal of a party' : `Removal of ${p.removal.party.name}`;
  }
}

/** What a final block did: "Adopted “Draft 1”", "Admitted Tuvalu (weight 1)", "Removed Nauru: reason". */
export function blockBodyInWords(body: BlockBodyView): string {
  switch (body.kind) {
    case 'adopt':
      return `Adopted ${quoted(body.label)}`;
    case 'admit':
      return `Admitted ${body.party.name} (weight ${body.weight})`;
    case 'remove':
      return body.reason === '' ? `Removed ${body.party.name}` : `Removed ${body.party.name}: ${body.reason}`;
  }
}

/** The headline once a block is final: "Adopted at height 3", "Admitted at height 2". */
export function finalInWords(block: BlockView): string {
  const verb = block.body.kind === 'adopt' ? 'Adopted' : block.body.kind === 'admit' ? 'Admitted' : 'Removed';
  return `${verb} at height ${block.height}`;
}

export function signersInWords(tally: TallyView): string {
  return tally.signers.length === 0 ? 'No signatures yet' : `Signed by ${listInWords(tally.signers.map((s) => s.name))}`;
}

/** Whether this delegation may still sign: a party that has not signed, on a tally not final. */
export function maySign(tally: TallyView | undefined, self: string, member: boolean): boolean {
  return member && tally !== undefined && !tally.final && !tally.signers.some((s) => s.id === self);
}

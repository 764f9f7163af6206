/** How the home screen describes a negotiation: this delegation's role and where things stand. */
import type { NegotiationSummary } from '../../node/api.js';
import { plural } from './common/format.js';

export function roleOf(n: NegotiationSummary, self: string): string {
  if (n.status === 'joining') return 'Joining';
  if (!n.member) return 'Former party (read-only)';
  return n.convenor.id === self ? 'Convenor' : 'Party';
}

export function standingOf(n: NegotiationSummary): string {
  if (n.status === 'joining') return 'Waiting for the parties to admit you';
  const parts: string[] = [];
  parts.push(n.lastAdopted === null ? 'No version adopted yet' : `Last adopted: “${n.lastAdopted.label || 'untitled'}” (height ${n.lastAdopted.height})`);
  if (n.pendingProposals > 0) parts.push(`${plural(n.pendingProposals, 'proposal', 'proposals')} awaiting signatures`);
  return parts.join(' · ');
}

export function onlineInWords(online: number): string {
  return online === 0 ? 'No one online' : `${plural(online, 'delegation', 'delegations')} online`;
}

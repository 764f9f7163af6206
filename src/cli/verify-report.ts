/**
 * A verified dossier as `plenary verify` prints it: in plain words (core/dossier/words.ts), or as
 * JSON for machines (`--json`).
 */
import { toHex } from '../core/bytes.js';
import type { PartyId } from '../core/identity.js';
import { actHashOf, type Act } from '../core/acts/act.js';
import { formatDay } from '../core/acts/day.js';
import { describeEntryIntoForceRule } from '../core/acts/rule.js';
import { describeEvidence } from '../core/ledger/evidence.js';
import { describeActEquivocation } from '../core/acts/evidence.js';
import { PartyNames, languagesOf, listOf, longDate, partyLine, statementLines, statusLine, type DossierFailure, type DossierReport } from '../core/dossier/index.js';

/** Parties as the report lists them (the charter's order, then admissions), not by id. */
const inRosterOrder = (report: DossierReport, parties: readonly PartyId[]): PartyId[] => report.parties.map((p) => p.id).filter((id) => parties.includes(id));

/** What `plenary verify` prints for a dossier that holds. */
export function describeReport(report: DossierReport, file: { readonly name: string; readonly bytes: number }): string[] {
  const names = new PartyNames(report);
  const lines = [
    `Verified: every hash, signature and rule in ${file.name} holds (${file.bytes} bytes, no network used).`,
    `Dossier hash: ${toHex(report.dossierHash)}`,
    '',
    report.title,
    `Negotiation ${report.negotiation}`,
    `Convened by ${names.of(report.convenor)} on ${longDate(Math.floor(report.createdAt / 86_400_000))}. Ledger: ${report.height} blocks, the last ${toHex(report.tip)}.`,
    `Entry into force: ${describeEntryIntoForceRule(report.rule)}.`,
    '',
    `Parties (${report.parties.length}), with their key fingerprints:`,
  ];
  const width = Math.max(...report.parties.map((p) => p.name.length));
  for (const p of report.parties) {
    const history = [p.admittedAt !== undefined ? `admitted at block ${p.admittedAt}` : '', p.removedAt !== undefined ? `removed at block ${p.removedAt}` : ''].filter(Boolean);
    lines.push(`  ${p.name.padEnd(width)}  ${p.fingerprint}  weight ${p.weight}${history.length > 0 ? `  (${history.join(', ')})` : ''}`);
  }
  if (report.versions.length === 0) lines.push('', 'No version of the text has been adopted.');
  for (const v of report.versions) {
    lines.push(
      '',
      `Version "${v.label}", adopted at block ${v.height} on ${longDate(v.adoptedOn)} by ${listOf(inRosterOrder(report, v.adoptedBy).map((p) => names.of(p)))}`,
      `  block hash: ${toHex(v.block)}`,
      `  text hash:  ${toHex(v.textHash)}`,
      ...v.authenticTexts.map((t) => `  ${`${t.language} text:`.padEnd(11)} ${toHex(t.textHash)}`),
      `  authentic: ${languagesOf(v)}`,
    );
    const acted = v.state.parties.filter((p) => partyLine(p) !== 'no act' || statementLines(p, names).length > 0);
    for (const p of acted) {
      lines.push(`  ${names.of(p.party)}: ${partyLine(p)}`);
      for (const s of statementLines(p, names)) lines.push(`    ${s}`);
    }
    for (const pair of v.state.notInForceBetween) lines.push(`  Not in force between ${names.of(pair.objector)} and ${names.of(pair.reservingParty)}.`);
    lines.push(`  ${statusLine(report, v.state, names)}`);
  }
  lines.push('');
  if (report.voteEvidence.length === 0 && report.actEvidence.length === 0) lines.push('No equivocation on record.');
  for (const e of report.voteEvidence) lines.push(`Equivocation: ${names.of(e.first.party)}: ${describeEvidence(e)}`);
  for (const e of report.actEvidence) lines.push(`Equivocation: ${names.of(e.first.party)}: ${describeActEquivocation(e)}`);
  return lines;
}

/** What `plenary verify` prints for a dossier that fails. */
export function describeFailure(failure: DossierFailure, file: string): string[] {
  return [`NOT VERIFIED: ${file} fails at ${failure.where}: ${failure.what}`, 'Nothing in this dossier can be relied on.'];
}

// Keys whose numbers are days: written as ISO dates in JSON.
const DAY_KEYS = new Set(['date', 'adoptedOn', 'conditionMetOn', 'inForceSince', 'terminatedOn', 'since', 'until', 'effectiveOn']);

/** Plain JSON: bytes as lowercase hex, days as YYYY-MM-DD. */
function plain(value: unknown, key = ''): unknown {
  if (value instanceof Uint8Array) return toHex(value);
  if (typeof value === 'number' && DAY_KEYS.has(key)) return formatDay(value);
  if (Array.isArray(value)) return value.map((v) => plain(v));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, k)]));
  return value;
}

const actJson = (act: Act): unknown => ({ hash: actHashOf(act), ...act });

/** `plenary verify --json`: the report without the texts themselves (their hashes stand for them). */
export function reportJson(report: DossierReport): unknown {
  return plain({
    ok: true,
    dossierHash: report.dossierHash,
    negotiation: report.negotiation,
    title: report.title,
    createdAt: new Date(report.createdAt).toISOString(),
    convenor: report.convenor,
    parties: report.parties,
    entryIntoForce: { ...report.rule, words: describeEntryIntoForceRule(report.rule) },
    height: report.height,
    tip: report.tip,
    versions: report.versions.map((v) => ({
      ...v.state,
      title: v.title,
      textHash: v.textHash,
      authenticTexts: v.authenticTexts.map((t) => ({ language: t.language, textHash: t.textHash })),
      adoptedOn: v.adoptedOn,
      adoptedBy: v.adoptedBy,
    })),
    acts: report.acts.map(actJson),
    voteEvidence: report.voteEvidence,
    actEvidence: report.actEvidence.map((e) => ({ first: actJson(e.first), second: actJson(e.second) })),
  });
}

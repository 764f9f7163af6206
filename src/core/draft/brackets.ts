/**
 * Square brackets: disputed words, marked in place, with alternatives proposed by the parties.
 * The span's own words are the first option; resolving keeps one option and removes the rest.
 */
import * as Y from 'yjs';
import type { PartyId } from '../identity.js';
import { ok } from '../result.js';
import { bracketRuns } from './runs.js';
import {
  alternativesOf,
  allParagraphs,
  checkText,
  fail,
  findBracket,
  findParagraph,
  isValidId,
  splitsPair,
  treatyRoots,
  type SchemaResult,
} from './schema.js';

export function bracketSpan(
  doc: Y.Doc,
  paragraphId: string,
  index: number,
  length: number,
  bracketId: string,
  proposer: PartyId,
): SchemaResult {
  if (!isValidId(bracketId)) return fail('bad-id', `not a valid id: ${JSON.stringify(bracketId)}`);
  if (findBracket(doc, bracketId) !== undefined || treatyRoots(doc).brackets.has(bracketId)) {
    return fail('duplicate-id', `bracket ${bracketId} already exists`);
  }
  const paragraph = findParagraph(doc, paragraphId);
  if (paragraph === undefined) return fail('unknown-paragraph', `no paragraph ${paragraphId}`);
  const text = paragraph.text;
  if (!Number.isInteger(index) || !Number.isInteger(length) || index < 0 || length < 1 || index + length > text.length) {
    return fail('out-of-range', `span ${index}+${length} is not a non-empty range of 0..${text.length}`);
  }
  const current = text.toString();
  if (splitsPair(current, index) || splitsPair(current, index + length)) return fail('out-of-range', 'the span splits a surrogate pair');
  for (const run of bracketRuns(text)) {
    if (run.bracket !== null && run.from < index + length && index < run.to) {
      return fail('overlapping-bracket', `the span overlaps bracket ${run.bracket}`);
    }
  }
  doc.transact(() => {
    text.format(index, length, { bracket: bracketId });
    const entry = new Y.Map<unknown>();
    entry.set('proposer', proposer);
    entry.set('paragraph', paragraphId);
    entry.set('alternatives', new Y.Array());
    treatyRoots(doc).brackets.set(bracketId, entry);
  });
  return ok(undefined);
}

export function addAlternative(doc: Y.Doc, bracketId: string, text: string, proposer: PartyId, alternativeId: string): SchemaResult {
  if (!isValidId(alternativeId)) return fail('bad-id', `not a valid id: ${JSON.stringify(alternativeId)}`);
  const bad = checkText(text, 'alternative');
  if (bad !== null) return { ok: false, error: bad };
  const bracket = findBracket(doc, bracketId);
  if (bracket === undefined || bracket.alternatives === null) return fail('unknown-bracket', `no bracket ${bracketId}`);
  if (alternativesOf(bracket).some((a) => a.id === alternativeId)) {
    return fail('duplicate-id', `bracket ${bracketId} already has an alternative ${alternativeId}`);
  }
  const list = bracket.alternatives;
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    entry.set('id', alternativeId);
    const body = new Y.Text();
    if (text.length > 0) body.insert(0, text, {});
    entry.set('text', body);
    entry.set('proposer', proposer);
    list.push([entry]);
  });
  return ok(undefined);
}

/** Which option a resolution keeps: the bracketed words themselves, or one alternative. */
export type BracketChoice = { readonly kind: 'span' } | { readonly kind: 'alternative'; readonly alternativeId: string };

/**
 * Resolves a bracket: the kept option stands as plain text where the span was, and the bracket
 * with its alternatives is removed.
 */
export function resolveBracket(doc: Y.Doc, bracketId: string, choice: BracketChoice): SchemaResult {
  const bracket = findBracket(doc, bracketId);
  if (bracket === undefined) return fail('unknown-bracket', `no bracket ${bracketId}`);
  let replacement: string | null = null;
  if (choice.kind === 'alternative') {
    const alternative = alternativesOf(bracket).find((a) => a.id === choice.alternativeId);
    if (alternative === undefined) return fail('unknown-alternative', `no alternative ${choice.alternativeId} in ${bracketId}`);
    replacement = alternative.text.toString();
  }
  // The span normally lies in the paragraph it was opened in; look everywhere else otherwise.
  const candidates = allParagraphs(doc);
  const home = candidates.find((p) => p.id === bracket.paragraph);
  const ordered = home ? [home, ...candidates.filter((p) => p !== home)] : candidates;
  const marked = ordered
    .map((p) => ({ text: p.text, runs: bracketRuns(p.text).filter((r) => r.bracket === bracketId) }))
    .filter((p) => p.runs.length > 0);
  if (replacement !== null && marked.length === 0) return fail('out-of-range', `the words of bracket ${bracketId} no longer exist`);
  doc.transact(() => {
    for (const { text, runs } of marked) {
      // Right to left, so earlier positions stay valid.
      for (let i = runs.length - 1; i >= 0; i--) {
        const run = runs[i]!;
        if (replacement === null) {
          text.format(run.from, run.to - run.from, { bracket: null });
        } else {
          text.delete(run.from, run.to - run.from);
          if (i === 0 && text === marked[0]!.text && replacement.length > 0) text.insert(run.from, replacement, {});
        }
      }
    }
    treatyRoots(doc).brackets.delete(bracketId);
  });
  return ok(undefined);
}

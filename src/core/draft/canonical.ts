/**
 * The canonical text of a draft: what an adopted version fixes by hash (Yjs bytes are not
 * canonical; this text is the same on every replica holding the same edits).
 *
 * Format: blocks separated by one blank line, in this order —
 *   the title (omitted if empty);
 *   "PREAMBLE", then each non-empty preamble paragraph (unnumbered);
 *   for each article, by position: "Article N" and, on the next line, its heading if any;
 *   then each of its paragraphs as "1. text", "2. text", ... by position.
 * A bracketed span reads `[its words | alternative 1 | alternative 2]`, alternatives in the
 * order proposed (shown once, at the span's first stretch). Comments and statuses are not text.
 * Normalised: Unicode NFC, "\n" line ends, no whitespace at the end of a line, no blank lines
 * inside a block (so blocks are exactly the paragraphs), exactly one final newline.
 *
 * Example:
 *   Convention on Cooperation in Albatross Conservation
 *
 *   PREAMBLE
 *
 *   The Parties,
 *
 *   Recognising the need for cooperation,
 *
 *   Article 1
 *   Objective
 *
 *   1. The Parties [shall | should | must] protect albatrosses.
 *
 *   2. This Agreement enters into force on signature.
 *
 *   Article 2
 *
 *   1. Each Party designates an authority.
 */
import type * as Y from 'yjs';
import { bracketRuns } from './runs.js';
import { alternativesOf, articlesOf, findBracket, paragraphsIn, treatyRoots } from './schema.js';

/** Hash of an adopted text; the ledger's adopt blocks use this very definition. */
export { textHash } from '../hash.js';

/** Line ends to "\n", NFC, no trailing whitespace, no blank lines inside the block. */
function cleanBlock(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+$/u, ''))
    .filter((line) => line.length > 0)
    .join('\n');
}

function renderParagraph(doc: Y.Doc, text: Y.Text, shown: Set<string>): string {
  let out = '';
  for (const run of bracketRuns(text)) {
    if (run.bracket === null) {
      out += run.text;
      continue;
    }
    const options = [run.text];
    if (!shown.has(run.bracket)) {
      shown.add(run.bracket);
      const bracket = findBracket(doc, run.bracket);
      if (bracket !== undefined) for (const alternative of alternativesOf(bracket)) options.push(alternative.text.toString());
    }
    out += `[${options.join(' | ')}]`;
  }
  return out;
}

export function renderCanonical(doc: Y.Doc): string {
  const blocks: string[] = [];
  const shown = new Set<string>();
  const roots = treatyRoots(doc);
  const title = cleanBlock(roots.title.toString());
  if (title.length > 0) blocks.push(title);
  const preamble = paragraphsIn(roots.preamble)
    .map((p) => cleanBlock(renderParagraph(doc, p.text, shown)))
    .filter((p) => p.length > 0);
  if (preamble.length > 0) blocks.push('PREAMBLE', ...preamble);
  articlesOf(doc).forEach((article, a) => {
    const heading = cleanBlock(article.heading?.toString() ?? '');
    blocks.push(heading.length > 0 ? `Article ${a + 1}\n${heading}` : `Article ${a + 1}`);
    paragraphsIn(article.paragraphs).forEach((p, i) => {
      blocks.push(cleanBlock(`${i + 1}. ${renderParagraph(doc, p.text, shown)}`));
    });
  });
  return `${blocks.join('\n\n')}\n`;
}

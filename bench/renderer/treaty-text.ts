/**
 * The bench's 100-page treaty: 100 articles of 10 paragraphs, ~400 characters each (~400,000 in
 * all), in legal-sounding words from a seeded generator, so the node-side setup and the bare
 * CodeMirror baseline page hold exactly the same text. Pure: runs in Node and in the browser.
 */
import { seededRandom } from '../../src/p2p/memory-scheduler.js';

export const ARTICLES = 100;
export const PARAGRAPHS_PER_ARTICLE = 10;

const WORDS = (
  'the parties shall ensure that each state party undertakes to adopt measures necessary for implementation of this ' +
  'convention in accordance with its domestic law and international obligations including cooperation exchange of ' +
  'information technical assistance capacity building reporting review compliance dispute settlement amendment ' +
  'ratification acceptance approval accession depositary secretariat conference protocol annex provided however ' +
  'notwithstanding paragraph article subject to without prejudice consistent with relevant competent authorities'
).split(' ');

/** One paragraph's words: 250 to 550 characters, one sentence or two. */
export function paragraphText(article: number, paragraph: number): string {
  const next = seededRandom(article * 1000 + paragraph + 1);
  const target = 250 + Math.floor(next() * 300);
  let text = '';
  let capital = true;
  while (text.length < target) {
    const word = WORDS[Math.floor(next() * WORDS.length)]!;
    text += (text === '' ? '' : ' ') + (capital ? word[0]!.toUpperCase() + word.slice(1) : word);
    capital = false;
    if (next() < 0.04 && text.length < target - 40) {
      text += '.';
      capital = true;
    }
  }
  return `${text}.`;
}

export function articleHeading(article: number): string {
  return `Provisions of Part ${article}`;
}

/** Every paragraph in reading order: [article 1..100][paragraph 1..10]. */
export function treatyParagraphs(): string[][] {
  return Array.from({ length: ARTICLES }, (_, a) => Array.from({ length: PARAGRAPHS_PER_ARTICLE }, (_, p) => paragraphText(a + 1, p + 1)));
}

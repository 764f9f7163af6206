import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toHex, utf8 } from '../../src/core/bytes.js';
import { taggedHash } from '../../src/core/hash.js';
import type { PartyId } from '../../src/core/identity.js';
import { addArticle, addParagraph, createTreaty, deleteText, insertText, setParagraphStatus } from '../../src/core/draft/treaty-ops.js';
import { addAlternative, bracketSpan, resolveBracket } from '../../src/core/draft/brackets.js';
import { addComment, readComments } from '../../src/core/draft/comments.js';
import { readTreaty } from '../../src/core/draft/view.js';
import { renderCanonical, textHash } from '../../src/core/draft/canonical.js';
import { treatyRoots, type SchemaResult } from '../../src/core/draft/schema.js';

const FR = 'aa'.repeat(16) as PartyId;
const JP = 'bb'.repeat(16) as PartyId;

function must(result: SchemaResult<unknown>): void {
  if (!result.ok) expect.fail(`${result.error.code}: ${result.error.message}`);
}

function failsWith(result: SchemaResult<unknown>, code: string): void {
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error.code).toBe(code);
}

/** The worked example of canonical.ts's comment, built through the operations. */
function albatrossConvention(): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  must(createTreaty(doc, 'Convention on Cooperation in Albatross Conservation'));
  must(addParagraph(doc, { id: 'pre1', in: 'preamble', text: 'The Parties,' }));
  must(addParagraph(doc, { id: 'pre2', in: 'preamble', text: 'Recognising the need for cooperation,' }));
  must(addArticle(doc, { id: 'art1', heading: 'Objective' }));
  must(addArticle(doc, { id: 'art2' }));
  must(addParagraph(doc, { id: 'a1p1', in: { articleId: 'art1' }, text: 'The Parties shall protect albatrosses.' }));
  must(addParagraph(doc, { id: 'a1p2', in: { articleId: 'art1' }, text: 'This Agreement enters into force on signature.' }));
  must(addParagraph(doc, { id: 'a2p1', in: { articleId: 'art2' }, text: 'Each Party designates an authority.' }));
  must(bracketSpan(doc, 'a1p1', 12, 5, 'b1', FR));
  must(addAlternative(doc, 'b1', 'should', JP, 'b1-jp'));
  must(addAlternative(doc, 'b1', 'must', FR, 'b1-fr'));
  return doc;
}

const EXAMPLE = [
  'Convention on Cooperation in Albatross Conservation',
  '',
  'PREAMBLE',
  '',
  'The Parties,',
  '',
  'Recognising the need for cooperation,',
  '',
  'Article 1',
  'Objective',
  '',
  '1. The Parties [shall | should | must] protect albatrosses.',
  '',
  '2. This Agreement enters into force on signature.',
  '',
  'Article 2',
  '',
  '1. Each Party designates an authority.',
  '',
].join('\n');

describe('canonical rendering', () => {
  it('renders the worked example exactly', () => {
    const doc = albatrossConvention();
    expect(renderCanonical(doc)).toBe(EXAMPLE);
    expect(toHex(textHash(EXAMPLE))).toBe(toHex(taggedHash('plenary/text/v1', utf8(EXAMPLE))));
  });

  it('numbers articles and paragraphs by position, and follows inserts at any index', () => {
    const doc = albatrossConvention();
    must(addArticle(doc, { id: 'art0', heading: 'Definitions', index: 0 }));
    must(addParagraph(doc, { id: 'a1p0', in: { articleId: 'art1' }, text: 'First.', index: 0 }));
    const text = renderCanonical(doc);
    expect(text).toContain('Article 1\nDefinitions\n\nArticle 2\nObjective\n\n1. First.\n\n2. The Parties [shall');
    expect(text).toContain('Article 3\n\n1. Each Party');
  });

  it('is NFC, has "\\n" line ends, no trailing spaces, no blank lines inside a block, one final newline', () => {
    const doc = new Y.Doc();
    must(createTreaty(doc, 'Cafe\u0301  \r\nAccord\t'));
    must(addParagraph(doc, { id: 'p', in: 'preamble', text: '\n\nline one   \r\n\r\n\r\nline two \u3000\n\n' }));
    must(addArticle(doc, { id: 'a', heading: '   ' }));
    must(addParagraph(doc, { id: 'q', in: { articleId: 'a' }, text: '' }));
    const text = renderCanonical(doc);
    expect(text).toBe('Café\nAccord\n\nPREAMBLE\n\nline one\nline two\n\nArticle 1\n\n1.\n');
    expect(text).toBe(text.normalize('NFC'));
    expect(renderCanonical(new Y.Doc())).toBe('\n');
  });

  it('does not depend on statuses or comments, and equal texts hash equal across differently built docs', () => {
    const a = albatrossConvention();
    const b = albatrossConvention();
    must(setParagraphStatus(b, 'a1p2', 'agreed'));
    must(addComment(b, { id: 'c1', author: JP, body: 'Why?', paragraphId: 'a1p1', index: 0, length: 3, createdAt: 1 }));
    expect(renderCanonical(b)).toBe(renderCanonical(a));
    // Decomposed and precomposed input render alike.
    const c = new Y.Doc();
    const d = new Y.Doc();
    must(createTreaty(c, 'e\u0301te\u0301'));
    must(createTreaty(d, '\u00e9t\u00e9'));
    expect(toHex(textHash(renderCanonical(c)))).toBe(toHex(textHash(renderCanonical(d))));
  });
});

describe('schema operations', () => {
  it('reads back a plain snapshot', () => {
    const doc = albatrossConvention();
    must(setParagraphStatus(doc, 'a1p2', 'agreed-ad-referendum'));
    const view = readTreaty(doc);
    expect(view.title).toBe('Convention on Cooperation in Albatross Conservation');
    expect(view.preamble.map((p) => p.id)).toEqual(['pre1', 'pre2']);
    expect(view.articles.map((a) => [a.number, a.id, a.heading])).toEqual([
      [1, 'art1', 'Objective'],
      [2, 'art2', ''],
    ]);
    const [p1, p2] = view.articles[0]!.paragraphs;
    expect(p1!.segments).toEqual([
      { kind: 'text', text: 'The Parties ' },
      { kind: 'bracket', bracketId: 'b1', text: 'shall' },
      { kind: 'text', text: ' protect albatrosses.' },
    ]);
    expect(p1!.status).toBe('pending');
    expect(p2!.status).toBe('agreed-ad-referendum');
    expect(view.brackets).toEqual([
      {
        id: 'b1',
        proposer: FR,
        paragraphId: 'a1p1',
        alternatives: [
          { id: 'b1-jp', text: 'should', proposer: JP },
          { id: 'b1-fr', text: 'must', proposer: FR },
        ],
      },
    ]);
  });

  it('refuses bad arguments with a code', () => {
    const doc = albatrossConvention();
    failsWith(createTreaty(doc, 'Again'), 'already-created');
    failsWith(addArticle(doc, { id: 'art1' }), 'duplicate-id');
    failsWith(addArticle(doc, { id: 'a1p1' }), 'duplicate-id'); // one namespace
    failsWith(addArticle(doc, { id: 'has space' }), 'bad-id');
    failsWith(addArticle(doc, { id: 'art9', index: 5 }), 'out-of-range');
    failsWith(addParagraph(doc, { id: 'x', in: { articleId: 'nope' } }), 'unknown-article');
    failsWith(addParagraph(doc, { id: 'x', in: 'preamble', text: 'bad \uD800 surrogate' }), 'bad-text');
    failsWith(setParagraphStatus(doc, 'nope', 'agreed'), 'unknown-paragraph');
    failsWith(setParagraphStatus(doc, 'a1p1', 'final' as 'agreed'), 'bad-status');
    failsWith(insertText(doc, { kind: 'paragraph', paragraphId: 'a1p1' }, 999, 'x'), 'out-of-range');
    failsWith(insertText(doc, { kind: 'heading', articleId: 'nope' }, 0, 'x'), 'unknown-article');
    failsWith(deleteText(doc, { kind: 'paragraph', paragraphId: 'a1p1' }, 30, 100), 'out-of-range');
    failsWith(bracketSpan(doc, 'a1p1', 10, 4, 'b2', FR), 'overlapping-bracket');
    failsWith(bracketSpan(doc, 'a1p1', 0, 0, 'b2', FR), 'out-of-range');
    failsWith(bracketSpan(doc, 'a1p1', 0, 3, 'b1', FR), 'duplicate-id');
    failsWith(bracketSpan(doc, 'nope', 0, 3, 'b2', FR), 'unknown-paragraph');
    failsWith(addAlternative(doc, 'nope', 'x', FR, 'alt'), 'unknown-bracket');
    failsWith(addAlternative(doc, 'b1', 'x', FR, 'b1-jp'), 'duplicate-id');
    failsWith(resolveBracket(doc, 'b1', { kind: 'alternative', alternativeId: 'nope' }), 'unknown-alternative');
    failsWith(addComment(doc, { id: 'c', author: FR, body: 'x', paragraphId: 'a1p1', index: 0, length: 999, createdAt: 0 }), 'out-of-range');
    // An emoji is two UTF-16 units: no position may fall between them.
    must(addParagraph(doc, { id: 'dove', in: 'preamble', text: 'a🕊b' }));
    failsWith(insertText(doc, { kind: 'paragraph', paragraphId: 'dove' }, 2, 'x'), 'out-of-range');
    failsWith(deleteText(doc, { kind: 'paragraph', paragraphId: 'dove' }, 1, 1), 'out-of-range');
    must(deleteText(doc, { kind: 'paragraph', paragraphId: 'dove' }, 1, 2));
    expect(renderCanonical(doc)).toBe(EXAMPLE.replace('cooperation,', 'cooperation,\n\nab'));
  });

  it('typing inside a bracketed span edits its first option; at its edges the text stays outside', () => {
    const doc = albatrossConvention();
    const p = { kind: 'paragraph', paragraphId: 'a1p1' } as const;
    must(insertText(doc, p, 14, 'a'));
    must(insertText(doc, p, 12, '(')); // at the span's start
    must(insertText(doc, p, 19, ')')); // right after its end
    expect(renderCanonical(doc)).toContain('1. The Parties ([shaall | should | must]) protect');
  });

  it('resolving keeps one option as plain text and removes the bracket', () => {
    const span = albatrossConvention();
    must(resolveBracket(span, 'b1', { kind: 'span' }));
    expect(renderCanonical(span)).toContain('1. The Parties shall protect albatrosses.');
    expect(readTreaty(span).brackets).toEqual([]);
    const alt = albatrossConvention();
    must(resolveBracket(alt, 'b1', { kind: 'alternative', alternativeId: 'b1-fr' }));
    expect(renderCanonical(alt)).toContain('1. The Parties must protect albatrosses.');
    expect(readTreaty(alt).articles[0]!.paragraphs[0]!.segments).toEqual([{ kind: 'text', text: 'The Parties must protect albatrosses.' }]);
    failsWith(resolveBracket(alt, 'b1', { kind: 'span' }), 'unknown-bracket');
  });

  it('comments follow their words through later edits and are read sorted by id', () => {
    const doc = albatrossConvention();
    must(addComment(doc, { id: 'c2', author: JP, body: 'albatrosses?', paragraphId: 'a1p1', index: 26, length: 11, createdAt: 5 }));
    must(addComment(doc, { id: 'c1', author: FR, body: 'Parties', paragraphId: 'a1p1', index: 4, length: 7, createdAt: 4 }));
    must(insertText(doc, { kind: 'paragraph', paragraphId: 'a1p1' }, 0, 'All '));
    const [c1, c2] = readComments(doc);
    expect(c1).toMatchObject({ id: 'c1', author: FR, body: 'Parties', paragraphId: 'a1p1', from: 8, to: 15, createdAt: 4 });
    expect(c2).toMatchObject({ id: 'c2', from: 30, to: 41 });
    const text = readTreaty(doc).articles[0]!.paragraphs[0]!.text;
    expect(text.slice(c2!.from!, c2!.to!)).toBe('albatrosses');
  });

  it('readers skip whatever a party wrote in the wrong shape', () => {
    const doc = albatrossConvention();
    const roots = treatyRoots(doc);
    roots.articles.push(['not a map', 42]);
    roots.preamble.insert(0, [new Y.Map()]); // no text
    roots.brackets.set('junk', 'not a map');
    roots.comments.set('junk', new Y.Map());
    expect(renderCanonical(doc)).toBe(EXAMPLE);
    const view = readTreaty(doc);
    expect(view.brackets.map((b) => b.id)).toEqual(['b1']);
    expect(view.comments).toMatchObject([{ id: 'junk', from: null, to: null }]);
  });
});

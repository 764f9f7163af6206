/**
 * Authentic languages in the Adoption and History tabs (pure helpers): the propose form's rows
 * checked field by field and made into arguments the node's own check accepts, languages named
 * for a reader, an adopted text's languages in order with their hashes; and evidence of
 * equivocation in words, the same in the Ledger tab, the notices and the Treaty tab.
 */
import { describe, expect, it } from 'vitest';
import { checkArgs } from '../../src/node/api.js';
import {
  alsoAuthenticIn,
  authenticTextProblems,
  languageName,
  languagesOf,
  proposeArgs,
  type AuthenticTextDraft,
} from '../../src/renderer/screens/room/adoption/authentic-texts.js';
import { equivocationConsequence, equivocationInWords } from '../../src/renderer/screens/room/ledger/evidence-words.js';

const N = 'ab'.repeat(32);
const row = (key: number, language: string, text = 'Texte.'): AuthenticTextDraft => ({ key, language, text });

describe('authentic texts in the propose form', () => {
  it('makes no languages into the plain proposal, and rows into arguments the node accepts', () => {
    expect(proposeArgs(N, ' First reading ', [])).toEqual({ negotiation: N, label: 'First reading' });
    const args = proposeArgs(N, 'Final text', [row(1, ' fr ', 'Les Parties…'), row(2, 'zh-Hant', '缔约方…')]);
    expect(args).toEqual({ negotiation: N, label: 'Final text', authenticTexts: [{ language: 'fr', text: 'Les Parties…' }, { language: 'zh-Hant', text: '缔约方…' }] });
    expect(checkArgs('adoption.propose', args).ok).toBe(true);
  });

  it('names each problem by its row and field, and keeps what was typed', () => {
    const rows = [row(3, ''), row(5, 'fr_FR'), row(7, 'FR'), row(8, 'fr'), row(9, 'es', '   ')];
    expect(authenticTextProblems(rows)).toEqual({
      'authentic.3.language': 'Give the language as a tag: fr, es, zh-Hant, pt-BR…',
      'authentic.5.language': '“fr_FR” is not a language tag (BCP 47): e.g. fr, es, zh-Hant, pt-BR.',
      'authentic.8.language': 'The same language as text 3.',
      'authentic.9.text': 'Paste the text in this language.',
    });
    expect(rows[1]!.language).toBe('fr_FR');
    expect(authenticTextProblems([row(1, 'pt-BR'), row(2, 'sr-Latn-RS'), row(3, 'x-klingon')])).toEqual({});
    expect(authenticTextProblems([row(1, 'a'.repeat(36))])).toHaveProperty(['authentic.1.language']);
  });
});

describe('an adopted text in its languages', () => {
  it('names languages for a reader, or shows the tag where it cannot', () => {
    expect(languageName('fr', 'en')).toBe('French (fr)');
    expect(languageName('pt-BR', 'en')).toBe('Brazilian Portuguese (pt-BR)');
    expect(languageName('zh-Hant', 'en')).toMatch(/^Traditional Chinese|^Chinese.*Traditional/);
    expect(languageName('x-klingon', 'en')).toBe('x-klingon');
    expect(languageName('qaa', 'en')).toBe('qaa');
    expect(languageName('not a tag', 'en')).toBe('not a tag');
  });

  it('lists the main text first, then each language with its hash; says which further languages are authentic', () => {
    const adopted = {
      text: 'Agreement',
      textHash: 'aa'.repeat(32),
      authenticTexts: [
        { language: 'es', text: 'Acuerdo', textHash: 'bb'.repeat(32) },
        { language: 'fr', text: 'Accord', textHash: 'cc'.repeat(32) },
      ],
    };
    expect(languagesOf(adopted, 'en').map((l) => [l.key, l.language, l.name, l.text, l.textHash])).toEqual([
      ['main', null, 'Main text', 'Agreement', 'aa'.repeat(32)],
      ['es', 'es', 'Spanish (es)', 'Acuerdo', 'bb'.repeat(32)],
      ['fr', 'fr', 'French (fr)', 'Accord', 'cc'.repeat(32)],
    ]);
    expect(languagesOf({ text: 'x', textHash: 'aa'.repeat(32) })).toHaveLength(1);
    expect(alsoAuthenticIn(adopted.authenticTexts, 'en')).toBe('Also authentic in Spanish (es) and French (fr)');
    expect(alsoAuthenticIn([], 'en')).toBe('');
    expect(alsoAuthenticIn(undefined)).toBe('');
  });
});

describe('evidence of equivocation in words', () => {
  it('says what was signed twice: proposals, edits, or acts numbered #n (never "edits" for acts)', () => {
    expect(equivocationInWords({ kind: 'votes', height: 3, round: 1, seq: null })).toBe('signed two different proposals at height 3 round 1');
    expect(equivocationInWords({ kind: 'envelopes', height: null, round: null, seq: 12 })).toBe('signed two different edits under sequence number 12');
    expect(equivocationInWords({ kind: 'acts', height: null, round: null, seq: 2 })).toBe('signed two different acts numbered #2');
    expect(equivocationConsequence({ kind: 'acts' })).toBe('its acts from that number on do not count');
    expect(equivocationConsequence({ kind: 'votes' })).toBe('');
  });
});

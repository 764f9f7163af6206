/**
 * The fonts the printable treaty embeds, and the scripts it refuses.
 *
 * Noto Serif (SIL Open Font License 1.1) as whole TrueType files from @expo-google-fonts/noto-serif:
 * one file per style covers Latin with every European language and Vietnamese, Greek and
 * Cyrillic, so a paragraph is one run and keeps its kerning and justification. (@fontsource's
 * files are cut by Unicode range, which would split every Greek or Russian word from its digits
 * and punctuation.) pdfkit embeds the subset of glyphs a document uses; fontkit's subsets are
 * deterministic, so the same text prints the same bytes.
 *
 * Not printed, rather than misprinted:
 * - Right-to-left scripts (Arabic, Hebrew...). fontkit shapes Arabic (joining forms) and reverses a
 *   run it sees is right to left, but pdfkit lays out a line one space-separated word at a time
 *   and places the words left to right, with no bidirectional algorithm: a line would read in
 *   reverse word order, numbers within it reversed.
 * - Chinese, Japanese, Korean: no font is embedded for them. Noto Serif SC alone is 15 MB a weight
 *   (120 MB as a package; @fontsource's slices 87 MB), far beyond what one printout should cost.
 * - Anything else Noto Serif has no glyph for (Devanagari, Thai, Armenian, emoji...).
 *
 * Hashes and fingerprints (ASCII) stay in Courier, a standard PDF font every reader has.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

export const SERIF = 'NotoSerif';
export const SERIF_BOLD = 'NotoSerif-Bold';
export const SERIF_ITALIC = 'NotoSerif-Italic';
export const MONO = 'Courier';

const FILES: Readonly<Record<string, string>> = {
  [SERIF]: '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  [SERIF_BOLD]: '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
  [SERIF_ITALIC]: '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
};

interface LoadedFonts {
  readonly files: ReadonlyMap<string, Buffer>;
  /** The regular style's ascent, in ems (pdfkit puts a run's baseline this far below its top). */
  readonly ascent: number;
  /** Code points every style has a glyph for: a character is printed in any of them. */
  readonly covered: ReadonlySet<number>;
}

let loaded: LoadedFonts | undefined;

/** Read once per process (~1.5 MB); pdfkit parses and subsets them per document. */
function fonts(): LoadedFonts {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const files = new Map<string, Buffer>();
  let covered: Set<number> | undefined;
  let ascent = 0;
  for (const [name, file] of Object.entries(FILES)) {
    const bytes = readFileSync(require.resolve(file));
    files.set(name, bytes);
    const font = fontkit.create(bytes);
    if (!('characterSet' in font)) throw new Error(`${file} is a font collection, not a font`);
    if (name === SERIF) ascent = font.ascent / font.unitsPerEm;
    const set = new Set(font.characterSet);
    covered = covered === undefined ? set : new Set([...covered].filter((c) => set.has(c)));
  }
  loaded = { files, ascent, covered: covered ?? new Set() };
  return loaded;
}

/** The regular serif's ascent in ems: a run in another font on its line goes on its baseline. */
export function serifAscent(): number {
  return fonts().ascent;
}

/** Registers the serif styles under SERIF, SERIF_BOLD and SERIF_ITALIC. */
export function registerTreatyFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, bytes] of fonts().files) doc.registerFont(name, bytes);
}

// Written right to left (Unicode bidi classes R and AL, by script).
const RIGHT_TO_LEFT: readonly (readonly [string, RegExp])[] = [
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Syriac', /\p{Script=Syriac}/u],
  ['Thaana', /\p{Script=Thaana}/u],
  ["N'Ko", /\p{Script=Nko}/u],
  ['Adlam', /\p{Script=Adlam}/u],
  ['Samaritan', /\p{Script=Samaritan}/u],
  ['Mandaic', /\p{Script=Mandaic}/u],
];

// Scripts a treaty may well be written in, named so a refusal says which language is at stake.
const NAMED: readonly (readonly [string, RegExp])[] = [
  ['Chinese (Han)', /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u], // with CJK punctuation and full-width forms
  ['Japanese kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Korean (Hangul)', /\p{Script=Hangul}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Bengali', /\p{Script=Bengali}/u],
  ['Tamil', /\p{Script=Tamil}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Khmer', /\p{Script=Khmer}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Ethiopic', /\p{Script=Ethiopic}/u],
];

/** Characters of one script the PDF will not print, and why. */
export interface Unprintable {
  /** 'Arabic', 'Chinese (Han)', ... or 'other' for characters of no script named here. */
  readonly script: string;
  readonly why: 'right-to-left' | 'no-font';
  /** Distinct, in order of first appearance. */
  readonly characters: readonly string[];
}

/** What in `text` the PDF would not print, grouped by script; empty when all of it prints. */
export function unprintableIn(text: string): Unprintable[] {
  const { covered } = fonts();
  const groups = new Map<string, { why: Unprintable['why']; characters: Set<string> }>();
  for (const ch of text) {
    if (ch === '\n') continue;
    const rtl = RIGHT_TO_LEFT.find(([, re]) => re.test(ch));
    if (!rtl && covered.has(ch.codePointAt(0)!)) continue;
    const script = rtl?.[0] ?? NAMED.find(([, re]) => re.test(ch))?.[0] ?? 'other';
    const group = groups.get(script) ?? { why: rtl ? ('right-to-left' as const) : ('no-font' as const), characters: new Set<string>() };
    group.characters.add(ch);
    groups.set(script, group);
  }
  return [...groups].map(([script, g]) => ({ script, why: g.why, characters: [...g.characters] }));
}

/** Characters the PDF would not print, if any. */
export function unprintableCharacters(text: string): string[] {
  return unprintableIn(text).flatMap((u) => u.characters);
}

const codePoint = (ch: string): string => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

function describe(u: Unprintable): string {
  const shown = u.characters.slice(0, 6);
  const more = u.characters.length > shown.length ? ' ...' : '';
  if (u.script === 'other') return `characters no embedded font has (${shown.map(codePoint).join(' ')}${more})`;
  const sample = `${shown.join(' ')}${more}`;
  return u.why === 'right-to-left'
    ? `${u.script} (${sample}), written right to left, which the PDF's typesetting cannot do (each line's words would come out in reverse order)`
    : `${u.script} characters (${sample}), for which no font is embedded`;
}

/**
 * Why the PDF is not made, naming where each problem is, or undefined if everything prints.
 * `parts`: what will be printed, each with where it is ("the ru text", "the party names").
 */
export function refusalToPrint(parts: readonly { readonly where: string; readonly text: string }[]): string | undefined {
  const problems = parts.flatMap(({ where, text }) => {
    const found = unprintableIn(text);
    return found.length === 0 ? [] : [`In ${where}: ${found.map(describe).join('; ')}.`];
  });
  if (problems.length === 0) return undefined;
  return `not printed rather than misprinted. ${problems.join(' ')} The PDF embeds Noto Serif, which covers Latin (every European language and Vietnamese), Greek and Cyrillic.`;
}

/**
 * Several authentic languages (VCLT art. 33: "done in English and French, each text being
 * equally authentic"). An adopted version may carry texts in further languages beside its
 * canonical text; the adopt body holds them (body.ts), so the parties' votes sign every language
 * together. Each text is hashed like the main one; the list, sorted by language, has one hash.
 */
import { DecodeError, Writer, utf8, type Reader } from '../bytes.js';
import { HASH_BYTES, taggedHash, textHash } from '../hash.js';

/** A BCP 47 language tag's length cap (RFC 5646 §4.4.1 advises 35 characters). */
export const MAX_LANGUAGE_TAG_CHARS = 35;
/** The UN has six official languages; the EU twenty-four. */
export const MAX_AUTHENTIC_TEXTS = 32;

export interface AuthenticText {
  /** A well-formed BCP 47 tag in its conventional case: 'en', 'fr', 'zh-Hant', 'pt-BR'. */
  readonly language: string;
  readonly text: string;
}

// RFC 5646 langtag (no grandfathered tags), or a private-use tag alone.
const ALNUM = '[a-z0-9]';
const LANGTAG = new RegExp(
  '^(?:' +
    '(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})' + // language, extlang
    '(?:-[a-z]{4})?' + // script
    '(?:-(?:[a-z]{2}|[0-9]{3}))?' + // region
    `(?:-(?:${ALNUM}{5,8}|[0-9]${ALNUM}{3}))*` + // variants
    `(?:-[0-9a-wy-z](?:-${ALNUM}{2,8})+)*` + // extensions
    `(?:-x(?:-${ALNUM}{1,8})+)?` + // private use
    `|x(?:-${ALNUM}{1,8})+` +
    ')$',
);

/**
 * The tag in the case RFC 5646 §2.1.1 recommends (language lowercase, script titlecase, region
 * uppercase), or undefined if it is not a well-formed tag of at most 35 characters.
 */
export function normalizeLanguageTag(tag: string): string | undefined {
  if (typeof tag !== 'string' || tag.length === 0 || tag.length > MAX_LANGUAGE_TAG_CHARS) return undefined;
  const lower = tag.toLowerCase();
  if (!/^[a-z0-9-]+$/.test(lower) || !LANGTAG.test(lower)) return undefined;
  const subtags = lower.split('-');
  let afterSingleton = false;
  return subtags
    .map((s, i) => {
      if (i === 0 || afterSingleton) {
        if (s.length === 1) afterSingleton = true;
        return s;
      }
      if (s.length === 1) {
        afterSingleton = true;
        return s;
      }
      if (s.length === 4 && /^[a-z]{4}$/.test(s)) return s[0]!.toUpperCase() + s.slice(1);
      if (s.length === 2) return s.toUpperCase();
      return s;
    })
    .join('-');
}

export const isLanguageTag = (tag: unknown): tag is string => typeof tag === 'string' && normalizeLanguageTag(tag) === tag;

const byLanguage = (a: AuthenticText, b: AuthenticText): number => (a.language < b.language ? -1 : a.language > b.language ? 1 : 0);

/** The texts with normalized tags, sorted by language: the form a body carries. */
export function sortAuthenticTexts(texts: readonly AuthenticText[]): AuthenticText[] {
  return texts.map((t) => ({ language: normalizeLanguageTag(t.language) ?? t.language, text: t.text })).sort(byLanguage);
}

/** Well-formed tags in conventional case, sorted and distinct, texts within `maxTextBytes`; undefined when fine. */
export function checkAuthenticTexts(texts: unknown, maxTextBytes: number): string | undefined {
  if (!Array.isArray(texts)) return 'authentic texts must be a list';
  if (texts.length === 0) return 'authentic texts, when given, must not be empty';
  if (texts.length > MAX_AUTHENTIC_TEXTS) return `at most ${MAX_AUTHENTIC_TEXTS} authentic texts`;
  for (const [i, t] of (texts as unknown[]).entries()) {
    if (typeof t !== 'object' || t === null) return `authentic text ${i + 1} is missing`;
    const { language, text } = t as AuthenticText;
    if (!isLanguageTag(language)) return `authentic text ${i + 1}: "${String(language)}" is not a BCP 47 language tag in conventional case`;
    if (typeof text !== 'string' || utf8(text).length > maxTextBytes) return `authentic text (${language}) must be at most ${maxTextBytes} bytes`;
    const prev = texts[i - 1] as AuthenticText | undefined;
    if (prev && prev.language >= language) return `authentic texts must be sorted by language, each once (${language})`;
  }
  return undefined;
}

/** The hash of a set of authentic texts: every (language, text hash) pair, in order. */
export function authenticTextsHash(texts: readonly AuthenticText[]): Uint8Array {
  const w = new Writer();
  w.u32(texts.length);
  for (const t of texts) w.text(t.language).fixed(textHash(t.text), HASH_BYTES);
  return taggedHash('plenary/authentic-texts/v1', w.finish());
}

export function writeAuthenticTexts(w: Writer, texts: readonly AuthenticText[]): void {
  w.u32(texts.length);
  for (const t of texts) w.text(t.language).text(t.text);
}

/** Layout, caps, and the canonical form (non-empty, tags well-formed, sorted, distinct). */
export function readAuthenticTexts(r: Reader, maxTextBytes: number): AuthenticText[] {
  const count = r.count(MAX_AUTHENTIC_TEXTS, 8, 'authentic texts');
  const texts: AuthenticText[] = [];
  for (let i = 0; i < count; i++) {
    const language = r.text(MAX_LANGUAGE_TAG_CHARS, 'language tag');
    texts.push({ language, text: r.text(maxTextBytes, 'authentic text') });
  }
  const wrong = checkAuthenticTexts(texts, maxTextBytes);
  if (wrong) throw new DecodeError('malformed', wrong);
  return texts;
}

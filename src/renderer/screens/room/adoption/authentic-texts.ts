/**
 * Authentic languages (VCLT art. 33): the texts in further languages a proposer adds beside the
 * draft's canonical text, as typed (checked roughly here; the node checks tags exactly, as the
 * core does), and an adopted text's languages as a reader chooses among them, each with its hash.
 */
import type { ArgsOf, AuthenticTextView } from '../../../../node/api.js';
import { listInWords } from '../../common/format.js';

/** One language as typed in the propose form. */
export interface AuthenticTextDraft {
  /** Stable row key (rows can be removed). */
  readonly key: number;
  readonly language: string;
  readonly text: string;
}

/** The node's caps (api.ts adoption.propose, core authentic-texts.ts). */
export const MAX_AUTHENTIC_TEXTS = 32;
const MAX_TAG_CHARS = 35;
/** The shape of a BCP 47 tag: subtags of letters and digits joined by '-'. The node checks the grammar. */
const TAG_SHAPE = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

/** Problems by field ("authentic.3.language", "authentic.3.text"), in words; empty when the rows can be sent. */
export function authenticTextProblems(drafts: readonly AuthenticTextDraft[]): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Map<string, number>();
  drafts.forEach((d, i) => {
    const path = `authentic.${d.key}`;
    const tag = d.language.trim();
    if (tag === '') out[`${path}.language`] = 'Give the language as a tag: fr, es, zh-Hant, pt-BR…';
    else if (tag.length > MAX_TAG_CHARS || !TAG_SHAPE.test(tag)) out[`${path}.language`] = `“${tag}” is not a language tag (BCP 47): e.g. fr, es, zh-Hant, pt-BR.`;
    else if (seen.has(tag.toLowerCase())) out[`${path}.language`] = `The same language as text ${(seen.get(tag.toLowerCase()) ?? 0) + 1}.`;
    else seen.set(tag.toLowerCase(), i);
    if (d.text.trim() === '') out[`${path}.text`] = 'Paste the text in this language.';
  });
  return out;
}

/** adoption.propose's arguments: the languages only when there are some. */
export function proposeArgs(negotiation: string, label: string, drafts: readonly AuthenticTextDraft[]): ArgsOf<'adoption.propose'> {
  const args = { negotiation, label: label.trim() };
  return drafts.length === 0 ? args : { ...args, authenticTexts: drafts.map((d) => ({ language: d.language.trim(), text: d.text })) };
}

let names: Intl.DisplayNames | null | undefined;
/** 'none': no name rather than a made-up one ("root" for a private-use tag). */
const OPTIONS: Intl.DisplayNamesOptions = { type: 'language', fallback: 'none' };

/** "French (fr)", "Chinese, Traditional (zh-Hant)"... or the tag alone where the runtime cannot name it. */
export function languageName(tag: string, locale?: string): string {
  let display: Intl.DisplayNames | null = null;
  try {
    display = locale === undefined ? (names ??= new Intl.DisplayNames(undefined, OPTIONS)) : new Intl.DisplayNames([locale], OPTIONS);
  } catch {
    names = null;
  }
  let name: string | undefined;
  try {
    name = display?.of(tag);
  } catch {
    name = undefined; // a tag the runtime will not parse
  }
  return name === undefined || name === tag ? tag : `${name} (${tag})`;
}

/** One text of an adopted version a reader can choose: the main (canonical) text, or a further language. */
export interface LanguageText {
  /** 'main', or the language tag. */
  readonly key: string;
  /** The tag, or null for the main text (the canonical rendering carries no tag). */
  readonly language: string | null;
  readonly name: string;
  readonly text: string;
  readonly textHash: string;
}

export const MAIN_TEXT_NAME = 'Main text';

/** The main text first, then each further language in the node's order (sorted by tag). */
export function languagesOf(
  adopted: { readonly text: string; readonly textHash: string; readonly authenticTexts?: readonly AuthenticTextView[] },
  locale?: string,
): LanguageText[] {
  return [
    { key: 'main', language: null, name: MAIN_TEXT_NAME, text: adopted.text, textHash: adopted.textHash },
    ...(adopted.authenticTexts ?? []).map((t) => ({ key: t.language, language: t.language, name: languageName(t.language, locale), text: t.text, textHash: t.textHash })),
  ];
}

/** "Also authentic in French (fr) and Spanish (es)", or '' for a text in one language. */
export function alsoAuthenticIn(authenticTexts: readonly { readonly language: string }[] | undefined, locale?: string): string {
  const list = (authenticTexts ?? []).map((t) => languageName(t.language, locale));
  return list.length === 0 ? '' : `Also authentic in ${listInWords(list)}`;
}

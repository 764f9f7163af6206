/**
 * The printable treaty in the languages treaties are authenticated in: a dossier with French,
 * Greek and Russian texts (and Greek and Russian party names, a Russian reservation) prints each
 * text, with its words read back from the PDF as a reader copies them; the fonts are embedded
 * and the bytes are the same every time. Scripts it cannot set (right to left, Chinese) are
 * refused in words that say which script, where, and why.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import { main } from '../../src/cli/plenary.js';
import { renderTreatyPdf } from '../../src/node/treaty-pdf.js';
import { refusalToPrint, unprintableCharacters, unprintableIn } from '../../src/node/treaty-fonts.js';
import { multilingualDossier, TITLE } from './treaty-pdf-dossier.js';
import { flat, pdfText, shown } from './treaty-pdf-text.js';
import { removeTempDirs, tempDir } from './node-fixtures.js';

afterEach(() => removeTempDirs());

const FRENCH = [
  'Accord sur la conservation des oiseaux migrateurs',
  'PRÉAMBULE',
  'Les Parties sont convenues de ce qui suit :',
  'Article 1\nEntrée en vigueur',
  '1. Le présent Accord entre en vigueur le trentième jour suivant son adoption.',
].join('\n\n') + '\n';

const GREEK = [
  'Συμφωνία για τη διατήρηση των αποδημητικών πτηνών',
  'ΠΡΟΟΙΜΙΟ',
  'Τα Μέρη συμφώνησαν τα ακόλουθα:',
  'Άρθρο 1\nΈναρξη ισχύος',
  '1. Η παρούσα Συμφωνία αρχίζει να ισχύει την τριακοστή ημέρα μετά την έγκρισή της.',
].join('\n\n') + '\n';

const RUSSIAN = [
  'Соглашение о сохранении мигрирующих птиц',
  'ПРЕАМБУЛА',
  'Стороны договорились о нижеследующем:',
  'Статья 1\nВступление в силу',
  '1. Настоящее Соглашение вступает в силу на тридцатый день после его принятия.',
].join('\n\n') + '\n';

const RESERVATION = 'Российская Федерация оставляет за собой право не применять статью 1.';
const PARTIES = ['Ελληνική Δημοκρατία', 'République française', 'Российская Федерация'];

const { report, bytes } = multilingualDossier({
  texts: [
    { language: 'el', text: GREEK },
    { language: 'fr', text: FRENCH },
    { language: 'ru', text: RUSSIAN },
  ],
  parties: PARTIES,
  reservation: RESERVATION,
});

async function pdf(language: string | undefined, compress = false): Promise<Uint8Array> {
  const made = await renderTreatyPdf({ report, ...(language !== undefined && { language }), compress, asOf: 20_600 });
  if (!made.ok) throw new Error(`not printed (${language ?? 'en'}): ${made.error}`);
  return made.value;
}

describe('the printable treaty in French, Greek and Russian', () => {
  it.each([
    ['fr', FRENCH, ['Accord sur la conservation des oiseaux migrateurs', 'PRÉAMBULE', 'Entrée en vigueur', 'Le présent Accord entre en vigueur le trentième jour']],
    ['el', GREEK, ['Συμφωνία για τη διατήρηση των αποδημητικών πτηνών', 'ΠΡΟΟΙΜΙΟ', 'Άρθρο 1', 'Έναρξη ισχύος', 'την τριακοστή ημέρα μετά την έγκρισή της']],
    ['ru', RUSSIAN, ['Соглашение о сохранении мигрирующих птиц', 'ПРЕАМБУЛА', 'Статья 1', 'Вступление в силу', 'вступает в силу на тридцатый день']],
  ])('prints the %s text, words a reader can copy', async (language, text, words) => {
    const shownText = flat(pdfText(await pdf(language)));
    for (const w of words) expect(shownText, `${language}: ${w}`).toContain(shown(w));
    // Every letter of the text is in the PDF: nothing fell back to a missing glyph.
    expect(shownText).not.toContain('\uFFFD');
    for (const ch of new Set(text.replace(/\s/g, ''))) expect(shownText, `${language}: ${ch}`).toContain(ch);
  });

  it('prints the parties and a reservation in their own scripts on the signature page', async () => {
    const shownText = flat(pdfText(await pdf('ru')));
    for (const name of PARTIES) expect(shownText, name).toContain(shown(name));
    expect(shownText).toContain(shown(RESERVATION));
    expect(shownText).toContain(shown('Signature page'));
    expect(shownText).toContain(shown('Authentic text, ru'));
    expect(shownText).toContain(toHex(report.versions[0]!.authenticTexts[2]!.textHash));
    expect(shownText).toContain(shown(TITLE));
  });

  it('embeds Noto Serif, subset, in its three styles, and nothing else but Courier', async () => {
    const raw = Buffer.from(await pdf('el')).toString('latin1');
    const embedded = [...raw.matchAll(/\/FontName \/([A-Z]{6})\+([\w-]+)/g)].map((m) => m[2]).sort();
    expect(embedded).toEqual(['NotoSerif-Bold', 'NotoSerif-Italic', 'NotoSerif-Regular']);
    expect(raw.match(/\/FontFile2 /g)).toHaveLength(3);
    const baseFonts = new Set([...raw.matchAll(/\/BaseFont \/([\w+-]+)/g)].map((m) => m[1]!.replace(/^[A-Z]{6}\+/, '')));
    expect([...baseFonts].sort()).toEqual(['Courier', 'NotoSerif-Bold', 'NotoSerif-Italic', 'NotoSerif-Regular']);
    expect(raw).not.toContain('Times');
  });

  it('prints the same bytes for the same dossier, compressed or not', async () => {
    for (const compress of [false, true]) {
      const [a, b] = [await pdf('ru', compress), await pdf('ru', compress)];
      expect(toHex(b), `compress ${compress}`).toBe(toHex(a));
    }
    // Not the same bytes for another language (a test that could not fail proves nothing).
    expect(toHex(await pdf('el'))).not.toBe(toHex(await pdf('ru')));
  });

  it('plenary print writes it from the file', async () => {
    const dir = tempDir('plenary-print-');
    const file = join(dir, 'birds.plenary');
    writeFileSync(file, bytes);
    const out = join(dir, 'birds-ru.pdf');
    const err: string[] = [];
    const code = await main(['print', file, '--out', out, '--language', 'ru'], { out: () => {}, err: (l) => err.push(l) });
    expect([code, err]).toEqual([0, []]);
  });
});

describe('scripts the PDF does not print', () => {
  it('knows which characters it can show', () => {
    expect(unprintableCharacters('Accord – d’albatros, « Parties » € Łódź Čeština ŐŰ ș ț ğ ı ß Œ')).toEqual([]);
    expect(unprintableCharacters('Hiệp định có hiệu lực; Việt Nam')).toEqual([]); // Vietnamese, precomposed
    expect(unprintableCharacters('Vie\u0323\u0302t')).toEqual([]); // and with combining marks
    expect(unprintableCharacters('Άρθρο ΐΰ ς; Статья ЁЇІЎ ґ; № § °\u00a0\u202f')).toEqual([]);
    expect(unprintableCharacters('条约 Ω')).toEqual(['条', '约']);
    expect(unprintableCharacters('a\tb ☃')).toEqual(['\t', '☃']);
    expect(unprintableIn('اتفاقية 12 条约 שלום ☃')).toEqual([
      { script: 'Arabic', why: 'right-to-left', characters: ['ا', 'ت', 'ف', 'ق', 'ي', 'ة'] },
      { script: 'Chinese (Han)', why: 'no-font', characters: ['条', '约'] },
      { script: 'Hebrew', why: 'right-to-left', characters: ['ש', 'ל', 'ו', 'ם'] },
      { script: 'other', why: 'no-font', characters: ['☃'] },
    ]);
    expect(refusalToPrint([{ where: 'the text', text: 'Article 1' }])).toBeUndefined();
  });

  it('refuses an Arabic text, saying it is written right to left', async () => {
    const arabic = multilingualDossier({ texts: [{ language: 'ar', text: 'اتفاقية بشأن حفظ الطيور المهاجرة\n\nالمادة 1\n' }], parties: ['Atlantis', 'Borduria'] });
    const made = await renderTreatyPdf({ report: arabic.report, language: 'ar' });
    expect(made.ok).toBe(false);
    if (made.ok) return;
    expect(made.error).toBe(
      "not printed rather than misprinted. In the ar text: Arabic (ا ت ف ق ي ة ...), written right to left, which the PDF's typesetting cannot do (each line's words would come out in reverse order). " +
        'The PDF embeds Noto Serif, which covers Latin (every European language and Vietnamese), Greek and Cyrillic.',
    );
    // The English text of the same dossier prints.
    expect((await renderTreatyPdf({ report: arabic.report })).ok).toBe(true);
  });

  it('refuses a Chinese text, saying no font is embedded for it', async () => {
    const chinese = multilingualDossier({ texts: [{ language: 'zh', text: '养护候鸟协定\n\n第一条\n\n本协定自通过后第三十日起生效。\n' }], parties: ['Atlantis', 'Borduria'] });
    const made = await renderTreatyPdf({ report: chinese.report, language: 'zh' });
    expect(made).toMatchObject({ ok: false, error: expect.stringMatching(/^not printed rather than misprinted\. In the zh text: Chinese \(Han\) characters \(养 护 候 鸟 协 定 \.\.\.\), for which no font is embedded\. The PDF embeds/) });
  });

  it('refuses a party name or a reservation it cannot show, naming where', async () => {
    const names = multilingualDossier({ texts: [{ language: 'fr', text: FRENCH }], parties: ['Atlantis', '中华人民共和国'], reservation: 'תחולה ☃' });
    const made = await renderTreatyPdf({ report: names.report });
    expect(made.ok).toBe(false);
    if (made.ok) return;
    expect(made.error).toContain('In the party names: Chinese (Han) characters (中 华 人 民 共 和 ...), for which no font is embedded.');
    expect(made.error).toContain('In the reservations, declarations and objections: Hebrew (ת ח ו ל ה), written right to left');
    expect(made.error).toContain('reverse order); characters no embedded font has (U+2603).');
  });

  it('plenary print says so and exits 1', async () => {
    const dir = tempDir('plenary-print-');
    const file = join(dir, 'birds.plenary');
    writeFileSync(file, multilingualDossier({ texts: [{ language: 'ar', text: 'اتفاقية\n' }], parties: ['Atlantis', 'Borduria'] }).bytes);
    const err: string[] = [];
    const code = await main(['print', file, '--out', join(dir, 'birds.pdf'), '--language', 'ar'], { out: () => {}, err: (l) => err.push(l) });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/^plenary: not printed rather than misprinted\. In the ar text: Arabic/);
  });
});

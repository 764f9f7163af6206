/**
 * A printable treaty: one adopted text of a verified dossier, typeset for filing (serif, articles
 * and numbered paragraphs as the canonical text has them, brackets in bold so a disputed word
 * cannot pass for agreed, page numbers), then a signature page: the parties with their key
 * fingerprints, the dates of their signatures and consents, reservations and objections, where
 * the treaty stands, and the hashes that tie the paper to the ledger (block, text, dossier).
 *
 * Deterministic: the creation date is the day of adoption (not now), pdfkit's file ID is a hash
 * of the document info, and nothing else varies, so the same dossier and status day print the
 * same bytes with the same pdfkit and zlib (another zlib may compress differently).
 *
 * Fonts (treaty-fonts.ts): Noto Serif is embedded, so Latin, Greek and Cyrillic texts print; a text
 * in a script it cannot set (right to left, Chinese...) is refused, naming the script and where.
 */
import PDFDocument from 'pdfkit';
import { toHex } from '../core/bytes.js';
import { textHash } from '../core/hash.js';
import { PartyNames, longDate, partyLine, statementLines, statusLine, type DossierReport, type DossierVersion } from '../core/dossier/index.js';
import { err, ok, type Result } from '../core/result.js';
import type { Day } from '../core/acts/day.js';
import { MONO, SERIF, SERIF_BOLD, SERIF_ITALIC, refusalToPrint, registerTreatyFonts, serifAscent } from './treaty-fonts.js';

export interface TreatyPdfOptions {
  readonly report: DossierReport;
  /** The adopted version's height; default the last adopted version. */
  readonly height?: number;
  /** An authentic text's language; default the adopted text itself. */
  readonly language?: string;
  /** The dossier's file name, as the signature page cites it. */
  readonly dossierName?: string;
  /** The day the status is stated for ("Status on 21 November 2026"); without it, every known date counts as reached. */
  readonly asOf?: Day;
  /** false writes page content uncompressed (for tests that read it). */
  readonly compress?: boolean;
}

const BODY_SIZE = 11.5;
const MARGIN = 72;
const HANG = 22;

/** The text to print and its hash, or why not. */
function chooseText(version: DossierVersion, language: string | undefined): Result<{ text: string; language?: string }, string> {
  if (language === undefined) return ok({ text: version.text });
  const authentic = version.authenticTexts.find((t) => t.language === language);
  if (!authentic) {
    const known = version.authenticTexts.map((t) => t.language);
    return err(`version ${version.height} has no ${language} text${known.length > 0 ? ` (it has: ${known.join(', ')})` : ''}`);
  }
  return ok({ text: authentic.text, language });
}

export function renderTreatyPdf(options: TreatyPdfOptions): Promise<Result<Uint8Array, string>> {
  const { report } = options;
  const version = options.height === undefined ? report.versions[report.versions.length - 1] : report.versions.find((v) => v.height === options.height);
  if (!version) {
    const heights = report.versions.map((v) => v.height);
    return Promise.resolve(err(heights.length === 0 ? 'the dossier holds no adopted version' : `no adopted version at height ${options.height} (adopted: ${heights.join(', ')})`));
  }
  const chosen = chooseText(version, options.language);
  if (!chosen.ok) return Promise.resolve(chosen);
  const refusal = refusalToPrint(whatIsPrinted(report, version, chosen.value, options.dossierName));
  if (refusal !== undefined) return Promise.resolve(err(refusal));

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    compress: options.compress ?? true,
    info: {
      Title: `${version.title}: ${version.label}`,
      Subject: `Adopted at block ${version.height} of negotiation ${report.negotiation}`,
      Keywords: `block ${toHex(version.block)}; text ${toHex(textHash(chosen.value.text))}; dossier ${toHex(report.dossierHash)}`,
      Creator: 'Plenary',
      Producer: 'Plenary (pdfkit)',
      // The day of adoption: a fixed date, so the same dossier prints the same bytes.
      CreationDate: new Date(version.adoptedOn * 86_400_000),
    },
  });
  registerTreatyFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Result<Uint8Array, string>>((resolve) => {
    doc.on('end', () => resolve(ok(new Uint8Array(Buffer.concat(chunks)))));
    doc.on('error', (e: unknown) => resolve(err(`cannot make the PDF: ${e instanceof Error ? e.message : String(e)}`)));
  });
  printText(doc, version, chosen.value.text, chosen.value.language);
  printSignaturePage(doc, report, version, chosen.value.text, options);
  numberPages(doc, version);
  doc.end();
  return done;
}

/** Everything the PDF prints that is not ours (the words around it are English), by where it is. */
function whatIsPrinted(report: DossierReport, version: DossierVersion, chosen: { text: string; language?: string }, dossierName: string | undefined): { where: string; text: string }[] {
  const statements = version.state.parties.flatMap((p) => [...p.reservations, ...p.declarations, ...p.objections].map((s) => s.text));
  return [
    { where: chosen.language === undefined ? 'the adopted text' : `the ${chosen.language} text`, text: chosen.text },
    { where: 'the title', text: version.title },
    { where: "the version's label", text: version.label },
    { where: 'the party names', text: report.parties.map((p) => p.name).join('\n') },
    { where: 'the reservations, declarations and objections', text: statements.join('\n') },
    { where: "the dossier's file name", text: dossierName ?? '' },
  ];
}

type Doc = PDFKit.PDFDocument;

const contentWidth = (doc: Doc): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/**
 * The canonical text's blocks (canonical.ts): title, PREAMBLE, "Article N\nHeading", "1. text", plain
 * paragraphs. Authentic texts follow the same layout in their language ("Статья 1", "Άρθρο 1").
 */
function printText(doc: Doc, version: DossierVersion, text: string, language: string | undefined): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const blocks = text.replace(/\n+$/, '').split('\n\n');
  doc.font(SERIF_ITALIC).fontSize(9).fillColor('#333333');
  doc.text(`${version.label}: adopted on ${longDate(version.adoptedOn)}, block ${version.height}${language === undefined ? '' : `; authentic text (${language})`}`, left, doc.y, { width, align: 'center' });
  doc.fillColor('black').moveDown(2);
  blocks.forEach((block, i) => {
    const [first = '', ...rest] = block.split('\n');
    if (/^\p{Lu}\p{Ll}+ \d+$/u.test(first)) {
      doc.moveDown(0.8).font(SERIF_BOLD).fontSize(BODY_SIZE + 0.5).text(first, left, doc.y, { width, align: 'center' });
      if (rest.length > 0) doc.font(SERIF_ITALIC).fontSize(BODY_SIZE).text(rest.join(' '), left, doc.y, { width, align: 'center' });
      doc.moveDown(0.4);
      return;
    }
    const numbered = /^(\d+)\. ([\s\S]*)$/.exec(block);
    if (numbered) {
      const y = doc.y;
      doc.font(SERIF).fontSize(BODY_SIZE).text(`${numbered[1]}.`, left, y, { width: HANG, lineBreak: false });
      printRuns(doc, numbered[2]!, left + HANG, y, width - HANG);
      doc.moveDown(0.6);
      return;
    }
    if (i === 0 && block !== block.toUpperCase()) {
      doc.font(SERIF_BOLD).fontSize(16).text(block, left, doc.y, { width, align: 'center' });
      doc.moveDown(1.2);
      return;
    }
    if (!block.includes('\n') && block === block.toUpperCase() && /\p{L}/u.test(block)) {
      doc.moveDown(0.4).font(SERIF_BOLD).fontSize(BODY_SIZE).text(block, left, doc.y, { width, align: 'center', characterSpacing: 1 });
      doc.moveDown(0.6);
      return;
    }
    printRuns(doc, block, left, doc.y, width);
    doc.moveDown(0.6);
  });
}

/** A paragraph with its [brackets | alternatives] in bold, so they cannot be missed on paper. */
function printRuns(doc: Doc, text: string, x: number, y: number, width: number): void {
  const runs: { text: string; bold: boolean }[] = [];
  let depth = 0;
  let current = '';
  const push = (bold: boolean, s: string): void => {
    if (current) runs.push({ text: current, bold: false });
    current = '';
    runs.push({ text: s, bold });
  };
  for (const ch of text) {
    if (ch === '[') {
      depth++;
      push(true, ch);
    } else if (ch === ']' && depth > 0) {
      depth--;
      push(true, ch);
    } else if (ch === '|' && depth > 0) push(true, ch);
    else current += ch;
  }
  if (current) runs.push({ text: current, bold: false });
  const bracketed = runs.some((r) => r.bold);
  runs.forEach((run, i) => {
    doc.font(run.bold ? SERIF_BOLD : SERIF).fontSize(BODY_SIZE);
    const last = i === runs.length - 1;
    // pdfkit justifies a run at a time: bracketed paragraphs are set ragged-right instead.
    const style = { width, align: bracketed ? ('left' as const) : ('justify' as const), continued: !last, lineGap: 1.5 };
    if (i === 0) doc.text(run.text, x, y, style);
    else doc.text(run.text, style);
  });
}

function heading(doc: Doc, text: string): void {
  doc.moveDown(0.8).font(SERIF_BOLD).fontSize(BODY_SIZE).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
}

function printSignaturePage(doc: Doc, report: DossierReport, version: DossierVersion, printed: string, options: TreatyPdfOptions): void {
  const { dossierName, asOf } = options;
  const names = new PartyNames(report);
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const body = (text: string, indent = 0): void => {
    doc.font(SERIF).fontSize(BODY_SIZE - 1).text(text, left + indent, doc.y, { width: width - indent });
  };
  const mono = (label: string, value: string): void => {
    doc.font(SERIF).fontSize(9).text(label, left, doc.y, { width });
    doc.font(MONO).fontSize(8).text(value, left + 12, doc.y, { width: width - 12 });
    doc.moveDown(0.2);
  };
  doc.addPage();
  doc.font(SERIF_BOLD).fontSize(14).text('Signature page', left, doc.y, { width, align: 'center' });
  doc.moveDown(0.5);
  body(
    `${version.title}, "${version.label}", adopted on ${longDate(version.adoptedOn)} at block ${version.height} of the negotiation's ledger. ` +
      "Each act below was signed by the party alone with the key whose fingerprint is shown, and every party's application verified it; " +
      'anyone can check them again from the dossier.',
  );
  heading(doc, 'The parties');
  for (const p of version.state.parties) {
    const party = report.parties.find((q) => q.id === p.party);
    doc.moveDown(0.3).font(SERIF_BOLD).fontSize(BODY_SIZE).text(names.of(p.party), left, doc.y, { width });
    const top = doc.y;
    doc.font(SERIF).fontSize(BODY_SIZE - 1).text('Key fingerprint ', left + 12, top, { width: width - 12, continued: true });
    // pdfkit sets each run's baseline at the line's top plus its own font's ascent, and Noto Serif
    // rises higher than Courier: the fingerprint goes on the serif's baseline, the next line below the serif's.
    doc.font(MONO).text(party?.fingerprint ?? '(unknown)', { baseline: -serifAscent() * (BODY_SIZE - 1) });
    doc.y = Math.max(doc.y, top + doc.font(SERIF).currentLineHeight(true));
    body(partyLine(p), 12);
    for (const s of statementLines(p, names)) body(s, 12);
  }
  heading(doc, asOf === undefined ? 'Status' : `Status on ${longDate(asOf)}`);
  for (const pair of version.state.notInForceBetween) body(`Not in force between ${names.of(pair.objector)} and ${names.of(pair.reservingParty)}.`);
  body(statusLine(report, version.state, names));
  heading(doc, 'Identifiers');
  mono('Negotiation (hash of the charter)', report.negotiation);
  mono(`Block ${version.height} (hash of its header, which the parties signed)`, toHex(version.block));
  mono('Text adopted (plenary/text/v1 hash)', toHex(version.textHash));
  for (const t of version.authenticTexts) mono(`Authentic text, ${t.language}`, toHex(t.textHash));
  if (printed !== version.text) mono('Text printed here', toHex(textHash(printed)));
  mono(`Dossier${dossierName === undefined ? '' : ` ${dossierName}`}`, toHex(report.dossierHash));
  doc.moveDown(0.5);
  body('To check this page: plenary verify DOSSIER (standalone, no network). It prints the same hashes, parties and dates.');
}

/** "page n of N" and the text's hash on every page, in the bottom margin. */
function numberPages(doc: Doc, version: DossierVersion): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not open a new page
    const footer = `${version.label} · text ${toHex(version.textHash).slice(0, 16)} · page ${i - range.start + 1} of ${range.count}`;
    doc.font(SERIF).fontSize(8).fillColor('#444444').text(footer, doc.page.margins.left, doc.page.height - bottom / 2, { width: contentWidth(doc), align: 'center', lineBreak: false });
    doc.fillColor('black');
    doc.page.margins.bottom = bottom;
  }
}

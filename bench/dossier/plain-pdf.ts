/**
 * The printable treaty's bare baseline: pdfkit writing the same words as src/node/treaty-pdf.ts
 * (the adopted text, then the signature page's lines and hashes, a footer on every page) in the
 * standard PDF fonts (Times, Courier), which a reader supplies, so nothing is embedded or
 * subset, and with no layout beyond a paragraph at a time.
 */
import PDFDocument from 'pdfkit';
import { toHex } from '../../src/core/bytes.js';
import { PartyNames, longDate, partyLine, statementLines, statusLine, type DossierReport } from '../../src/core/dossier/index.js';

export function plainTreatyPdf(report: DossierReport): Promise<Uint8Array> {
  const version = report.versions[report.versions.length - 1]!;
  const names = new PartyNames(report);
  const doc = new PDFDocument({ size: 'A4', margins: { top: 72, bottom: 72, left: 72, right: 72 }, bufferPages: true });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  const para = (text: string, font = 'Times-Roman', size = 11.5): void => {
    doc.font(font).fontSize(size).text(text);
    doc.moveDown(0.5);
  };
  para(`${version.label}: adopted on ${longDate(version.adoptedOn)}, block ${version.height}`, 'Times-Italic', 9);
  for (const block of version.text.replace(/\n+$/, '').split('\n\n')) para(block);
  doc.addPage();
  para('Signature page', 'Times-Bold', 14);
  para(`${version.title}, "${version.label}", adopted on ${longDate(version.adoptedOn)} at block ${version.height} of the negotiation's ledger.`);
  para('The parties', 'Times-Bold');
  for (const p of version.state.parties) {
    para(names.of(p.party), 'Times-Bold');
    para(`Key fingerprint ${report.parties.find((q) => q.id === p.party)?.fingerprint ?? '(unknown)'}`);
    para(partyLine(p));
    for (const s of statementLines(p, names)) para(s);
  }
  para('Status', 'Times-Bold');
  para(statusLine(report, version.state, names));
  para('Identifiers', 'Times-Bold');
  for (const [label, value] of [
    ['Negotiation', report.negotiation],
    [`Block ${version.height}`, toHex(version.block)],
    ['Text adopted', toHex(version.textHash)],
    ...version.authenticTexts.map((t) => [`Authentic text, ${t.language}`, toHex(t.textHash)] as const),
    ['Dossier', toHex(report.dossierHash)],
  ] as const) {
    para(label, 'Times-Roman', 9);
    para(value, 'Courier', 8);
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    doc.font('Times-Roman').fontSize(8).text(`${version.label} - text ${toHex(version.textHash).slice(0, 16)} - page ${i + 1} of ${range.count}`, 72, doc.page.height - 36, { lineBreak: false });
  }
  doc.end();
  return done;
}

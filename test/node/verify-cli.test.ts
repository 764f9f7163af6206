/**
 * `plenary verify` and `plenary print` as users run them: the sample dossier verified and
 * described in words and JSON, a tampered one refused with the first failure named (exit 1), an
 * unreadable file (exit 1) and bad usage (exit 2); the PDF of an adopted text with its signature
 * page, deterministic, never made from a dossier that fails.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/bytes.js';
import { verifyDossier } from '../../src/core/dossier/index.js';
import { main } from '../../src/cli/plenary.js';
import { renderTreatyPdf } from '../../src/node/treaty-pdf.js';
import { unprintableCharacters } from '../../src/node/treaty-fonts.js';
import { createNativeEd25519 } from '../../src/node/native-ed25519.js';
import { SAMPLE_DOSSIER_PATH, sampleDelegation } from '../../scripts/make-sample-dossier.js';
import { killChildren, run } from './serve-process.js';
import { removeTempDirs, tempDir } from './node-fixtures.js';
import { pdfText, shown } from './treaty-pdf-text.js';

afterEach(() => {
  killChildren();
  removeTempDirs();
});

const sample = new Uint8Array(readFileSync(SAMPLE_DOSSIER_PATH));
const verified = verifyDossier(sample, createNativeEd25519());
if (!verified.ok) throw new Error(`the sample does not verify: ${verified.failure.what}`);
const report = verified.report;
const final = report.versions[1]!;
const fiji = sampleDelegation('Fiji').spec;

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function tampered(at: number): string {
  const copy = sample.slice();
  copy[at]! ^= 0x20;
  const file = join(tempDir('plenary-verify-'), 'tampered.plenary');
  writeFileSync(file, copy);
  return file;
}

describe('plenary verify', () => {
  it('prints the treaty in plain words and exits 0', async () => {
    const { code, out, err } = await cli('verify', SAMPLE_DOSSIER_PATH, '--as-of', '2026-01-01');
    expect([code, err]).toEqual([0, '']);
    for (const words of [
      `Verified: every hash, signature and rule in sample-dossier.plenary holds (${sample.length} bytes, no network used).`,
      `Dossier hash: ${toHex(report.dossierHash)}`,
      'Agreement on the Conservation of Albatrosses in the South Pacific',
      `Negotiation ${report.negotiation}`,
      'Entry into force: in force on the 30th day after the day 3 parties have consented to be bound.',
      ...report.parties.map((p) => `${p.fingerprint}  weight 1`),
      'Version "Draft of 3 March 2025", adopted at block 1 on 3 March 2025 by Kiribati, Tuvalu, Fiji and Samoa',
      'Version "Final text", adopted at block 2 on 14 March 2025',
      `  block hash: ${toHex(final.block)}`,
      `  text hash:  ${toHex(final.textHash)}`,
      `  fr text:    ${toHex(final.authenticTexts[0]!.textHash)}`,
      '  authentic: the adopted text and the fr text',
      '  Kiribati: initialled 14 March 2025; signed ad referendum 1 April 2025, confirmed 15 May 2025; ratification 10 September 2025; bound since 31 October 2025',
      '    Reservation (1 April 2025): "Tuvalu reserves the right not to apply Article 2, paragraph 1, to its artisanal fisheries."',
      '    Objection (2 June 2025) to the reservation of Tuvalu: "Fiji objects',
      '  Samoa: accession 20 November 2025; bound since 20 December 2025',
      "  In force since 31 October 2025, the condition met on 1 October 2025 by Fiji's ratification (act Fiji #2).",
      'No equivocation on record.',
    ]) {
      expect(out).toContain(words);
    }
    expect(out).toContain('Kiribati  HNY3-');
  });

  it('tells a treaty awaiting its day of entry into force from one in force', async () => {
    const { code, out } = await cli('verify', SAMPLE_DOSSIER_PATH, '--as-of', '2025-10-15');
    expect(code).toBe(0);
    expect(out).toContain("  Enters into force on 31 October 2025, the condition met on 1 October 2025 by Fiji's ratification (act Fiji #2).");
  });

  it('--json gives the same report for machines', async () => {
    const { code, out } = await cli('verify', SAMPLE_DOSSIER_PATH, '--json', '--as-of', '2026-01-01');
    expect(code).toBe(0);
    const json = JSON.parse(out) as { ok: boolean; negotiation: string; parties: { fingerprint: string }[]; versions: Record<string, unknown>[]; acts: unknown[] };
    expect(json).toMatchObject({ ok: true, negotiation: report.negotiation, dossierHash: toHex(report.dossierHash) });
    expect(json.parties.map((p) => p.fingerprint)).toEqual(report.parties.map((p) => p.fingerprint));
    expect(json.versions[1]).toMatchObject({
      height: 2,
      label: 'Final text',
      block: toHex(final.block),
      textHash: toHex(final.textHash),
      authenticTexts: [{ language: 'fr', textHash: toHex(final.authenticTexts[0]!.textHash) }],
      status: 'in-force',
      conditionMetOn: '2025-10-01',
      inForceSince: '2025-10-31',
      conditionMetBy: { party: fiji.id },
    });
    expect(json.acts).toHaveLength(12);
  });

  it('exits 1 on a tampered dossier and names the first thing that fails', async () => {
    const file = tampered(sample.length - 100); // in the last act (by party id): Tuvalu's ratification
    const { code, out } = await cli('verify', file);
    expect(code).toBe(1);
    expect(out).toMatch(/^NOT VERIFIED: tampered\.plenary fails at act Tuvalu #2: /);
    expect(out).toContain('Nothing in this dossier can be relied on.');
    const json = await cli('verify', file, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, where: 'act Tuvalu #2' });
  });

  it('exits 1 on a file it cannot read, 2 on bad usage', async () => {
    const dir = tempDir('plenary-verify-');
    expect(await cli('verify', join(dir, 'nothing.plenary'))).toMatchObject({ code: 1, err: `plenary: cannot read ${join(dir, 'nothing.plenary')}: no such file` });
    expect(await cli('verify', dir)).toMatchObject({ code: 1, err: `plenary: ${dir} is not a file` });
    expect(await cli('verify')).toMatchObject({ code: 2, err: expect.stringContaining('"plenary verify" needs FILE') });
    expect(await cli('verify', 'a', 'b')).toMatchObject({ code: 2, err: expect.stringContaining('unexpected argument "b"') });
    expect(await cli('verify', SAMPLE_DOSSIER_PATH, '--as-of', '31/10/2025')).toMatchObject({ code: 2, err: expect.stringContaining('--as-of must be a date') });
    expect(await cli('verify', SAMPLE_DOSSIER_PATH, '--bogus')).toMatchObject({ code: 2 });
    const help = await cli('verify', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('plenary verify FILE [--json] [--as-of YYYY-MM-DD]');
    expect((await cli('--help')).out).toMatch(/verify +Check a dossier offline[\s\S]*print +Make a printable PDF/);
  });

  it('runs as a real process through the package launcher', async () => {
    const ok = run(['verify', SAMPLE_DOSSIER_PATH]);
    expect(await ok.exited()).toBe(0);
    expect(ok.stdout[0]).toMatch(/^Verified: /);
    const bad = run(['verify', tampered(200)]);
    expect(await bad.exited()).toBe(1);
    expect(bad.stdout[0]).toMatch(/^NOT VERIFIED: /);
  });
});

describe('plenary print', () => {
  const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
  it('writes a PDF of the last adopted version with its signature page', async () => {
    const out = join(tempDir('plenary-print-'), 'treaty.pdf');
    const { code, out: said } = await cli('print', SAMPLE_DOSSIER_PATH, '--out', out, '--as-of', '2026-01-01');
    expect(code).toBe(0);
    const pdf = new Uint8Array(readFileSync(out));
    expect(said).toBe(`${out}: ${pdf.length} bytes`);
    const raw = latin1(pdf);
    expect(raw.startsWith('%PDF-')).toBe(true);
    // The document info is never compressed: the hashes that tie the paper to the dossier.
    expect(raw).toContain(`block ${toHex(final.block)}; text ${toHex(final.textHash)}; dossier ${toHex(report.dossierHash)}`);
    expect(raw).toContain('/CreationDate'); // the day of adoption, below
    expect(raw).toContain('(D:20250314000000Z)');
  });

  it('shows the text, the brackets, the parties and the hashes (uncompressed), and prints the same bytes twice', async () => {
    const draft = await renderTreatyPdf({ report, height: 1, compress: false, asOf: 20_454 });
    if (!draft.ok) return expect.fail(draft.error);
    const text = pdfText(draft.value);
    for (const words of ['Article 2', 'Measures', 'Each Party shall', toHex(report.versions[0]!.block), toHex(report.dossierHash), 'Signature page', 'Status on 1 January 2026', 'page 1 of 2', 'page 2 of 2']) {
      expect(text, words).toContain(shown(words));
    }
    // A bracket and its separator are runs of their own (in bold), so they show on paper.
    const lines = text.split('\n');
    expect(lines).toContain('[');
    expect(lines).toContain('|');
    expect(lines).toContain(']');
    const finalPdf = await renderTreatyPdf({ report, compress: false, asOf: 20_454 });
    if (!finalPdf.ok) return expect.fail(finalPdf.error);
    for (const p of report.parties) expect(pdfText(finalPdf.value)).toContain(p.fingerprint);
    const again = await renderTreatyPdf({ report, height: 1, compress: false, asOf: 20_454 });
    expect(again.ok && toHex(again.value)).toBe(toHex(draft.value));
    const compressed = [await renderTreatyPdf({ report }), await renderTreatyPdf({ report })];
    expect(compressed[0]!.ok && toHex(compressed[0]!.value)).toBe(compressed[1]!.ok && toHex(compressed[1]!.value));
  });

  it('prints an authentic text in another language', async () => {
    const fr = await renderTreatyPdf({ report, language: 'fr', compress: false });
    if (!fr.ok) return expect.fail(fr.error);
    expect(pdfText(fr.value)).toContain(shown('Entrée en vigueur'));
    expect(await renderTreatyPdf({ report, language: 'de' })).toEqual({ ok: false, error: 'version 2 has no de text (it has: fr)' });
  });

  it('refuses a dossier that fails, a version that is not there, and characters it cannot show', async () => {
    const dir = tempDir('plenary-print-');
    const out = join(dir, 'treaty.pdf');
    const bad = await cli('print', tampered(sample.length - 100), '--out', out);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('NOT VERIFIED');
    expect(bad.err).toContain('plenary: not printed: only a dossier that verifies is printed');
    expect(existsSync(out)).toBe(false);
    expect(await cli('print', SAMPLE_DOSSIER_PATH, '--out', out, '--version', '9')).toMatchObject({ code: 1, err: 'plenary: no adopted version at height 9 (adopted: 1, 2)' });
    expect(await cli('print', SAMPLE_DOSSIER_PATH, '--out', out, '--version', 'two')).toMatchObject({ code: 2 });
    expect(await cli('print', SAMPLE_DOSSIER_PATH)).toMatchObject({ code: 2, err: expect.stringContaining('--out FILE.pdf is required') });
    mkdirSync(join(dir, 'a-directory.pdf'));
    expect(await cli('print', SAMPLE_DOSSIER_PATH, '--out', join(dir, 'a-directory.pdf'))).toMatchObject({ code: 1, err: expect.stringContaining('cannot write') });
    expect(unprintableCharacters('Accord – d’albatros, « Parties » €')).toEqual([]);
    expect(unprintableCharacters('条约 Ω')).toEqual(['条', '约']); // more in treaty-pdf.test.ts
  });
});

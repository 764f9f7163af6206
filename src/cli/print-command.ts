/**
 * `plenary print FILE --out FILE.pdf`: a printable PDF of an adopted text and its signature page
 * (src/node/treaty-pdf.ts). The dossier is verified first; one that fails is never printed.
 * Exit codes: 0 written, 1 not verified, unreadable or unprintable, 2 bad usage (the CLI's).
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Day } from '../core/acts/day.js';
import { renderTreatyPdf } from '../node/treaty-pdf.js';
import { UsageError } from './args.js';
import { describeFailure } from './verify-report.js';
import { verifyFile, type Io } from './verify-command.js';

export interface PrintOptions {
  readonly out: string;
  readonly height?: number;
  readonly language?: string;
  readonly asOf: Day;
}

/** `--version HEIGHT`: the adopted version's block height. */
export function parseHeight(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d{0,14}$/.test(text)) throw new UsageError(`--version must be the block height of an adopted version (1, 2, ...), not ${JSON.stringify(text)}`);
  return Number(text);
}

export async function runPrint(file: string, options: PrintOptions, io: Io): Promise<number> {
  const result = verifyFile(file, options.asOf);
  if ('unreadable' in result) {
    io.err(`plenary: ${result.unreadable}`);
    return 1;
  }
  if (!result.ok) {
    for (const line of describeFailure(result.failure, basename(file))) io.err(line);
    io.err('plenary: not printed: only a dossier that verifies is printed');
    return 1;
  }
  const pdf = await renderTreatyPdf({ report: result.report, height: options.height, language: options.language, dossierName: basename(file), asOf: options.asOf });
  if (!pdf.ok) {
    io.err(`plenary: ${pdf.error}`);
    return 1;
  }
  try {
    writeFileSync(options.out, pdf.value);
  } catch (e) {
    io.err(`plenary: cannot write ${options.out}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  io.out(`${options.out}: ${pdf.value.length} bytes`);
  return 0;
}

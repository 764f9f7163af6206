/**
 * `plenary verify FILE`: standalone, no network, no data directory. Reads a dossier, verifies
 * every hash, signature and rule, and prints the treaty's state in words (or JSON). Exit codes:
 * 0 verified, 1 not verified or unreadable, 2 bad usage (the CLI's).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { dayOfMillis, parseDay, type Day } from '../core/acts/day.js';
import { verifyDossier, type DossierVerification } from '../core/dossier/index.js';
import { createNativeEd25519 } from '../node/native-ed25519.js';
import { UsageError } from './args.js';
import { describeFailure, describeReport, reportJson } from './verify-report.js';

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** A dossier holds a few texts and their Yjs states: 1 GiB is far beyond any real one. */
const MAX_DOSSIER_FILE_BYTES = 1024 * 1024 * 1024;

/** `--as-of YYYY-MM-DD`, or today (UTC): the day against which "in force" is judged. */
export function parseAsOf(text: string | undefined, now = Date.now()): Day {
  if (text === undefined) return dayOfMillis(now);
  const day = parseDay(text);
  if (day === undefined) throw new UsageError(`--as-of must be a date such as 2025-10-31, not ${JSON.stringify(text)}`);
  return day;
}

/** The file's bytes, or a sentence saying why not. */
export function readDossierFile(file: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { ok: false, error: `${file} is not a file` };
    if (stat.size > MAX_DOSSIER_FILE_BYTES) return { ok: false, error: `${file} is ${stat.size} bytes, more than any dossier (1 GiB)` };
    return { ok: true, bytes: new Uint8Array(readFileSync(file)) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message : String(e);
    return { ok: false, error: `cannot read ${file}: ${why}` };
  }
}

export type FileVerification = { readonly ok: false; readonly unreadable: string } | (DossierVerification & { readonly size: number });

/** Reads the file and verifies it as a dossier, judging "in force" as of `asOf`. */
export function verifyFile(file: string, asOf: Day): FileVerification {
  const read = readDossierFile(file);
  if (!read.ok) return { ok: false, unreadable: read.error };
  return { ...verifyDossier(read.bytes, createNativeEd25519(), { asOf }), size: read.bytes.length };
}

export function runVerify(file: string, options: { readonly json: boolean; readonly asOf: Day }, io: Io): number {
  const result = verifyFile(file, options.asOf);
  if ('unreadable' in result) {
    io.err(`plenary: ${result.unreadable}`);
    return 1;
  }
  if (options.json) {
    io.out(JSON.stringify(result.ok ? reportJson(result.report) : { ok: false, ...result.failure }, null, 2));
    return result.ok ? 0 : 1;
  }
  const lines = result.ok ? describeReport(result.report, { name: basename(file), bytes: result.size }) : describeFailure(result.failure, basename(file));
  for (const line of lines) io.out(line);
  return result.ok ? 0 : 1;
}

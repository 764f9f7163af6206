/** The exported record as a file: its name and its JSON (pure; the tab does the download). */
import type { ExportView } from '../../../../node/api.js';
import { slug } from '../../common/format.js';

export function exportFileName(title: string, height: number, at: Date): string {
  const day = at.toISOString().slice(0, 10);
  return `plenary-${slug(title)}-height-${height}-${day}.json`;
}

/** The node's export with a short header saying what it is; formatted for a person to open. */
export function exportJson(record: ExportView, title: string, exportedAt: number): string {
  return `${JSON.stringify({ format: 'plenary-ledger-export/v1', title, exportedAt: new Date(exportedAt).toISOString(), ...record }, null, 2)}\n`;
}

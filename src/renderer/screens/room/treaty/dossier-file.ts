/** The dossier as a file: its name and its bytes from the node's base64 (pure; the tab does the download). */
import { slug } from '../../common/format.js';

/** "<title>-<height>.plenary", e.g. "pacific-albatross-agreement-3.plenary". */
export function dossierFileName(title: string, height: number): string {
  return `${slug(title)}-${height}.plenary`;
}

/** The bytes of standard base64, or null if it is not base64 (never throws). */
export function bytesFromBase64(base64: string): Uint8Array | null {
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return null;
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** "12,345 bytes" in the reader's grouping, "1.2 MB" beyond a megabyte. */
export function sizeInWords(bytes: number): string {
  if (bytes < 1_000_000) return `${bytes.toLocaleString('en')} ${bytes === 1 ? 'byte' : 'bytes'}`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * The text an uncompressed PDF from pdfkit shows, one line per TJ operator, read the way a PDF
 * reader's copy and paste does: an embedded font's glyph ids through its ToUnicode CMap, a
 * standard font's bytes as WinAnsi (Latin-1 for the ASCII we put there).
 *
 * Spaces are dropped: pdfkit turns the spaces of a justified line into offsets, so a test
 * compares words with their spaces removed (`shown`).
 */
interface PdfObject {
  readonly dict: string;
  readonly stream?: string;
}

/** Every `N 0 obj`, streams skipped by their /Length so font bytes cannot be misread. */
function objectsOf(pdf: string): Map<number, PdfObject> {
  const objects = new Map<number, PdfObject>();
  const start = /(\d+) 0 obj\s/g;
  let match: RegExpExecArray | null;
  while ((match = start.exec(pdf)) !== null) {
    const bodyAt = match.index + match[0].length;
    const end = pdf.indexOf('endobj', bodyAt);
    const streamAt = pdf.indexOf('stream\n', bodyAt);
    if (streamAt !== -1 && streamAt < end) {
      const dict = pdf.slice(bodyAt, streamAt);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      if (!Number.isFinite(length)) throw new Error(`object ${match[1]}: a stream without a direct /Length`);
      const data = streamAt + 'stream\n'.length;
      objects.set(Number(match[1]), { dict, stream: pdf.slice(data, data + length) });
      start.lastIndex = pdf.indexOf('endobj', data + length);
    } else {
      objects.set(Number(match[1]), { dict: pdf.slice(bodyAt, end) });
      start.lastIndex = end;
    }
  }
  return objects;
}

/** pdfkit's ToUnicode: `<first> <last> [<u> <u u> ...]` ranges of glyph ids to UTF-16. */
function toUnicodeOf(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const range of cmap.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
    const first = parseInt(range[1]!, 16);
    [...range[3]!.matchAll(/<([0-9a-f ]*)>/gi)].forEach((entry, i) => {
      const units = entry[1]!.split(' ').filter(Boolean).map((h) => parseInt(h, 16));
      map.set(first + i, String.fromCharCode(...units));
    });
  }
  return map;
}

export function pdfText(bytes: Uint8Array): string {
  const pdf = Buffer.from(bytes).toString('latin1');
  const objects = objectsOf(pdf);
  // Font resource names (/F1 ...) are unique in a pdfkit document: one map for every page.
  const fonts = new Map<string, Map<number, string> | 'standard'>();
  for (const { dict } of objects.values()) {
    for (const fontDict of dict.matchAll(/\/Font <<([^>]*)>>/g)) {
      for (const ref of fontDict[1]!.matchAll(/\/(\w+) (\d+) 0 R/g)) {
        const font = objects.get(Number(ref[2]));
        const toUnicode = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict);
        fonts.set(ref[1]!, toUnicode ? toUnicodeOf(objects.get(Number(toUnicode[1]))?.stream ?? '') : 'standard');
      }
    }
  }
  const lines: string[] = [];
  for (const { stream } of objects.values()) {
    if (stream === undefined) continue;
    let font: Map<number, string> | 'standard' | undefined;
    for (const op of stream.matchAll(/\/(\w+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (op[1] !== undefined) {
        font = fonts.get(op[1]);
        continue;
      }
      const current = font;
      if (current === undefined) throw new Error('a TJ before any font');
      const hexes = [...op[2]!.matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]!);
      lines.push(
        hexes
          .map((hex) =>
            current === 'standard'
              ? Buffer.from(hex, 'hex').toString('latin1')
              : (hex.match(/.{4}/g) ?? []).map((gid) => current.get(parseInt(gid, 16)) ?? '\uFFFD').join(''),
          )
          .join(''),
      );
    }
  }
  return lines.join('\n').replace(/ /g, '');
}

/** Words as pdfText shows them. */
export const shown = (text: string): string => text.replace(/ /g, '');

/** pdfText's lines run together, for sentences a line break may cut. */
export const flat = (text: string): string => text.replace(/\n/g, '');

/**
 * Small, pure formatting helpers shared by the screens: hashes in readable groups, counts in
 * words, dates in the reader's locale.
 */

/** Splits hex into groups of `size` (4 by default) separated by spaces, for reading aloud or comparing by eye. */
export function groupHex(hex: string, size = 4): string {
  const groups: string[] = [];
  for (let i = 0; i < hex.length; i += size) groups.push(hex.slice(i, i + size));
  return groups.join(' ');
}

/** The first and last characters of a long hex value, e.g. "d04c2027…0f57". */
export function shortHex(hex: string, head = 8, tail = 4): string {
  return hex.length <= head + tail + 1 ? hex : `${hex.slice(0, head)}…${hex.slice(-tail)}`;
}

/** "1 party", "3 parties". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Names joined as a diplomat would write them: "A", "A and B", "A, B and C". */
export function listInWords(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A date and time in the reader's locale and time zone. */
export function formatWhen(ms: number): string {
  return WHEN.format(new Date(ms));
}

/** A file-name-safe slug of a title: "Pacific Albatross Agreement" -> "pacific-albatross-agreement". */
export function slug(text: string, max = 60): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (s.slice(0, max).replace(/-+$/, '') || 'negotiation');
}

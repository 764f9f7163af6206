/**
 * Legal dates are days: a treaty is signed "on 12 December 2015", enters into force "on the
 * thirtieth day after". A Day counts days since 1970-01-01 (UTC) as a u32 (day 0 is 1970-01-01).
 * The core has no clock: a party declares the date of its act, and the node passes "today".
 * Civil conversions are integer-only (H. Hinnant's days_from_civil / civil_from_days).
 */
export type Day = number;

export const MAX_DAY = 0xffffffff;

export interface CivilDate {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  /** 1..31 */
  readonly day: number;
}

export const isDay = (value: unknown): value is Day =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_DAY;

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** The Day of a civil date, or undefined for a date that does not exist or lies before 1970. */
export function dayOf(date: CivilDate): Day | undefined {
  const { year, month, day } = date;
  if (![year, month, day].every(Number.isInteger)) return undefined;
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilOf(d: Day): CivilDate {
  const z = d + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** ISO 8601: 2016-11-04. */
export function formatDay(d: Day): string {
  const c = civilOf(d);
  return `${pad(c.year, 4)}-${pad(c.month, 2)}-${pad(c.day, 2)}`;
}

/** Parses YYYY-MM-DD; undefined for anything else or a date that does not exist. */
export function parseDay(text: string): Day | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  return dayOf({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
}

/** The Day (UTC) of a time in milliseconds since the epoch, e.g. a block's proposedAt. */
export function dayOfMillis(ms: number): Day {
  return Math.floor(ms / 86_400_000);
}

/**
 * "On the n-th day after" d: d + n. Paris Agreement art. 21(1): conditions met on 5 October 2016,
 * "on the thirtieth day after" is 4 November 2016 = 5 October + 30. n = 0 means on the day itself.
 */
export function daysAfter(d: Day, n: number): Day {
  return Math.min(d + n, MAX_DAY);
}

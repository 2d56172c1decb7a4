/** A parsed event timestamp: the normalized text and the exact instant in microseconds. */
export interface EventTimestamp {
  /** UTC, always six fraction digits: `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  iso: string;
  /** Integer microseconds since 1970-01-01T00:00:00Z (negative before it). */
  micros: number;
}

/** Thrown by {@link formatMicros} and {@link microsFromDate} for an instant that is not representable. */
export class TimestampRangeError extends RangeError {
  override readonly name = 'TimestampRangeError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const MICROS_PER_SECOND = 1_000_000;
const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;

/**
 * Earliest accepted event instant, 1700-01-01T00:00:00Z, in microseconds.
 *
 * The range 1700..2200 keeps every instant an exact JavaScript integer (|micros| < 2^53, which
 * allows only about ±285 years around 1970) with room to spare on both sides.
 */
export const MIN_EVENT_TIMESTAMP_MICROS = Date.UTC(1700, 0, 1) * 1000;

/** Latest accepted event instant, 2200-12-31T23:59:59.999999Z, in microseconds. */
export const MAX_EVENT_TIMESTAMP_MICROS = Date.UTC(2201, 0, 1) * 1000 - 1;

/**
 * The syntax {@link parseEventTimestamp} accepts, as a regular expression (also used as the JSON
 * Schema `pattern`). Syntax only: calendar validity and the accepted range are checked in code.
 */
export const EVENT_TIMESTAMP_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * Parses an RFC 3339 / ISO 8601 date-time as applications send it.
 *
 * Accepted: `YYYY-MM-DD`, then `T`, `t` or a space, then `HH:MM`, optionally `:SS`, optionally a
 * fraction of 1 to 9 digits, then an offset `Z`/`z`, `+hh:mm`, `-hh:mm`, `+hhmm`, `+hh` or none
 * (none means UTC). Microseconds are kept exactly; further digits are truncated, never rounded.
 * The date must exist (no February 30, hour 24 or leap second `:60`) and the instant must lie
 * between {@link MIN_EVENT_TIMESTAMP_MICROS} and {@link MAX_EVENT_TIMESTAMP_MICROS}.
 *
 * @returns the normalized timestamp, or `null` when `text` is not such a date-time.
 * @example parseEventTimestamp('2021-01-01 09:15:27.243860') // { iso: '2021-01-01T09:15:27.243860Z', micros: 1609492527243860 }
 */
export function parseEventTimestamp(text: string): EventTimestamp | null {
  const match = EVENT_TIMESTAMP_PATTERN.exec(text);
  if (match === null) return null;
  const [
    ,
    yearText,
    monthText,
    dayText,
    hourText,
    minuteText,
    secondText,
    fractionText,
    sign,
    offsetHourText,
    offsetMinuteText,
  ] = match;
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText ?? '0');
  const offsetHour = Number(offsetHourText ?? '0');
  const offsetMinute = Number(offsetMinuteText ?? '0');
  // Date.UTC maps years 0..99 to 1900..1999, so rule them out (and other far years) first.
  if (year < 1000) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || offsetHour > 23 || offsetMinute > 59) return null;

  const fractionMicros = Number((fractionText ?? '').padEnd(6, '0').slice(0, 6));
  const offsetMicros = (sign === '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute) * MICROS_PER_MINUTE;
  const micros = Date.UTC(year, month - 1, day, hour, minute, second) * 1000 + fractionMicros - offsetMicros;
  if (micros < MIN_EVENT_TIMESTAMP_MICROS || micros > MAX_EVENT_TIMESTAMP_MICROS) return null;
  return { iso: formatMicros(micros), micros };
}

/**
 * Formats microseconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SS.ffffffZ`; the inverse of
 * {@link parseEventTimestamp}'s `micros`.
 *
 * @throws {@link TimestampRangeError} when `micros` is not a safe integer.
 */
export function formatMicros(micros: number): string {
  if (!Number.isSafeInteger(micros)) {
    throw new TimestampRangeError(`cannot format ${micros} microseconds: not a safe integer`);
  }
  // `%` on integers is exact; floor the seconds so instants before 1970 format correctly.
  const fraction = ((micros % MICROS_PER_SECOND) + MICROS_PER_SECOND) % MICROS_PER_SECOND;
  const wholeSeconds = (micros - fraction) / MICROS_PER_SECOND;
  const secondsText = new Date(wholeSeconds * 1000).toISOString().slice(0, 19);
  return `${secondsText}.${String(fraction).padStart(6, '0')}Z`;
}

/**
 * Microseconds since the Unix epoch for a `Date` (which holds whole milliseconds).
 *
 * @throws {@link TimestampRangeError} for an invalid `Date`.
 */
export function microsFromDate(date: Date): number {
  const millis = date.getTime();
  const micros = millis * 1000;
  if (!Number.isSafeInteger(micros)) {
    throw new TimestampRangeError(`cannot convert ${String(date)} to microseconds`);
  }
  return micros;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

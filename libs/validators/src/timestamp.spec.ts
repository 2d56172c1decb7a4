import {
  formatMicros,
  MAX_EVENT_TIMESTAMP_MICROS,
  microsFromDate,
  MIN_EVENT_TIMESTAMP_MICROS,
  parseEventTimestamp,
  TimestampRangeError,
} from './timestamp';

describe('parseEventTimestamp', () => {
  it('keeps microseconds exactly and reads no offset as UTC (the contract example)', () => {
    expect(parseEventTimestamp('2021-01-01 09:15:27.243860')).toEqual({
      iso: '2021-01-01T09:15:27.243860Z',
      micros: 1_609_492_527_243_860,
    });
  });

  it.each([
    ['2021-01-01T09:15:27.243860Z', '2021-01-01T09:15:27.243860Z'],
    ['2021-01-01t09:15:27.243860z', '2021-01-01T09:15:27.243860Z'],
    ['2021-01-01T10:15:27.243860+01:00', '2021-01-01T09:15:27.243860Z'],
    ['2021-01-01T07:45:27.243860-0130', '2021-01-01T09:15:27.243860Z'],
    ['2021-01-01T14:15:27.243860+05', '2021-01-01T09:15:27.243860Z'],
    ['2021-01-01T09:15:27.243860-00:00', '2021-01-01T09:15:27.243860Z'],
    ['2021-01-01T00:30:00+01:00', '2020-12-31T23:30:00.000000Z'],
    ['2021-01-01T09:15', '2021-01-01T09:15:00.000000Z'],
    ['2021-01-01T09:15:27', '2021-01-01T09:15:27.000000Z'],
    ['2021-01-01T09:15:27.2', '2021-01-01T09:15:27.200000Z'],
    ['2021-01-01T09:15:27.123', '2021-01-01T09:15:27.123000Z'],
    ['2021-01-01T09:15:27.123456789', '2021-01-01T09:15:27.123456Z'],
    ['2021-01-01T09:15:27.999999999', '2021-01-01T09:15:27.999999Z'],
    ['2020-02-29T00:00:00Z', '2020-02-29T00:00:00.000000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000000Z'],
    ['1969-12-31T23:59:59.999999Z', '1969-12-31T23:59:59.999999Z'],
    ['1700-01-01T00:00:00Z', '1700-01-01T00:00:00.000000Z'],
    ['2200-12-31T23:59:59.999999Z', '2200-12-31T23:59:59.999999Z'],
  ])('normalizes %s to %s', (text, iso) => {
    expect(parseEventTimestamp(text)?.iso).toBe(iso);
  });

  it.each([
    ['February 30', '2021-02-30T00:00:00Z'],
    ['February 29 outside a leap year', '2021-02-29T00:00:00Z'],
    ['February 29 in 1900 (not a leap year)', '1900-02-29T00:00:00Z'],
    ['April 31', '2021-04-31T00:00:00Z'],
    ['month 13', '2021-13-01T00:00:00Z'],
    ['month 0', '2021-00-01T00:00:00Z'],
    ['day 0', '2021-01-00T00:00:00Z'],
    ['hour 24', '2021-01-01T24:00:00Z'],
    ['minute 60', '2021-01-01T23:60:00Z'],
    ['leap second', '2016-12-31T23:59:60Z'],
    ['offset hour 24', '2021-01-01T00:00:00+24:00'],
    ['offset minute 60', '2021-01-01T00:00:00+01:60'],
    ['10 fraction digits', '2021-01-01T09:15:27.1234567890'],
    ['an empty fraction', '2021-01-01T09:15:27.'],
    ['a date only', '2021-01-01'],
    ['one-digit month', '2021-1-01T00:00:00Z'],
    ['no separator', '2021-01-0109:15:27'],
    ['leading space', ' 2021-01-01T09:15:27Z'],
    ['trailing space', '2021-01-01T09:15:27Z '],
    ['a word', 'yesterday'],
    ['empty text', ''],
    ['a two-digit year', '0050-01-01T00:00:00Z'],
    ['just before the range', '1699-12-31T23:59:59.999999Z'],
    ['before the range after the offset', '1700-01-01T00:30:00+01:00'],
    ['just after the range', '2201-01-01T00:00:00Z'],
    ['unicode digits', '２０２１-01-01T00:00:00Z'],
  ])('rejects %s', (_why, text) => {
    expect(parseEventTimestamp(text)).toBeNull();
  });

  it('gives micros that order like the instants, whatever the offsets', () => {
    const inOrder = [
      '2021-01-01T09:00:00.000001+01:00',
      '2021-01-01 08:00:00.000002',
      '2021-01-01T03:30:00.000003-0430',
      '2021-01-01T08:00:00.1Z',
      '2021-01-01T08:00:01Z',
    ];
    const micros = inOrder.map((text) => parseEventTimestamp(text)?.micros ?? Number.NaN);
    expect([...micros].sort((a, b) => a - b)).toEqual(micros);
    expect(new Set(micros).size).toBe(micros.length);
  });

  it('accepts exactly the documented range', () => {
    expect(parseEventTimestamp('1700-01-01T00:00:00Z')?.micros).toBe(MIN_EVENT_TIMESTAMP_MICROS);
    expect(parseEventTimestamp('2200-12-31T23:59:59.999999Z')?.micros).toBe(MAX_EVENT_TIMESTAMP_MICROS);
    expect(Number.isSafeInteger(MIN_EVENT_TIMESTAMP_MICROS)).toBe(true);
    expect(Number.isSafeInteger(MAX_EVENT_TIMESTAMP_MICROS)).toBe(true);
  });
});

describe('formatMicros', () => {
  it.each([
    [0, '1970-01-01T00:00:00.000000Z'],
    [-1, '1969-12-31T23:59:59.999999Z'],
    [-1_000_000, '1969-12-31T23:59:59.000000Z'],
    [1_609_492_527_243_860, '2021-01-01T09:15:27.243860Z'],
  ])('formats %d as %s', (micros, iso) => {
    expect(formatMicros(micros)).toBe(iso);
  });

  it.each([[1.5], [Number.NaN], [Number.POSITIVE_INFINITY], [2 ** 53]])('refuses %d', (micros) => {
    expect(() => formatMicros(micros)).toThrow(TimestampRangeError);
  });
});

describe('microsFromDate', () => {
  it('converts whole milliseconds', () => {
    expect(microsFromDate(new Date('2021-01-01T09:15:27.243Z'))).toBe(1_609_492_527_243_000);
    expect(microsFromDate(new Date(-1))).toBe(-1000);
  });

  it('refuses an invalid date with a named error', () => {
    expect(() => microsFromDate(new Date(Number.NaN))).toThrow(
      expect.objectContaining({ name: 'TimestampRangeError' }),
    );
  });
});

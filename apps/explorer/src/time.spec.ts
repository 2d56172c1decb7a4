import { formatDuration, formatSpanDuration, fromLocalInput, parseMicros, presetWindow, toLocalInput } from './time';

describe('parseMicros', () => {
  it('keeps microseconds exactly and honours offsets', () => {
    expect(parseMicros('2021-01-01T09:15:27.243860Z')).toBe(1_609_492_527_243_860);
    expect(parseMicros('2021-01-01T10:15:27.243861+01:00')).toBe(1_609_492_527_243_861);
    expect(parseMicros('2021-01-01T09:15:27Z')).toBe(1_609_492_527_000_000);
    expect(parseMicros('2021-01-01T09:15:27.5Z')).toBe(1_609_492_527_500_000);
  });

  it('is NaN for anything else', () => {
    expect(parseMicros('yesterday')).toBeNaN();
    expect(parseMicros('2021-01-01 09:15:27')).toBeNaN();
  });
});

describe('local inputs', () => {
  it('round-trip a UTC time through the local datetime-local value', () => {
    const iso = '2026-03-29T01:30:15.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(toLocalInput(undefined)).toBe('');
    expect(toLocalInput('nonsense')).toBe('');
  });

  it('read minutes-only values, and refuse what is not a local date-time', () => {
    const local = toLocalInput('2026-03-29T01:30:00.000Z').slice(0, 16);
    expect(fromLocalInput(local)).toBe('2026-03-29T01:30:00.000Z');
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('2026-13-45T99:00')).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0.000 s'],
    [251_000, '0.251 s'],
    [12_040_000, '12.0 s'],
    [123_000_000, '2 min 03 s'],
    [3_900_000_000, '1 h 05 min'],
    [(3 * 86_400 + 4 * 3600) * 1e6, '3 d 4 h'],
    [-1_500_000, '−1.500 s'],
  ])('%d µs is %s', (micros, text) => {
    expect(formatDuration(micros)).toBe(text);
  });
});

describe('presetWindow', () => {
  it('ends at the next whole minute and spans the preset', () => {
    expect(presetWindow('1h', Date.parse('2026-12-02T14:47:20.500Z'))).toEqual({ from: '2026-12-02T13:48:00.000Z', to: '2026-12-02T14:48:00.000Z' });
    expect(presetWindow('15m', Date.parse('2026-12-02T14:47:00.000Z'))).toEqual({ from: '2026-12-02T14:32:00.000Z', to: '2026-12-02T14:47:00.000Z' });
  });
});

describe('formatSpanDuration', () => {
  it('shows microseconds and milliseconds below a second', () => {
    expect([193, 51_339, 2_500_000].map(formatSpanDuration)).toEqual(['193 µs', '51.3 ms', '2.500 s']);
  });
});

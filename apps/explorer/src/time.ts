/**
 * Times as the explorer shows and keeps them: the API speaks RFC 3339 UTC with microseconds;
 * people read local time; the URL keeps UTC so a shared link means the same instant anywhere.
 */

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/** Microseconds since the epoch of an RFC 3339 time (exact to the microsecond), or `NaN`. */
export function parseMicros(iso: string): number {
  const match = RFC3339.exec(iso);
  if (!match) return Number.NaN;
  const seconds = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(seconds)) return Number.NaN;
  const fraction = Number((match[2] ?? '').padEnd(6, '0').slice(0, 6));
  return seconds * 1000 + fraction;
}

const LOCAL = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
});

/** A time as local date and time to the millisecond, e.g. `02/12/2026, 15:04:05.123` (the reader's locale). */
export function formatLocal(iso: string): string {
  const micros = parseMicros(iso);
  return Number.isNaN(micros) ? iso : LOCAL.format(new Date(Math.floor(micros / 1000)));
}

/** The reader's time zone, e.g. `Europe/Paris`. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A UTC time as the value of an `<input type="datetime-local">` (local time, to the second). */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const micros = parseMicros(iso);
  if (Number.isNaN(micros)) return '';
  const d = new Date(Math.floor(micros / 1000));
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The value of an `<input type="datetime-local">` (local time) as RFC 3339 UTC; `undefined` when empty or unreadable. */
export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * A span of time for people: `0.251 s`, `12.0 s`, `2 min 03 s`, `1 h 05 min`, `3 d 4 h`.
 * Negative spans (events out of order) keep their sign.
 */
export function formatDuration(micros: number): string {
  if (!Number.isFinite(micros)) return '–';
  const sign = micros < 0 ? '−' : '';
  const us = Math.abs(micros);
  const seconds = us / 1e6;
  if (seconds < 10) return `${sign}${seconds.toFixed(3)} s`;
  if (seconds < 60) return `${sign}${seconds.toFixed(1)} s`;
  const whole = Math.floor(seconds);
  if (whole < 3600) return `${sign}${Math.floor(whole / 60)} min ${pad(whole % 60)} s`;
  if (whole < 86_400) return `${sign}${Math.floor(whole / 3600)} h ${pad(Math.floor((whole % 3600) / 60))} min`;
  return `${sign}${Math.floor(whole / 86_400)} d ${Math.floor((whole % 86_400) / 3600)} h`;
}

/** A span's length, fine-grained below a second: `850 µs`, `51.3 ms`, then as {@link formatDuration}. */
export function formatSpanDuration(micros: number): string {
  if (micros < 1_000) return `${Math.round(micros)} µs`;
  if (micros < 1_000_000) return `${(micros / 1_000).toFixed(1)} ms`;
  return formatDuration(micros);
}

/** The window presets of the stats view, in minutes. */
export const WINDOW_PRESETS = [
  { id: '15m', label: 'Last 15 minutes', minutes: 15 },
  { id: '1h', label: 'Last hour', minutes: 60 },
  { id: '6h', label: 'Last 6 hours', minutes: 360 },
  { id: '24h', label: 'Last 24 hours', minutes: 1440 },
] as const;

export type WindowPresetId = (typeof WINDOW_PRESETS)[number]['id'];

/** The `from`/`to` (RFC 3339 UTC) of a preset window ending at `nowMs`, rounded down to the minute. */
export function presetWindow(id: WindowPresetId, nowMs: number): { from: string; to: string } {
  const preset = WINDOW_PRESETS.find((p) => p.id === id) ?? WINDOW_PRESETS[3];
  // The end is the next whole minute, so the last (current) minute is inside the window.
  const end = Math.ceil(nowMs / 60_000) * 60_000;
  return { from: new Date(end - preset.minutes * 60_000).toISOString(), to: new Date(end).toISOString() };
}

/** One sample line of the Prometheus text format: `name{label="value",...} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** One metric family: its `# TYPE`, `# HELP` and samples (`_bucket`, `_sum`, `_count` included). */
export interface Family {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

/** The text did not follow the exposition format; `line` is 1-based. */
export class PrometheusTextError extends Error {
  override readonly name = 'PrometheusTextError';
  constructor(message: string, readonly line: number) {
    super(`line ${line}: ${message}`);
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"\s*(?:,|$)/y;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

function unescape(value: string): string {
  return value.replace(/\\(["\\n])/g, (_, char: string) => (char === 'n' ? '\n' : char));
}

/** Prometheus reads values with Go's ParseFloat: `+Inf`, `-Inf` and `NaN` in any case (prom-client writes `Nan`). */
function parseValue(text: string, line: number): number {
  const special = text.toLowerCase();
  if (special === '+inf' || special === 'inf') return Infinity;
  if (special === '-inf') return -Infinity;
  if (special === 'nan') return NaN;
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new PrometheusTextError(`not a sample value: ${text}`, line);
  return value;
}

function parseSample(text: string, line: number): Sample {
  const nameEnd = text.search(/[{\s]/);
  const name = nameEnd === -1 ? text : text.slice(0, nameEnd);
  if (!METRIC_NAME.test(name)) throw new PrometheusTextError(`not a metric name: ${name}`, line);
  const labels: Record<string, string> = {};
  let rest = text.slice(name.length);
  if (rest.startsWith('{')) {
    const close = rest.lastIndexOf('}');
    if (close === -1) throw new PrometheusTextError('unclosed label set', line);
    const body = rest.slice(1, close);
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < body.length) {
      const match = LABEL.exec(body);
      if (!match) throw new PrometheusTextError(`bad label set: {${body}}`, line);
      if (match[1] in labels) throw new PrometheusTextError(`label ${match[1]} given twice`, line);
      labels[match[1]] = unescape(match[2]);
    }
    rest = rest.slice(close + 1);
  }
  const [valueText, timestamp, ...extra] = rest.trim().split(/\s+/);
  if (extra.length > 0 || (timestamp !== undefined && !/^-?\d+$/.test(timestamp))) {
    throw new PrometheusTextError(`trailing text: ${rest}`, line);
  }
  return { name, labels, value: parseValue(valueText ?? '', line) };
}

/** The family a sample belongs to: its own name, or the name less a histogram/summary suffix. */
function familyOf(sample: string, families: Map<string, Family>): Family | undefined {
  const exact = families.get(sample);
  if (exact && !SUFFIXES[exact.type]) return exact;
  for (const family of families.values()) {
    const suffixes = SUFFIXES[family.type];
    if (suffixes?.some((suffix) => sample === `${family.name}${suffix}`)) return family;
  }
  return undefined;
}

/**
 * Parses the Prometheus text exposition format (version 0.0.4) strictly: every sample must follow
 * a `# TYPE` for its family, names and labels must be well-formed, values numbers, and each
 * histogram series' buckets cumulative with `le="+Inf"` equal to its `_count`.
 */
export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(raw);
    if (meta) {
      const [, kind, name, rest = ''] = meta;
      if (!METRIC_NAME.test(name)) throw new PrometheusTextError(`not a metric name: ${name}`, line);
      const family = families.get(name) ?? { name, type: 'untyped', help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new PrometheusTextError(`unknown type: ${rest}`, line);
        if (family.samples.length > 0) throw new PrometheusTextError(`TYPE of ${name} after its samples`, line);
        family.type = rest;
      } else {
        family.help = rest;
      }
      families.set(name, family);
      return;
    }
    if (raw.startsWith('#')) return;
    const sample = parseSample(raw, line);
    const family = familyOf(sample.name, families);
    if (!family) throw new PrometheusTextError(`sample ${sample.name} without a # TYPE`, line);
    family.samples.push(sample);
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function seriesKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).filter(([name]) => name !== 'le').sort(([a], [b]) => a.localeCompare(b)));
}

function checkHistogram(family: Family): void {
  const buckets = new Map<string, Sample[]>();
  for (const sample of family.samples.filter((s) => s.name === `${family.name}_bucket`)) {
    const key = seriesKey(sample.labels);
    buckets.set(key, [...(buckets.get(key) ?? []), sample]);
  }
  for (const [key, series] of buckets) {
    const sorted = [...series].sort((a, b) => parseValue(a.labels['le'] ?? '', 0) - parseValue(b.labels['le'] ?? '', 0));
    sorted.reduce((previous, bucket) => {
      if (bucket.value < previous) throw new PrometheusTextError(`${family.name} buckets not cumulative for ${key}`, 0);
      return bucket.value;
    }, 0);
    const inf = sorted.at(-1);
    const count = family.samples.find((s) => s.name === `${family.name}_count` && seriesKey(s.labels) === key);
    if (inf?.labels['le'] !== '+Inf' || count?.value !== inf.value) {
      throw new PrometheusTextError(`${family.name}: the +Inf bucket and _count differ for ${key}`, 0);
    }
  }
}

/**
 * The sum of the samples named `name` whose labels include `labels`; 0 when none matches (a
 * labelled counter not yet incremented has no sample at all).
 */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name === name && Object.entries(labels).every(([label, value]) => sample.labels[label] === value)) total += sample.value;
    }
  }
  return total;
}

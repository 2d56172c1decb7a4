/** The `p`-th percentile (0..100) of `values` by nearest rank; 0 for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** Rounded for reports: 3 significant digits at most, never in exponent form. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return Number(value.toFixed(digits));
}

/** `ours / baseline`, rounded; 0 when there is no baseline. */
export function ratio(ours: number, baseline: number): number {
  return baseline > 0 ? Number((ours / baseline).toFixed(2)) : 0;
}

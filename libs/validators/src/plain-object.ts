/**
 * True for objects as `JSON.parse` makes them (prototype `Object.prototype` or `null`); false for
 * arrays, dates, maps and other class instances.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

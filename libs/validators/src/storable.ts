import { issueAt, type Issue } from './issues';
import { isPlainObject } from './plain-object';

/** Deepest nesting of objects and arrays allowed in `data`, `data` itself being level 1. */
export const MAX_DATA_DEPTH = 32;

/** A UTF-16 surrogate without its pair: it has no UTF-8 form, so it cannot be stored as sent. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` holds a UTF-16 surrogate without its pair (JSON can carry one, UTF-8 cannot). */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** Why a key of `data` cannot be stored faithfully, or undefined when it can. */
function keyProblem(key: string): string | undefined {
  if (key === '_bsontype') return 'is a key the database driver reserves (_bsontype)';
  if (key.startsWith('$')) return 'is a key that starts with "$"';
  if (key.includes('.')) return 'is a key that contains "."';
  if (key.includes('\u0000')) return 'is a key that contains a NUL character';
  if (LONE_SURROGATE.test(key)) return 'is a key with an unpaired UTF-16 surrogate';
  return undefined;
}

/** Why a value cannot be stored faithfully, or undefined when it can (containers are walked apart). */
function valueProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && LONE_SURROGATE.test(value)) return 'contains an unpaired UTF-16 surrogate';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'is a number too large to store';
  return undefined;
}

/**
 * Issues for what in `data` the database could not store exactly as sent: keys that are
 * `_bsontype`, start with `$`, contain `.` or NUL (`invalid_format`); unpaired surrogates in keys
 * or strings and numbers beyond a double (`invalid_format`); nesting deeper than
 * {@link MAX_DATA_DEPTH} levels (`too_deep`, once, at the first level too deep). Walks without
 * recursion, so any depth is safe to check.
 */
export function storabilityIssues(data: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  let tooDeep = false;
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: data, path: 'data', depth: 1 }];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop() as { value: unknown; path: string; depth: number };
    const entries = Array.isArray(value) ? Array.from(value, (item, index) => [String(index), item] as const) : isPlainObject(value) ? Object.entries(value) : undefined;
    if (entries === undefined) {
      const problem = valueProblem(value);
      if (problem) issues.push(issueAt(path, 'invalid_format', problem));
      continue;
    }
    if (depth > MAX_DATA_DEPTH) {
      if (!tooDeep) issues.push(issueAt(path, 'too_deep', `is nested more than ${MAX_DATA_DEPTH} levels deep`));
      tooDeep = true;
      continue;
    }
    for (const [key, child] of entries) {
      const childPath = `${path}.${key}`;
      if (!Array.isArray(value)) {
        const problem = keyProblem(key);
        if (problem) issues.push(issueAt(childPath, 'invalid_format', problem));
      }
      pending.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return issues.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

import type { z } from 'zod';
import { isIssueCode, issueAt, type Issue, type IssueCode } from './issues';

/**
 * Translates zod's issues for a value found at `prefix` (e.g. `data`) into contract issues.
 *
 * A missing key is `required`; a wrong type `invalid_type`; a string or number outside its
 * length or range, a pattern or literal mismatch `invalid_format` (`too_long` for over-long
 * strings and arrays); each unknown key is its own `unexpected_field`. A custom check may choose
 * the code with `params: { issueCode: '<code>' }`, else it is `invalid_format`.
 */
export function issuesFromZod(zodIssues: readonly z.core.$ZodIssue[], value: unknown, prefix: string): Issue[] {
  return zodIssues.flatMap((zodIssue) => {
    const path = zodIssue.path.map(String).reduce(join, prefix);
    if (zodIssue.code === 'unrecognized_keys') {
      return zodIssue.keys.map((key) =>
        issueAt(join(path, key), 'unexpected_field', 'is not a field of this event type'),
      );
    }
    if (zodIssue.path.length > 0 && !hasPath(value, zodIssue.path)) {
      return [issueAt(path, 'required', 'is required')];
    }
    return [issueAt(path, codeOf(zodIssue), phraseOf(zodIssue))];
  });
}

function codeOf(zodIssue: z.core.$ZodIssue): IssueCode {
  switch (zodIssue.code) {
    case 'invalid_type':
      return 'invalid_type';
    case 'invalid_union':
      return zodIssue.errors.every((branch) => branch.every((issue) => issue.code === 'invalid_type'))
        ? 'invalid_type'
        : 'invalid_format';
    case 'too_big':
      return zodIssue.origin === 'string' || zodIssue.origin === 'array' ? 'too_long' : 'invalid_format';
    case 'custom': {
      const chosen: unknown = zodIssue.params?.['issueCode'];
      return isIssueCode(chosen) ? chosen : 'invalid_format';
    }
    default:
      return 'invalid_format';
  }
}

function phraseOf(zodIssue: z.core.$ZodIssue): string {
  switch (zodIssue.code) {
    case 'invalid_type':
      return `must be ${withArticle(zodIssue.expected)}`;
    case 'too_big':
      return zodIssue.origin === 'string' ? `must be at most ${zodIssue.maximum} characters` : zodIssue.message;
    default:
      return zodIssue.message;
  }
}

function withArticle(expected: string): string {
  if (expected === 'null' || expected === 'undefined') return expected;
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** True when every step of `path` is an own property, so inherited names like `constructor` count as missing. */
function hasPath(value: unknown, path: readonly PropertyKey[]): boolean {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return false;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current !== undefined;
}

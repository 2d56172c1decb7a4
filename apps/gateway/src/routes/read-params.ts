import type { z } from 'zod';
import { HttpError } from '../http-errors';

/** One refused query parameter, as `details` of an `invalid_query` error. */
export interface ParameterProblem {
  path: string;
  message: string;
}

/**
 * Parses a request's query parameters with one of the contract's zod schemas. With the
 * 'simple' query parser every value is a string, an array when repeated, and `a[$ne]=x` arrives
 * as a key named `a[$ne]`: repeats and bracketed names are refused before the schema sees them,
 * so nothing but plain strings can reach a backend.
 *
 * @throws {@link HttpError} `invalid_query` naming each bad parameter.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const problems: ParameterProblem[] = [];
  const values = (query ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(values)) {
    if (/[[\]]/.test(name)) problems.push({ path: name, message: 'parameters cannot be objects or arrays' });
    else if (Array.isArray(value)) problems.push({ path: name, message: 'given more than once' });
  }
  if (problems.length === 0) {
    const result = schema.safeParse(values);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) problems.push({ path: key, message: 'unknown parameter' });
      } else {
        problems.push({ path: issue.path.join('.'), message: issue.message });
      }
    }
  }
  throw new HttpError('invalid_query', problems.map(({ path, message }) => `${path}: ${message}`).join('; '), problems);
}

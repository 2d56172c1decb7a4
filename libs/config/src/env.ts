import { z } from 'zod';

/** Thrown when the environment does not describe a runnable service; the message lists every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Parses a duration such as `90s`, `2m`, `7d`, `500ms` or a bare number of milliseconds. */
export const duration = z
  .string()
  .trim()
  .regex(/^\d+(ms|s|m|h|d)?$/, 'a duration such as 500ms, 30s, 2m, 1h or 7d')
  .transform((text) => {
    const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text);
    const amount = Number(match?.[1]);
    const unit = match?.[2] ?? 'ms';
    const factor = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit] ?? 1;
    return amount * factor;
  });

/** Parses a size such as `1mb`, `64kb`, `10gb` or a bare number of bytes (binary units). */
export const byteSize = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^\d+(b|kb|mb|gb)?$/, 'a size such as 64kb, 1mb or 10gb')
  .transform((text) => {
    const match = /^(\d+)(b|kb|mb|gb)?$/.exec(text);
    const amount = Number(match?.[1]);
    const unit = match?.[2] ?? 'b';
    const factor = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[unit] ?? 1;
    return amount * factor;
  });

export const port = z.coerce.number().int().min(0).max(65_535);
export const positiveInt = z.coerce.number().int().positive();
export const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** host:port with a numeric port, e.g. `127.0.0.1:50051`. */
export const address = z.string().regex(/^[^\s:,]+:\d+$/, 'host:port');

/**
 * One or more host:port addresses separated by commas, e.g. `127.0.0.1:50051,127.0.0.1:50061`:
 * IP addresses, or one DNS name (grpc-js resolves a name to all its addresses itself, but cannot
 * take a list of names).
 */
export const addressList = z
  .string()
  .transform((text) => text.split(',').map((entry) => entry.trim()).filter(Boolean))
  .pipe(
    z
      .array(address)
      .min(1, 'at least one host:port')
      .refine((list) => list.length === 1 || list.every((entry) => /^\d+\.\d+\.\d+\.\d+:\d+$/.test(entry)), {
        message: 'several addresses must all be IPv4 addresses (a DNS name must come alone: it resolves to every address it has)',
      }),
  );

/**
 * A set of partitions: `all`, or partition numbers and ranges such as `0,2,4-7`.
 * Returns `'all'` or the sorted distinct numbers.
 */
export const partitionSet = z
  .string()
  .trim()
  .regex(/^(all|\d+(-\d+)?(\s*,\s*\d+(-\d+)?)*)$/, '`all` or partition numbers and ranges such as 0,2,4-7')
  .transform((text): 'all' | number[] => {
    if (text === 'all') return 'all';
    const chosen = new Set<number>();
    for (const part of text.split(',')) {
      const [from, to = from] = part.trim().split('-').map(Number);
      for (let partition = from ?? 0; partition <= (to ?? 0); partition++) chosen.add(partition);
    }
    return [...chosen].sort((a, b) => a - b);
  });

/**
 * Parses `env` with `schema` once and returns a frozen, fully defaulted object.
 * Every problem is reported in one {@link ConfigError}, naming the variable.
 */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): Readonly<z.output<T>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`, { cause: result.error });
  }
  return Object.freeze(result.data);
}

import { cliEnv, parseEnv, type CliConfig } from '@eye/config';

let parsed: CliConfig | undefined;

/** The CLI's environment (`EYE_MONGO_URL`, `EYE_URL`, `EYE_TOKEN`, `EYE_CLOCK_SKEW`), parsed once, when first needed. */
export function cliConfig(): CliConfig {
  parsed ??= parseEnv(cliEnv, process.env);
  return parsed;
}

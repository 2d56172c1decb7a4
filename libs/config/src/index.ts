/**
 * One zod schema of the environment per service, parsed once at startup into a frozen object.
 * Nothing else in The Eye reads `process.env`.
 */
export { ConfigError, parseEnv, duration, byteSize, addressList, partitionSet } from './env';
export {
  gatewayEnv,
  ingestEnv,
  validatorEnv,
  queryEnv,
  cliEnv,
  MAX_BODY_LIMIT_BYTES,
  consumedPartitions,
  type GatewayConfig,
  type IngestConfig,
  type ValidatorConfig,
  type QueryConfig,
  type CliConfig,
} from './services';

/** The Eye's version, reported by every service (OpenTelemetry `service.version`, logs). */
export const EYE_VERSION = '0.1.0';

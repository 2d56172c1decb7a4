// Loaded first by main.ts: OpenTelemetry must patch grpc and mongodb before they load.
import { EYE_VERSION } from '@eye/config';
import { startTelemetry } from '@eye/telemetry';

export const telemetry = startTelemetry({ serviceName: 'eye-query', serviceVersion: EYE_VERSION });

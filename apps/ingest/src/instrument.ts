// Loaded first by main.ts: OpenTelemetry must patch http, grpc and mongodb before they load.
import { EYE_VERSION } from '@eye/config';
import { startTelemetry } from '@eye/telemetry';

export const telemetry = startTelemetry({ serviceName: 'eye-ingest', serviceVersion: EYE_VERSION });

// Loaded first by main.ts: OpenTelemetry must patch http, express and grpc before they load.
import { EYE_VERSION } from '@eye/config';
import { startTelemetry } from '@eye/telemetry';

export const telemetry = startTelemetry({ serviceName: 'eye-gateway', serviceVersion: EYE_VERSION });

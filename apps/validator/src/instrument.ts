// Loaded first by main.ts: OpenTelemetry must patch mongodb before it loads.
import { EYE_VERSION } from '@eye/config';
import { startTelemetry } from '@eye/telemetry';

export const telemetry = startTelemetry({ serviceName: 'eye-validator', serviceVersion: EYE_VERSION });

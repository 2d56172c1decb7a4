import { DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

/** The JetStream stream that queues accepted events between ingest and the validators. */
export interface StreamSettings {
  name: string;
  subject: string;
  maxAgeMs: number;
  maxBytes: number;
  duplicateWindowMs: number;
  replicas: number;
}

/**
 * The stream's configuration: file storage; work-queue retention, so a message leaves the stream
 * once a validator acked it (after its MongoDB write); and `discard: new`, so a full stream
 * refuses new events (ingest answers 503) instead of silently dropping accepted ones.
 */
export function streamConfig(settings: StreamSettings): Partial<StreamConfig> & { name: string } {
  return {
    name: settings.name,
    subjects: [settings.subject],
    storage: StorageType.File,
    retention: RetentionPolicy.Workqueue,
    discard: DiscardPolicy.New,
    max_age: nanos(settings.maxAgeMs),
    max_bytes: settings.maxBytes,
    duplicate_window: nanos(settings.duplicateWindowMs),
    num_replicas: settings.replicas,
  };
}

/** Creates the stream, or updates it to the current settings; safe to call from every process. */
export async function ensureStream(jsm: JetStreamManager, settings: StreamSettings): Promise<void> {
  const config = streamConfig(settings);
  try {
    await jsm.streams.info(settings.name);
  } catch {
    try {
      await jsm.streams.add(config);
      return;
    } catch {
      // Another process created it in between; fall through to the update.
    }
  }
  const { name, retention: _retention, storage: _storage, ...updatable } = config;
  await jsm.streams.update(name, updatable);
}

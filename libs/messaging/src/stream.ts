import { DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig, type StreamInfo } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { StreamPartitionsError } from './errors';
import { partitionsIn, partitionSubjects } from './partitions';

/** The JetStream stream that queues accepted events between ingest and the validators. */
export interface StreamSettings {
  name: string;
  /** The subject prefix: partition `p` is the subject `<subject>.<p>`. */
  subject: string;
  /** How many partitions (subjects); 1 when omitted. */
  partitions?: number;
  maxAgeMs: number;
  maxBytes: number;
  duplicateWindowMs: number;
  replicas: number;
}

/**
 * The stream's configuration: one subject per partition; file storage; work-queue retention, so
 * a message leaves the stream once a validator acked it (after its MongoDB write); and
 * `discard: new`, so a full stream refuses new events (ingest answers 503) instead of silently
 * dropping accepted ones.
 */
export function streamConfig(settings: StreamSettings): Partial<StreamConfig> & { name: string } {
  return {
    name: settings.name,
    subjects: partitionSubjects(settings.subject, settings.partitions ?? 1),
    storage: StorageType.File,
    retention: RetentionPolicy.Workqueue,
    discard: DiscardPolicy.New,
    max_age: nanos(settings.maxAgeMs),
    max_bytes: settings.maxBytes,
    duplicate_window: nanos(settings.duplicateWindowMs),
    num_replicas: settings.replicas,
  };
}

/**
 * Creates the stream, or updates it to the current settings; safe to call from every process.
 *
 * The partition count of an existing stream changes only while the stream is empty (every
 * accepted event stored): then its subjects are replaced, and consumers of subjects it no longer
 * has are deleted (they hold nothing). While it holds messages, another partition count is
 * refused with {@link StreamPartitionsError}, because the sessions of the waiting events would
 * continue in other partitions, out of order. A stream from before partitions (its one subject is
 * the prefix itself) counts as a different partition count.
 */
export async function ensureStream(jsm: JetStreamManager, settings: StreamSettings): Promise<void> {
  const config = streamConfig(settings);
  let existing: StreamInfo | undefined;
  try {
    existing = await jsm.streams.info(settings.name);
  } catch {
    try {
      await jsm.streams.add(config);
      return;
    } catch {
      // Another process created it in between; fall through to the update.
      existing = await jsm.streams.info(settings.name);
    }
  }
  const wanted = config.subjects ?? [];
  const current = existing.config.subjects ?? [];
  const samePartitions = current.length === wanted.length && wanted.every((subject) => current.includes(subject));
  if (!samePartitions) {
    if (existing.state.messages > 0) {
      const had = partitionsIn(current, settings.subject);
      throw new StreamPartitionsError(
        `stream ${settings.name} has ${had === 0 ? `the subjects ${current.join(', ')}` : `${had} partition${had === 1 ? '' : 's'}`} and holds ` +
          `${existing.state.messages} unacknowledged message(s); EYE_PARTITIONS=${wanted.length} is refused while it does, because sessions ` +
          `would continue in other partitions out of order. To change the partition count: stop ingest, let the validators store ` +
          `everything (the stream empties), then restart every ingest and validator with the new EYE_PARTITIONS.`,
      );
    }
    await deleteConsumersOutside(jsm, settings.name, wanted);
  }
  const { name, retention: _retention, storage: _storage, ...updatable } = config;
  await jsm.streams.update(name, updatable);
}

/** Deletes the consumers of an (empty) stream whose filter is not one of `subjects`. */
async function deleteConsumersOutside(jsm: JetStreamManager, stream: string, subjects: readonly string[]): Promise<void> {
  for (const consumer of await jsm.consumers.list(stream).next()) {
    const filters = consumer.config.filter_subjects ?? (consumer.config.filter_subject ? [consumer.config.filter_subject] : []);
    if (filters.length === 0 || !filters.every((filter) => subjects.includes(filter))) {
      await jsm.consumers.delete(stream, consumer.name);
    }
  }
}

import { AckPolicy, DeliverPolicy, type Consumer, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { NatsLink } from './connection';
import { partitionConsumerName, partitionSubject } from './partitions';

export interface ConsumerSettings {
  stream: string;
  /** Durable name shared by every validator process consuming it: they split its work between them. */
  durable: string;
  /** The one subject it delivers (a partition's); the work-queue stream needs consumers that do not overlap. */
  filterSubject: string;
  ackWaitMs: number;
  maxAckPending: number;
}

/** What the consumers of a validator share; {@link partitionConsumers} makes one per partition from it. */
export interface PartitionConsumerOptions {
  stream: string;
  /** The stream's subject prefix. */
  subject: string;
  /** `EYE_CONSUMER_NAME`: partition `p` is consumed through the durable `<durable>-<p>`. */
  durable: string;
  ackWaitMs: number;
  maxAckPending: number;
}

/** The durable consumer of each of `partitions`: one per partition, filtered to its subject. */
export function partitionConsumers(options: PartitionConsumerOptions, partitions: readonly number[]): ConsumerSettings[] {
  return partitions.map((partition) => ({
    stream: options.stream,
    durable: partitionConsumerName(options.durable, partition),
    filterSubject: partitionSubject(options.subject, partition),
    ackWaitMs: options.ackWaitMs,
    maxAckPending: options.maxAckPending,
  }));
}

/** Creates a shared durable pull consumer, or updates it to the current settings. */
export async function ensureConsumer(jsm: JetStreamManager, settings: ConsumerSettings): Promise<void> {
  const config = {
    durable_name: settings.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: settings.filterSubject,
    ack_wait: nanos(settings.ackWaitMs),
    max_ack_pending: settings.maxAckPending,
  };
  try {
    await jsm.consumers.info(settings.stream, settings.durable);
    await jsm.consumers.update(settings.stream, settings.durable, { ack_wait: config.ack_wait, max_ack_pending: config.max_ack_pending });
  } catch {
    await jsm.consumers.add(settings.stream, config);
  }
}

/**
 * One pull of up to `max` messages, yielded one by one as they arrive: the iteration ends once
 * `max` arrived or `expiresMs` (at least 1 s) passed. Nothing more arrives after it ends, so a
 * reader that finishes the iteration has seen every message this pull delivered.
 */
export function pullMessages(consumer: Consumer, max: number, expiresMs: number): Promise<AsyncIterable<JsMsg>> {
  return consumer.fetch({ max_messages: max, expires: expiresMs });
}

/** A shared durable consumer, for pulling. */
export function getConsumer(link: NatsLink, settings: Pick<ConsumerSettings, 'stream' | 'durable'>): Promise<Consumer> {
  return link.js.consumers.get(settings.stream, settings.durable);
}

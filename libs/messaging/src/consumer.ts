import { AckPolicy, DeliverPolicy, type Consumer, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, nanos } from '@nats-io/transport-node';
import type { NatsLink } from './connection';
import { partitionConsumerName, partitionSubject } from './partitions';

export interface ConsumerSettings {
  stream: string;
  /** Durable name shared by every validator process consuming it: they split its work between them. */
  durable: string;
  /** The one subject it delivers (a partition's); the work-queue stream needs consumers that do not overlap. */
  filterSubject: string;
  /** How long a delivered message may go unacknowledged (without `working()`) before redelivery. */
  ackWaitMs: number;
  maxAckPending: number;
  /** Most deliveries of one message; the last one is the consumer's to settle for good. */
  maxDeliver: number;
}

/** What the consumers of a validator share; {@link partitionConsumers} makes one per partition from it. */
export interface PartitionConsumerOptions extends Omit<ConsumerSettings, 'filterSubject'> {
  /** The stream's subject prefix. */
  subject: string;
  /** `EYE_CONSUMER_NAME`: partition `p` is consumed through the durable `<durable>-<p>`. */
  durable: string;
}

/** Longest wait before a redelivery, however often a message was delivered. */
const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * The redelivery schedule: the ack wait, then twice as long each time (at most
 * {@link MAX_BACKOFF_MS}), one step per delivery but the last (JetStream wants fewer steps than
 * deliveries; the first step is the ack wait of a first delivery).
 */
export function redeliveryBackoffMs(ackWaitMs: number, maxDeliver: number): number[] {
  return Array.from({ length: Math.max(1, Math.min(maxDeliver - 1, 8)) }, (_, step) => Math.min(ackWaitMs * 2 ** step, Math.max(ackWaitMs, MAX_BACKOFF_MS)));
}

/** The durable consumer of each of `partitions`: one per partition, filtered to its subject. */
export function partitionConsumers(options: PartitionConsumerOptions, partitions: readonly number[]): ConsumerSettings[] {
  return partitions.map((partition) => ({
    stream: options.stream,
    durable: partitionConsumerName(options.durable, partition),
    filterSubject: partitionSubject(options.subject, partition),
    ackWaitMs: options.ackWaitMs,
    maxAckPending: options.maxAckPending,
    maxDeliver: options.maxDeliver,
  }));
}

/** Creates a shared durable pull consumer, or updates it to the current settings. */
export async function ensureConsumer(jsm: JetStreamManager, settings: ConsumerSettings): Promise<void> {
  const backoff = redeliveryBackoffMs(settings.ackWaitMs, settings.maxDeliver).map((ms) => nanos(ms));
  const updatable = {
    ack_wait: backoff[0],
    max_ack_pending: settings.maxAckPending,
    max_deliver: settings.maxDeliver,
    backoff,
  };
  try {
    await jsm.consumers.info(settings.stream, settings.durable);
    await jsm.consumers.update(settings.stream, settings.durable, updatable);
  } catch {
    await jsm.consumers.add(settings.stream, {
      durable_name: settings.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: settings.filterSubject,
      ...updatable,
    });
  }
}

/** Whether JetStream will not deliver this message again if it is not acknowledged now. */
export function isLastDelivery(message: JsMsg, maxDeliver: number): boolean {
  return message.info.deliveryCount >= maxDeliver;
}

/**
 * Puts a message back at the end of the stream with its delivery count reset: publishes a copy
 * (same payload and headers, a message id of its own) and acknowledges the original once the copy
 * is stored. For a message on its last delivery that must be handed back: a nak would leave it
 * in the stream never to be delivered again.
 */
export async function requeueMessage(link: NatsLink, message: JsMsg): Promise<void> {
  const copy = natsHeaders();
  for (const key of message.headers?.keys() ?? []) {
    if (key.toLowerCase() === 'nats-msg-id') continue;
    for (const value of message.headers?.values(key) ?? []) copy.append(key, value);
  }
  const original = message.headers?.get('Nats-Msg-Id') || `seq-${message.seq}`;
  await link.js.publish(message.subject, message.data, { headers: copy, msgID: `${original}#requeued-${message.seq}` });
  message.ack();
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

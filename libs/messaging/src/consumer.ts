import { AckPolicy, DeliverPolicy, type Consumer, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { NatsLink } from './connection';

export interface ConsumerSettings {
  stream: string;
  /** Durable name shared by every validator process: they split the work between them. */
  durable: string;
  ackWaitMs: number;
  maxAckPending: number;
}

/** Creates the shared durable pull consumer, or updates it to the current settings. */
export async function ensureConsumer(jsm: JetStreamManager, settings: ConsumerSettings): Promise<void> {
  const config = {
    durable_name: settings.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
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

/** Pulls up to `max` messages, waiting at most `expiresMs` for the first ones to arrive. */
export async function fetchBatch(consumer: Consumer, max: number, expiresMs: number): Promise<JsMsg[]> {
  const messages = await consumer.fetch({ max_messages: max, expires: expiresMs });
  const batch: JsMsg[] = [];
  for await (const message of messages) batch.push(message);
  return batch;
}

/** The shared durable consumer, for pulling. */
export function getConsumer(link: NatsLink, settings: Pick<ConsumerSettings, 'stream' | 'durable'>): Promise<Consumer> {
  return link.js.consumers.get(settings.stream, settings.durable);
}

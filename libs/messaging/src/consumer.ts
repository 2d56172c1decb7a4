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

/**
 * One pull of up to `max` messages, yielded one by one as they arrive: the iteration ends once
 * `max` arrived or `expiresMs` (at least 1 s) passed. Nothing more arrives after it ends, so a
 * reader that finishes the iteration has seen every message this pull delivered.
 */
export function pullMessages(consumer: Consumer, max: number, expiresMs: number): Promise<AsyncIterable<JsMsg>> {
  return consumer.fetch({ max_messages: max, expires: expiresMs });
}

/** The shared durable consumer, for pulling. */
export function getConsumer(link: NatsLink, settings: Pick<ConsumerSettings, 'stream' | 'durable'>): Promise<Consumer> {
  return link.js.consumers.get(settings.stream, settings.durable);
}

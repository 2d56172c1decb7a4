/**
 * NATS JetStream for The Eye: the connection (one server or a cluster), the events stream with
 * its partitions by session and their shared validator consumers, the queued-event message
 * format, publishing with acknowledgement, and trace-context propagation in message headers.
 */
export { connectNats, natsServers, type NatsLink, type NatsLinkOptions, type ConnectionListener } from './connection';
export { ensureStream, streamConfig, type StreamSettings } from './stream';
export {
  ensureConsumer,
  getConsumer,
  partitionConsumers,
  pullMessages,
  isLastDelivery,
  requeueMessage,
  redeliveryBackoffMs,
  type ConsumerSettings,
  type PartitionConsumerOptions,
} from './consumer';
export { publishEvents, type PublishOptions, type PublishedEvent, type PartitionedEvent } from './publisher';
export { partitionOf, partitionSubject, partitionSubjects, partitionConsumerName } from './partitions';
export { encodeQueuedEvent, decodeQueuedEvent, messageIdFor, COMPRESS_RAW_OVER_BYTES, type QueuedEvent } from './queued-event';
export { headersWithTraceContext, traceContextFrom, traceIdFrom } from './trace-headers';
export {
  QueueUnavailableError,
  isQueueUnavailableError,
  EventTooLargeError,
  StreamPartitionsError,
  isStreamPartitionsError,
} from './errors';
export type { JsMsg } from '@nats-io/jetstream';

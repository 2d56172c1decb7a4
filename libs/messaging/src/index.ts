/**
 * NATS JetStream for The Eye: the connection, the events stream and its shared validator
 * consumer, the queued-event message format, publishing with acknowledgement, and trace-context
 * propagation in message headers.
 */
export { connectNats, type NatsLink, type NatsLinkOptions, type ConnectionListener } from './connection';
export { ensureStream, streamConfig, type StreamSettings } from './stream';
export { ensureConsumer, getConsumer, pullMessages, isLastDelivery, requeueMessage, redeliveryBackoffMs, type ConsumerSettings } from './consumer';
export { publishEvents, type PublishOptions, type PublishedEvent } from './publisher';
export { encodeQueuedEvent, decodeQueuedEvent, messageIdFor, COMPRESS_RAW_OVER_BYTES, type QueuedEvent } from './queued-event';
export { headersWithTraceContext, traceContextFrom, traceIdFrom } from './trace-headers';
export { QueueUnavailableError, isQueueUnavailableError, EventTooLargeError } from './errors';
export type { JsMsg } from '@nats-io/jetstream';

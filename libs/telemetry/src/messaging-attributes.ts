/*
 * Messaging semantic-convention attribute names. They are still "incubating" upstream, and the
 * OpenTelemetry maintainers advise copying incubating names rather than importing them;
 * messaging-attributes.spec.ts checks them against @opentelemetry/semantic-conventions/incubating.
 */

/** `messaging.system`: the broker, {@link MESSAGING_SYSTEM_NATS} for The Eye. */
export const ATTR_MESSAGING_SYSTEM = 'messaging.system' as const;
/** `messaging.destination.name`: the subject published to or consumed from. */
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name' as const;
/** `messaging.message.id`: the JetStream message id (`Nats-Msg-Id`). */
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id' as const;
/** `messaging.batch.message_count`: messages in one publish or fetch batch. */
export const ATTR_MESSAGING_BATCH_MESSAGE_COUNT = 'messaging.batch.message_count' as const;
/** `messaging.operation.type`: one of {@link MESSAGING_OPERATION_TYPE}. */
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type' as const;
/** `messaging.consumer.group.name`: the durable JetStream consumer. */
export const ATTR_MESSAGING_CONSUMER_GROUP_NAME = 'messaging.consumer.group.name' as const;

/** `messaging.system` value for NATS (not in the semconv enum; the name NATS instrumentations use). */
export const MESSAGING_SYSTEM_NATS = 'nats' as const;

/** Values of `messaging.operation.type`. */
export const MESSAGING_OPERATION_TYPE = Object.freeze({
  /** Publishing to the broker. */
  SEND: 'send',
  /** Pulling or fetching from the broker. */
  RECEIVE: 'receive',
  /** Handling a delivered message. */
  PROCESS: 'process',
  /** Ack, nak or term. */
  SETTLE: 'settle',
} as const);

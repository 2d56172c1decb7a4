/**
 * The shared validator of The Eye: issue codes, event timestamps, the event-type registry and the
 * one function that decides whether an event is valid. Imports only zod and Node built-ins.
 */
export { ISSUE_CODES, isIssueCode, type Issue, type IssueCode } from './issues';
export {
  parseEventTimestamp,
  formatMicros,
  microsFromDate,
  TimestampRangeError,
  EVENT_TIMESTAMP_PATTERN,
  MIN_EVENT_TIMESTAMP_MICROS,
  MAX_EVENT_TIMESTAMP_MICROS,
  type EventTimestamp,
} from './timestamp';
export { EVENT_FIELDS, MAX_EVENT_FIELD_LENGTH, isValidClientEventId } from './envelope';
export { MAX_DATA_DEPTH, storabilityIssues } from './storable';
export { defineEventType, type EventType } from './event-types/event-type';
export { HOSTNAME_PATTERN, pageHost, pagePath } from './event-types/page-fields';
export { FORM_FIELD_NAME_PATTERN, formFields, type FormFieldValue } from './event-types/form-fields';
export { pageviewEventType } from './event-types/pageview';
export { ctaClickEventType } from './event-types/cta-click';
export { formSubmitEventType } from './event-types/form-submit';
export { BUILT_IN_EVENT_TYPES, isBuiltInEventType } from './event-types/built-ins';
export {
  eventTypeFromJsonSchema,
  normalizeDataSchema,
  strictDataSchema,
  EventTypeSchemaError,
  isEventTypeSchemaError,
  type JsonSchemaEventTypeDefinition,
} from './event-types/from-json-schema';
export { EventTypeRegistry, EventTypeRegistrationError, defaultRegistry } from './registry';
export { eventTypeJsonSchemas, dataJsonSchema, type EventTypeJsonSchema } from './json-schema';
export {
  validateEvent,
  validateEventJson,
  DEFAULT_MAX_EVENT_BYTES,
  type ValidateOptions,
  type ValidationResult,
  type NormalizedEvent,
  type KnownEventFields,
} from './validate-event';

import { SortOrder, type GetStatsRequest, type ListEventsRequest, type ListInvalidEventsRequest } from '@eye/contracts';
import { ServiceError } from '@eye/rpc';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type EventListQuery, type InvalidEventListQuery, type ListOrder } from '@eye/store';
import { ISSUE_CODES, isIssueCode, parseEventTimestamp } from '@eye/validators';

/** The longest filter value accepted (ids and names are far shorter). */
export const MAX_PARAMETER_LENGTH = 1_024;

/** An optional time window; the stats call fills in what is missing. */
export interface OptionalWindow {
  fromMicros?: number;
  toMicros?: number;
}

function invalid(parameter: string, message: string): ServiceError {
  return new ServiceError('invalid_query', message, [{ path: parameter, message }]);
}

/** An optional text parameter: absent, or a non-empty string of bounded length. */
export function text(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length === 0) throw invalid(name, `${name} must not be empty`);
  if (value.length > MAX_PARAMETER_LENGTH) throw invalid(name, `${name} is longer than ${MAX_PARAMETER_LENGTH} characters`);
  return value;
}

/** A required text parameter (a path segment such as an id). */
export function requiredText(name: string, value: string): string {
  const parsed = text(name, value);
  if (parsed === undefined) throw invalid(name, `${name} is required`);
  return parsed;
}

/** An optional RFC 3339 date-time as exact microseconds. */
export function time(name: string, value: string | undefined): number | undefined {
  const given = text(name, value);
  if (given === undefined) return undefined;
  const parsed = parseEventTimestamp(given);
  if (!parsed) throw invalid(name, `${name} is not an RFC 3339 date-time between the years 1700 and 2200, e.g. 2021-01-01T09:15:27.243860Z`);
  return parsed.micros;
}

/** `limit`: 0 (unset) means the default. */
export function limit(value: number): number {
  if (value === 0) return DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_LIMIT) throw invalid('limit', `limit must be from 1 to ${MAX_PAGE_LIMIT}`);
  return value;
}

/** `order`: unspecified means ascending; a value this version does not know is refused. */
export function order(value: SortOrder): ListOrder {
  switch (value) {
    case SortOrder.SORT_ORDER_UNSPECIFIED:
    case SortOrder.SORT_ORDER_ASC:
      return 'asc';
    case SortOrder.SORT_ORDER_DESC:
      return 'desc';
    default:
      throw invalid('order', 'order must be asc or desc');
  }
}

function window(request: { from?: string; to?: string }): OptionalWindow {
  return { fromMicros: time('from', request.from), toMicros: time('to', request.to) };
}

/** A ListEvents call as a store query. */
export function eventListQuery(request: ListEventsRequest): EventListQuery {
  return {
    filter: {
      sessionId: text('session_id', request.sessionId),
      category: text('category', request.category),
      name: text('name', request.name),
      application: text('application', request.application),
      ...window(request),
    },
    order: order(request.order),
    limit: limit(request.limit),
    cursor: text('cursor', request.cursor),
  };
}

/** A ListInvalidEvents call as a store query. */
export function invalidEventListQuery(request: ListInvalidEventsRequest): InvalidEventListQuery {
  const code = text('code', request.code);
  if (code !== undefined && !isIssueCode(code)) throw invalid('code', `code must be one of ${ISSUE_CODES.join(', ')}`);
  return {
    filter: {
      category: text('category', request.category),
      name: text('name', request.name),
      code,
      application: text('application', request.application),
      ...window(request),
    },
    limit: limit(request.limit),
    cursor: text('cursor', request.cursor),
  };
}

/** A GetStats call's window, as given. */
export function statsWindow(request: GetStatsRequest): OptionalWindow {
  return window(request);
}

import { context, type Context } from '@opentelemetry/api';

/** Sends one call's worth of events for one caller and resolves with their ids, in order. */
export type SendEvents = (authorization: string, eventsJson: string[]) => Promise<string[]>;

export interface PublishCoalescerOptions {
  send: SendEvents;
  /** The most events one call may carry (the ingest service's limit). */
  maxEventsPerCall: number;
  /** Calls in flight at once per caller; requests arriving meanwhile wait and travel together. */
  maxCallsInFlight: number;
  /**
   * Errors that may be caused by one request's events rather than by the call (e.g. an event too
   * large for the queue, refused before anything is published): a coalesced call failing with one
   * is sent again request by request, so only the request at fault gets the error.
   */
  blamesOneRequest(error: unknown): boolean;
}

interface Waiting {
  eventsJson: string[];
  /** The request's trace context: a call runs in its first request's context. */
  context: Context;
  resolve(ids: string[]): void;
  reject(error: unknown): void;
}

interface Lane {
  waiting: Waiting[];
  inFlight: number;
}

/**
 * Coalesces concurrent requests with the same credentials into fewer PublishEvents calls. A
 * request goes out at once when fewer than `maxCallsInFlight` calls of its caller are in flight;
 * otherwise it waits for one of them to finish, and then all that waited go together (up to
 * `maxEventsPerCall` events a call). So an idle gateway adds no delay, and a busy one makes one
 * gRPC call and one pipelined JetStream publish for many requests instead of one each.
 *
 * A call succeeds or fails as a whole: every request in it gets the same error (the same token
 * gets the same authentication answer; an unreachable queue is unreachable for all of them),
 * except errors that {@link PublishCoalescerOptions.blamesOneRequest}.
 * Credentials are the lane key, so requests of different callers never share a call.
 */
export class PublishCoalescer {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly options: PublishCoalescerOptions) {}

  /** Queues a request's events; resolves with their ids once JetStream acknowledged them all. */
  publish(authorization: string, eventsJson: string[]): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const lane = this.lanes.get(authorization) ?? { waiting: [], inFlight: 0 };
      this.lanes.set(authorization, lane);
      lane.waiting.push({ eventsJson, context: context.active(), resolve, reject });
      this.drain(authorization, lane);
    });
  }

  private drain(authorization: string, lane: Lane): void {
    while (lane.inFlight < this.options.maxCallsInFlight && lane.waiting.length > 0) {
      const call = this.takeCall(lane);
      lane.inFlight += 1;
      void this.send(authorization, call).finally(() => {
        lane.inFlight -= 1;
        if (lane.inFlight === 0 && lane.waiting.length === 0) this.lanes.delete(authorization);
        else this.drain(authorization, lane);
      });
    }
  }

  /** The waiting requests, oldest first, that fit in one call (always at least one). */
  private takeCall(lane: Lane): Waiting[] {
    let events = 0;
    let count = 0;
    for (const request of lane.waiting) {
      if (count > 0 && events + request.eventsJson.length > this.options.maxEventsPerCall) break;
      events += request.eventsJson.length;
      count += 1;
    }
    return lane.waiting.splice(0, count);
  }

  private async send(authorization: string, call: Waiting[]): Promise<void> {
    const eventsJson = call.length === 1 ? call[0].eventsJson : call.flatMap((request) => request.eventsJson);
    try {
      const ids = await context.with(call[0].context, () => this.options.send(authorization, eventsJson));
      let offset = 0;
      for (const request of call) {
        request.resolve(ids.slice(offset, offset + request.eventsJson.length));
        offset += request.eventsJson.length;
      }
    } catch (error) {
      if (call.length > 1 && this.options.blamesOneRequest(error)) {
        await Promise.all(call.map((request) => this.send(authorization, [request])));
        return;
      }
      for (const request of call) request.reject(error);
    }
  }
}

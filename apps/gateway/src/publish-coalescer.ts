import { context, type Context } from '@opentelemetry/api';

/** Sends one call's worth of events for one caller and resolves with their ids, in order. */
export type SendEvents = (authorization: string, eventsJson: string[]) => Promise<string[]>;

export interface PublishCoalescerOptions {
  send: SendEvents;
  /** The most events one call may carry (the ingest service's limit). */
  maxEventsPerCall: number;
  /** The most bytes of event text one call may carry: well under the gRPC message limit. */
  maxBytesPerCall: number;
  /** Calls in flight at once per lane; requests arriving meanwhile wait and travel together. */
  maxCallsInFlight: number;
  /** Requests waiting per lane at most; past that, or {@link maxWaitingBytes}, a request is refused. */
  maxWaitingRequests: number;
  /** Bytes of event text waiting per lane at most. */
  maxWaitingBytes: number;
  /** The error a request gets when its lane's waiting list is full (answered 503 with Retry-After). */
  waitingListFull(): Error;
  /**
   * Errors after which a coalesced call is sent again request by request, so that each request
   * gets its own answer: errors one request's events may cause (an event too large for the
   * queue), and a queue that failed part-way (events that were queued are acknowledged again as
   * duplicates, because their ids do not change).
   */
  sendAloneAfter(error: unknown): boolean;
}

/** One request to publish: its lane (who may share calls), its credentials and its events. */
export interface PublishRequest {
  lane: string;
  authorization: string;
  eventsJson: string[];
}

interface Waiting {
  authorization: string;
  eventsJson: string[];
  bytes: number;
  /** The request's trace context: a call runs in its first request's context. */
  context: Context;
  resolve(ids: string[]): void;
  reject(error: unknown): void;
}

interface Lane {
  waiting: Waiting[];
  waitingBytes: number;
  inFlight: number;
}

/** Bytes a request adds to a call: its event texts, and a little for their protobuf framing. */
function requestBytes(eventsJson: string[]): number {
  let bytes = 0;
  for (const event of eventsJson) bytes += Buffer.byteLength(event) + 8;
  return bytes;
}

/**
 * Coalesces concurrent requests of one lane (one application) into fewer PublishEvents calls. A
 * request goes out at once when fewer than `maxCallsInFlight` calls of its lane are in flight;
 * otherwise it waits for one of them to finish, and then all that waited go together, up to
 * `maxEventsPerCall` events and `maxBytesPerCall` bytes a call (a request is never split). So an
 * idle gateway adds no delay, and a busy one makes one gRPC call and one pipelined JetStream
 * publish for many requests instead of one each. The waiting list of a lane is bounded; a request
 * that does not fit is refused at once.
 *
 * A call succeeds or fails as a whole: every request in it gets the same error (the same
 * application gets the same authentication answer; an unreachable queue is unreachable for all of
 * them), except errors after which {@link PublishCoalescerOptions.sendAloneAfter} says to send
 * each request of the call on its own.
 */
export class PublishCoalescer {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly options: PublishCoalescerOptions) {}

  /** Queues a request's events; resolves with their ids once JetStream acknowledged them all. */
  publish(request: PublishRequest): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const lane = this.lanes.get(request.lane) ?? { waiting: [], waitingBytes: 0, inFlight: 0 };
      const bytes = requestBytes(request.eventsJson);
      if (lane.waiting.length >= this.options.maxWaitingRequests || (lane.waiting.length > 0 && lane.waitingBytes + bytes > this.options.maxWaitingBytes)) {
        reject(this.options.waitingListFull());
        return;
      }
      this.lanes.set(request.lane, lane);
      lane.waiting.push({ authorization: request.authorization, eventsJson: request.eventsJson, bytes, context: context.active(), resolve, reject });
      lane.waitingBytes += bytes;
      this.drain(request.lane, lane);
    });
  }

  private drain(key: string, lane: Lane): void {
    while (lane.inFlight < this.options.maxCallsInFlight && lane.waiting.length > 0) {
      const call = this.takeCall(lane);
      lane.inFlight += 1;
      void this.send(call).finally(() => {
        lane.inFlight -= 1;
        if (lane.inFlight === 0 && lane.waiting.length === 0) this.lanes.delete(key);
        else this.drain(key, lane);
      });
    }
  }

  /** The waiting requests, oldest first, that fit in one call (always at least one). */
  private takeCall(lane: Lane): Waiting[] {
    let events = 0;
    let bytes = 0;
    let count = 0;
    for (const request of lane.waiting) {
      const fits = events + request.eventsJson.length <= this.options.maxEventsPerCall && bytes + request.bytes <= this.options.maxBytesPerCall;
      if (count > 0 && !fits) break;
      events += request.eventsJson.length;
      bytes += request.bytes;
      count += 1;
    }
    lane.waitingBytes -= bytes;
    return lane.waiting.splice(0, count);
  }

  private async send(call: Waiting[]): Promise<void> {
    const eventsJson = call.length === 1 ? call[0].eventsJson : call.flatMap((request) => request.eventsJson);
    try {
      const ids = await context.with(call[0].context, () => this.options.send(call[0].authorization, eventsJson));
      let offset = 0;
      for (const request of call) {
        request.resolve(ids.slice(offset, offset + request.eventsJson.length));
        offset += request.eventsJson.length;
      }
    } catch (error) {
      if (call.length > 1 && this.options.sendAloneAfter(error)) {
        await Promise.all(call.map((request) => this.send([request])));
        return;
      }
      for (const request of call) request.reject(error);
    }
  }
}

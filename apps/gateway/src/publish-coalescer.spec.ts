import { PublishCoalescer } from './publish-coalescer';

interface Call {
  authorization: string;
  eventsJson: string[];
  finish(error?: Error): void;
}

/** A coalescer whose calls stay open until the test finishes them; ids are `id-<event>`. */
function coalescerWithOpenCalls(options: { maxEventsPerCall?: number; maxBytesPerCall?: number; maxCallsInFlight?: number; maxWaitingRequests?: number; maxWaitingBytes?: number } = {}) {
  const calls: Call[] = [];
  const coalescer = new PublishCoalescer({
    maxEventsPerCall: options.maxEventsPerCall ?? 500,
    maxBytesPerCall: options.maxBytesPerCall ?? 4 * 1024 * 1024,
    maxCallsInFlight: options.maxCallsInFlight ?? 1,
    maxWaitingRequests: options.maxWaitingRequests ?? 1_000,
    maxWaitingBytes: options.maxWaitingBytes ?? 32 * 1024 * 1024,
    waitingListFull: () => new Error('waiting list full'),
    sendAloneAfter: (error) => ['event too large', 'queue failed part-way'].includes((error as Error).message),
    send: (authorization, eventsJson) =>
      new Promise<string[]>((resolve, reject) => {
        calls.push({ authorization, eventsJson, finish: (error) => (error ? reject(error) : resolve(eventsJson.map((event) => `id-${event}`))) });
      }),
  });
  const publish = (authorization: string, eventsJson: string[]) => coalescer.publish({ lane: authorization, authorization, eventsJson });
  return { coalescer: { publish }, calls };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('PublishCoalescer', () => {
  it('sends a lone request at once, as its own call', async () => {
    const { coalescer, calls } = coalescerWithOpenCalls();
    const ids = coalescer.publish('Bearer a', ['e1', 'e2']);
    expect(calls.map((call) => call.eventsJson)).toEqual([['e1', 'e2']]);
    calls[0].finish();
    await expect(ids).resolves.toEqual(['id-e1', 'id-e2']);
  });

  it('sends the requests that waited for a call in flight together, each getting its own ids in order', async () => {
    const { coalescer, calls } = coalescerWithOpenCalls();
    const first = coalescer.publish('Bearer a', ['e1']);
    const second = coalescer.publish('Bearer a', ['e2', 'e3']);
    const third = coalescer.publish('Bearer a', ['e4']);
    expect(calls).toHaveLength(1);
    calls[0].finish();
    await settle();
    expect(calls.map((call) => call.eventsJson)).toEqual([['e1'], ['e2', 'e3', 'e4']]);
    calls[1].finish();
    await expect(first).resolves.toEqual(['id-e1']);
    await expect(second).resolves.toEqual(['id-e2', 'id-e3']);
    await expect(third).resolves.toEqual(['id-e4']);
  });

  it('never mixes callers: each authorization has calls of its own', () => {
    const { coalescer, calls } = coalescerWithOpenCalls();
    void coalescer.publish('Bearer a', ['a1']);
    void coalescer.publish('Bearer b', ['b1']);
    expect(calls.map((call) => [call.authorization, call.eventsJson])).toEqual([
      ['Bearer a', ['a1']],
      ['Bearer b', ['b1']],
    ]);
  });

  it('keeps up to maxCallsInFlight calls open per caller', () => {
    const { coalescer, calls } = coalescerWithOpenCalls({ maxCallsInFlight: 2 });
    for (const event of ['e1', 'e2', 'e3']) void coalescer.publish('Bearer a', [event]);
    expect(calls.map((call) => call.eventsJson)).toEqual([['e1'], ['e2']]);
  });

  it('never puts more than maxEventsPerCall events in one call, nor splits a request', async () => {
    const { coalescer, calls } = coalescerWithOpenCalls({ maxEventsPerCall: 3 });
    void coalescer.publish('Bearer a', ['e1']);
    void coalescer.publish('Bearer a', ['e2', 'e3']);
    void coalescer.publish('Bearer a', ['e4', 'e5']);
    void coalescer.publish('Bearer a', ['e6']);
    calls[0].finish();
    await settle();
    calls[1].finish();
    await settle();
    expect(calls.map((call) => call.eventsJson)).toEqual([['e1'], ['e2', 'e3'], ['e4', 'e5', 'e6']]);
  });

  it('fails every request of a failed call with its error, and goes on with the next call', async () => {
    const { coalescer, calls } = coalescerWithOpenCalls();
    const first = coalescer.publish('Bearer a', ['e1']);
    const second = coalescer.publish('Bearer a', ['e2']);
    const third = coalescer.publish('Bearer a', ['e3']);
    calls[0].finish();
    await settle();
    calls[1].finish(new Error('queue unreachable'));
    await expect(first).resolves.toEqual(['id-e1']);
    await expect(second).rejects.toThrow('queue unreachable');
    await expect(third).rejects.toThrow('queue unreachable');
    const fourth = coalescer.publish('Bearer a', ['e4']);
    expect(calls).toHaveLength(3);
    calls[2].finish();
    await expect(fourth).resolves.toEqual(['id-e4']);
  });

  it('sends the requests of a call again one by one when its error may be one request\'s fault', async () => {
    const { coalescer, calls } = coalescerWithOpenCalls();
    void coalescer.publish('Bearer a', ['e1']);
    const small = coalescer.publish('Bearer a', ['e2']);
    const large = coalescer.publish('Bearer a', ['huge']);
    calls[0].finish();
    await settle();
    calls[1].finish(new Error('event too large'));
    await settle();
    expect(calls.slice(2).map((call) => call.eventsJson)).toEqual([['e2'], ['huge']]);
    calls[2].finish();
    calls[3].finish(new Error('event too large'));
    await expect(small).resolves.toEqual(['id-e2']);
    await expect(large).rejects.toThrow('event too large');
  });

  it('never puts more than maxBytesPerCall bytes of events in one call, though a large request goes alone', async () => {
    const { coalescer, calls } = coalescerWithOpenCalls({ maxBytesPerCall: 100 });
    const big = 'x'.repeat(60);
    void coalescer.publish('Bearer a', ['e1']);
    void coalescer.publish('Bearer a', [big]);
    void coalescer.publish('Bearer a', [big]);
    void coalescer.publish('Bearer a', ['x'.repeat(150)]);
    for (let i = 0; i < 3; i++) {
      calls[i].finish();
      await settle();
    }
    expect(calls.map((call) => call.eventsJson.map((event) => event.length))).toEqual([[2], [60], [60], [150]]);
  });

  it('refuses a request at once when its lane already has too many requests or bytes waiting', async () => {
    const { coalescer, calls } = coalescerWithOpenCalls({ maxWaitingRequests: 2, maxWaitingBytes: 1_000 });
    void coalescer.publish('Bearer a', ['in flight']);
    void coalescer.publish('Bearer a', ['waits']);
    void coalescer.publish('Bearer a', ['waits too']);
    await expect(coalescer.publish('Bearer a', ['one too many'])).rejects.toThrow('waiting list full');
    // Another lane has a list of its own.
    void coalescer.publish('Bearer b', ['b1']);
    expect(calls.map((call) => call.eventsJson)).toEqual([['in flight'], ['b1']]);

    const bytes = coalescerWithOpenCalls({ maxWaitingBytes: 100 });
    void bytes.coalescer.publish('Bearer a', ['in flight']);
    void bytes.coalescer.publish('Bearer a', ['x'.repeat(80)]);
    await expect(bytes.coalescer.publish('Bearer a', ['x'.repeat(30)])).rejects.toThrow('waiting list full');
  });

  it('answers each request of a call that failed part-way on its own, by sending them again alone', async () => {
    const { coalescer, calls } = coalescerWithOpenCalls();
    void coalescer.publish('Bearer a', ['e1']);
    const queued = coalescer.publish('Bearer a', ['e2']);
    const refused = coalescer.publish('Bearer a', ['e3']);
    calls[0].finish();
    await settle();
    calls[1].finish(new Error('queue failed part-way'));
    await settle();
    expect(calls.slice(2).map((call) => call.eventsJson)).toEqual([['e2'], ['e3']]);
    calls[2].finish();
    calls[3].finish(new Error('queue failed part-way'));
    await expect(queued).resolves.toEqual(['id-e2']);
    await expect(refused).rejects.toThrow('queue failed part-way');
  });
});

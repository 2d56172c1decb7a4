import { PublishCoalescer } from './publish-coalescer';

interface Call {
  authorization: string;
  eventsJson: string[];
  finish(error?: Error): void;
}

/** A coalescer whose calls stay open until the test finishes them; ids are `id-<event>`. */
function coalescerWithOpenCalls(options: { maxEventsPerCall?: number; maxCallsInFlight?: number } = {}) {
  const calls: Call[] = [];
  const coalescer = new PublishCoalescer({
    maxEventsPerCall: options.maxEventsPerCall ?? 500,
    maxCallsInFlight: options.maxCallsInFlight ?? 1,
    blamesOneRequest: (error) => (error as Error).message === 'event too large',
    send: (authorization, eventsJson) =>
      new Promise<string[]>((resolve, reject) => {
        calls.push({ authorization, eventsJson, finish: (error) => (error ? reject(error) : resolve(eventsJson.map((event) => `id-${event}`))) });
      }),
  });
  return { coalescer, calls };
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
});

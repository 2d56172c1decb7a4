import fc from 'fast-check';
import { fnv1a32, partitionConsumerName, partitionOf, partitionsIn, partitionSubject, partitionSubjects } from './partitions';

describe('fnv1a32', () => {
  it('matches the published FNV-1a test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes the UTF-8 bytes, so non-ASCII session ids are stable too', () => {
    expect(fnv1a32('é')).toBe(fnv1a32(Buffer.from([0xc3, 0xa9]).toString('utf8')));
    expect(fnv1a32('é')).not.toBe(fnv1a32('e'));
  });
});

describe('partitionOf', () => {
  it('is 0 with one partition (the default: one subject, as before partitions)', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (app, session) => partitionOf(app, session, 1) === 0));
  });

  it('is the same for every event of a session, and within range', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 1, max: 256 }), (app, session, count) => {
        const partition = partitionOf(app, session, count);
        return partition === partitionOf(app, session, count) && partition >= 0 && partition < count && Number.isInteger(partition);
      }),
    );
  });

  it('tells applications apart: the same session id of two applications is two sessions', () => {
    const differing = Array.from({ length: 200 }, (_, i) => `s-${i}`).filter((s) => partitionOf('shop', s, 16) !== partitionOf('blog', s, 16));
    expect(differing.length).toBeGreaterThan(150);
    // The separator keeps ("ab", "c") and ("a", "bc") apart.
    expect(fnv1a32('ab\nc')).not.toBe(fnv1a32('a\nbc'));
  });

  it('spreads sessions evenly', () => {
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 80_000; i++) counts[partitionOf('shop', `0190a2b4-7c2e-7d4f-8a1b-${String(i).padStart(12, '0')}`, 8)] += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(600);
  });

  it('puts an event without a session id with the empty session id', () => {
    expect(partitionOf('shop', undefined, 7)).toBe(partitionOf('shop', '', 7));
  });
});

describe('partition subjects and consumers', () => {
  it('are <prefix>.<partition> and <durable>-<partition>', () => {
    expect(partitionSubject('eye.events', 3)).toBe('eye.events.3');
    expect(partitionSubjects('eye.events', 3)).toEqual(['eye.events.0', 'eye.events.1', 'eye.events.2']);
    expect(partitionConsumerName('eye-validator', 0)).toBe('eye-validator-0');
  });

  it('are counted back from a stream subject list, ignoring other subjects', () => {
    expect(partitionsIn(['eye.events.0', 'eye.events.1'], 'eye.events')).toBe(2);
    expect(partitionsIn(['eye.events'], 'eye.events')).toBe(0);
    expect(partitionsIn(['eyeXevents.0', 'eye.events.x', 'eye.events.0.1'], 'eye.events')).toBe(0);
  });
});

import { mergeCounts, statsPipeline } from './stats-reader';

describe('stats', () => {
  it('groups a received-time window by category and name with $match, $group and $sum only', () => {
    expect(statsPipeline({ fromMicros: 10, toMicros: 20 })).toEqual([
      { $match: { received_us: { $gte: 10, $lt: 20 } } },
      { $group: { _id: { category: '$category', name: '$name' }, count: { $sum: 1 } } },
    ]);
  });

  it('merges both collections by type, sorted; untyped invalid events count only in the total', () => {
    const stats = mergeCounts(
      [
        { _id: { category: 'page interaction', name: 'pageview' }, count: 3 },
        { _id: { category: 'form interaction', name: 'submit' }, count: 1 },
      ],
      [
        { _id: { category: 'page interaction', name: 'pageview' }, count: 2 },
        { _id: { category: 'other', name: 'thing' }, count: 1 },
        { _id: {}, count: 4 },
        { _id: { category: null, name: null }, count: 1 },
        { _id: { category: 'page interaction' }, count: 1 },
      ],
    );
    expect(stats).toEqual({
      valid: 4,
      invalid: 9,
      byType: [
        { category: 'form interaction', name: 'submit', valid: 1, invalid: 0 },
        { category: 'other', name: 'thing', valid: 0, invalid: 1 },
        { category: 'page interaction', name: 'pageview', valid: 3, invalid: 2 },
      ],
    });
  });
});

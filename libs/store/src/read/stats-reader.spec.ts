import { countsFromRows, statsPipeline } from './stats-reader';

describe('stats', () => {
  it('groups a received-time window by verdict, category and name with $match, $group and $sum only', () => {
    expect(statsPipeline({ fromMicros: 10, toMicros: 20 })).toEqual([
      { $match: { received_us: { $gte: 10, $lt: 20 } } },
      { $group: { _id: { valid: '$valid', category: '$category', name: '$name' }, count: { $sum: 1 } } },
    ]);
  });

  it('adds up by verdict and type, sorted; untyped invalid events count only in the total', () => {
    const stats = countsFromRows([
      { _id: { valid: true, category: 'page interaction', name: 'pageview' }, count: 3 },
      { _id: { valid: true, category: 'form interaction', name: 'submit' }, count: 1 },
      { _id: { valid: false, category: 'page interaction', name: 'pageview' }, count: 2 },
      { _id: { valid: false, category: 'other', name: 'thing' }, count: 1 },
      { _id: { valid: false }, count: 4 },
      { _id: { valid: false, category: null, name: null }, count: 1 },
      { _id: { valid: false, category: 'page interaction' }, count: 1 },
    ]);
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

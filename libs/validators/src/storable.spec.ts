import { isValidClientEventId } from './envelope';
import { hasLoneSurrogate, MAX_DATA_DEPTH, storabilityIssues } from './storable';
import { validateEventJson } from './validate-event';

function nested(depth: number): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  let level = data;
  for (let index = 1; index < depth; index++) {
    const next: Record<string, unknown> = {};
    level['a'] = next;
    level = next;
  }
  return data;
}

describe('what in data can be stored as sent', () => {
  it.each([
    ['_bsontype', { form: { _bsontype: 'x' } }, 'data.form._bsontype'],
    ['a key starting with $', { form: { $where: '1' } }, 'data.form.$where'],
    ['a key containing .', { deep: [{ 'a.b': 1 }] }, 'data.deep.0.a.b'],
    ['a key containing NUL', { 'a\u0000b': 1 }, 'data.a\u0000b'],
    ['a key with a lone surrogate', { '\ud800': 1 }, 'data.\ud800'],
    ['a string with a lone surrogate', { note: 'x\udc00' }, 'data.note'],
    ['a number beyond a double', { big: Infinity }, 'data.big'],
  ])('refuses %s (invalid_format)', (_title, data, path) => {
    expect(storabilityIssues(data)).toEqual([expect.objectContaining({ path, code: 'invalid_format' })]);
  });

  it('accepts what MongoDB stores faithfully: paired surrogates, empty keys, $ and . inside values', () => {
    expect(storabilityIssues({ emoji: '😀', '': 1, text: '$a.b', list: [1, 'two', null, { ok: true }] })).toEqual([]);
  });

  it(`allows ${MAX_DATA_DEPTH} levels and reports one too_deep issue past them`, () => {
    expect(storabilityIssues(nested(MAX_DATA_DEPTH))).toEqual([]);
    const issues = storabilityIssues(nested(40));
    expect(issues).toEqual([{ path: `data${'.a'.repeat(MAX_DATA_DEPTH)}`, code: 'too_deep', message: expect.stringContaining('32 levels') }]);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let index = 0; index < 100_000; index++) deep = [deep];
    expect(storabilityIssues({ deep }).map((issue) => issue.code)).toEqual(['too_deep']);
  });

  it('tells lone surrogates from pairs', () => {
    expect(hasLoneSurrogate('a😀b')).toBe(false);
    expect(hasLoneSurrogate('\ud83d')).toBe(true);
    expect(hasLoneSurrogate('\ude00x')).toBe(true);
  });
});

describe('validation refuses what cannot be stored', () => {
  const options = { receivedAtMicros: Date.UTC(2026, 0, 1) * 1000, clockSkewMs: 60_000 };
  const event = (data: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ session_id: 's', category: 'form interaction', name: 'submit', data, timestamp: '2025-12-31T23:00:00Z', ...extra });

  it('the form submit whose form holds _bsontype: one issue, at its key', () => {
    const result = validateEventJson(event({ host: 'a.example', path: '/', form: { _bsontype: 'x' } }), options);
    expect(result).toMatchObject({ valid: false, issues: [{ path: 'data.form._bsontype', code: 'invalid_format' }] });
  });

  it('a $ key inside the form once, although the form check refuses it too', () => {
    const result = validateEventJson(event({ host: 'a.example', path: '/', form: { $gt: 'x' } }), options);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.issues.filter((issue) => issue.path === 'data.form.$gt')).toHaveLength(1);
  });

  it('data 40 levels deep is too_deep', () => {
    const result = validateEventJson(event({ host: 'a.example', path: '/', form: nested(39) }), options);
    expect(result).toMatchObject({ valid: false, issues: [expect.objectContaining({ code: 'too_deep' })] });
  });

  it('a number JSON can write but no double can hold (1e400) is invalid_format', () => {
    const result = validateEventJson(event({ host: 'a.example', path: '/', form: { n: 1 } }).replace('"n":1', '"n":1e400'), options);
    expect(result).toMatchObject({ valid: false, issues: [{ path: 'data.form.n', code: 'invalid_format' }] });
  });

  it('session_id, category and name with NUL or a lone surrogate are invalid_format', () => {
    const result = validateEventJson(event({ host: 'a.example', path: '/', form: {} }, { session_id: 'a\u0000b', name: 'sub\ud800' }), options);
    expect(result).toMatchObject({ valid: false, issues: [{ path: 'session_id', code: 'invalid_format' }, { path: 'name', code: 'invalid_format' }] });
  });

  it('keeps client event ids without control characters or lone surrogates only', () => {
    expect(isValidClientEventId('evt-1 😀')).toBe(true);
    expect(isValidClientEventId('a\u0000b')).toBe(false);
    expect(isValidClientEventId('line\nbreak')).toBe(false);
    expect(isValidClientEventId('\udfff')).toBe(false);
  });
});

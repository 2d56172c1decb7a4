import { ISSUE_CODES, type IssueCode } from './issues';
import { parseEventTimestamp } from './timestamp';
import { isValidClientEventId, validateEvent, validateEventJson, type ValidateOptions } from './index';

const receivedAt = '2021-01-01T10:00:00Z';
const options: ValidateOptions = {
  receivedAtMicros: parseEventTimestamp(receivedAt)?.micros ?? Number.NaN,
  clockSkewMs: 60_000,
};

// The contract's own example events.
const pageview = {
  session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
  category: 'page interaction',
  name: 'pageview',
  data: { host: 'www.consumeraffairs.com', path: '/' },
  timestamp: '2021-01-01 09:15:27.243860',
};
const ctaClick = {
  ...pageview,
  name: 'cta click',
  data: { host: 'www.consumeraffairs.com', path: '/', element: 'chat bubble' },
};
const formSubmit = {
  ...pageview,
  category: 'form interaction',
  name: 'submit',
  data: { host: 'www.consumeraffairs.com', path: '/', form: { first_name: 'John', last_name: 'Doe' } },
};

/** The event with `changes` applied; a change to `undefined` removes the key. */
function withChanges(event: object, changes: Record<string, unknown>): string {
  return JSON.stringify({ ...event, ...changes });
}

const validCases: Array<[string, string]> = [
  ['the contract pageview', JSON.stringify(pageview)],
  ['the contract cta click', JSON.stringify(ctaClick)],
  ['the contract form submit', JSON.stringify(formSubmit)],
  ['an event_id of 1 character', withChanges(pageview, { event_id: 'x' })],
  ['an event_id of 128 characters', withChanges(pageview, { event_id: 'x'.repeat(128) })],
  ['an event_id of 128 astral characters (256 UTF-16 units)', withChanges(pageview, { event_id: '😀'.repeat(128) })],
  ['a session_id of 128 characters', withChanges(pageview, { session_id: 's'.repeat(128) })],
  ['host localhost', withChanges(pageview, { data: { host: 'localhost', path: '/a?b=c#d' } })],
  ['an IPv4 host', withChanges(pageview, { data: { host: '127.0.0.1', path: '/' } })],
  ['a timestamp with an offset', withChanges(pageview, { timestamp: '2021-01-01T10:15:27.243860+01:00' })],
  ['a timestamp exactly at received + skew', withChanges(pageview, { timestamp: '2021-01-01T10:01:00Z' })],
  [
    'form values of every allowed type and prototype-named keys',
    withChanges(formSubmit, {
      data: {
        host: 'a.b',
        path: '/',
        form: { s: '', n: -1.5, t: true, f: false, z: null, constructor: 'c', toString: 'x' },
      },
    }),
  ],
  ['an empty form', withChanges(formSubmit, { data: { host: 'a.b', path: '/', form: {} } })],
];

type Expected = Array<[path: string, code: IssueCode]>;

const invalidCases: Array<[string, string, Expected]> = [
  // whole event
  ['text that is not JSON', '{"session_id":', [['', 'invalid_format']]],
  ['an empty body', '', [['', 'invalid_format']]],
  ['an array', '[]', [['', 'invalid_type']]],
  ['a string', '"pageview"', [['', 'invalid_type']]],
  ['null', 'null', [['', 'invalid_type']]],
  ['a number', '42', [['', 'invalid_type']]],
  [
    'an event over 64 KiB',
    withChanges(pageview, { data: { host: 'a.b', path: `/${'x'.repeat(65_536)}` } }),
    [['', 'too_large']],
  ],
  [
    '64 KiB of characters but more bytes',
    withChanges(pageview, { data: { host: 'a.b', path: `/${'é'.repeat(33_000)}` } }),
    [['', 'too_large']],
  ],
  [
    'an empty object',
    '{}',
    [
      ['session_id', 'required'],
      ['category', 'required'],
      ['name', 'required'],
      ['data', 'required'],
      ['timestamp', 'required'],
    ],
  ],
  // event_id
  ['a numeric event_id', withChanges(pageview, { event_id: 7 }), [['event_id', 'invalid_type']]],
  ['a null event_id', withChanges(pageview, { event_id: null }), [['event_id', 'invalid_type']]],
  ['an empty event_id', withChanges(pageview, { event_id: '' }), [['event_id', 'invalid_format']]],
  ['an event_id of 129 characters', withChanges(pageview, { event_id: 'x'.repeat(129) }), [['event_id', 'too_long']]],
  // session_id
  ['no session_id', withChanges(pageview, { session_id: undefined }), [['session_id', 'required']]],
  ['a numeric session_id', withChanges(pageview, { session_id: 1 }), [['session_id', 'invalid_type']]],
  ['an empty session_id', withChanges(pageview, { session_id: '' }), [['session_id', 'invalid_format']]],
  [
    'a session_id of 129 characters',
    withChanges(pageview, { session_id: 's'.repeat(129) }),
    [['session_id', 'too_long']],
  ],
  // category and name
  ['no category', withChanges(pageview, { category: undefined }), [['category', 'required']]],
  ['an object category', withChanges(pageview, { category: {} }), [['category', 'invalid_type']]],
  ['an empty name', withChanges(pageview, { name: '' }), [['name', 'invalid_format']]],
  ['a name of 129 characters', withChanges(pageview, { name: 'n'.repeat(129) }), [['name', 'too_long']]],
  [
    'an unregistered type',
    withChanges(pageview, { name: 'scroll', data: { anything: [1] } }),
    [['', 'unknown_event_type']],
  ],
  ['a type that differs only in case', withChanges(pageview, { name: 'PageView' }), [['', 'unknown_event_type']]],
  // data
  ['no data', withChanges(pageview, { data: undefined }), [['data', 'required']]],
  ['array data', withChanges(pageview, { data: [] }), [['data', 'invalid_type']]],
  ['null data', withChanges(pageview, { data: null }), [['data', 'invalid_type']]],
  ['string data', withChanges(pageview, { data: 'x' }), [['data', 'invalid_type']]],
  // timestamp
  ['no timestamp', withChanges(pageview, { timestamp: undefined }), [['timestamp', 'required']]],
  ['a numeric timestamp', withChanges(pageview, { timestamp: 1_609_492_527 }), [['timestamp', 'invalid_type']]],
  ['an unparseable timestamp', withChanges(pageview, { timestamp: 'yesterday' }), [['timestamp', 'invalid_format']]],
  ['February 30', withChanges(pageview, { timestamp: '2021-02-30 09:15:27' }), [['timestamp', 'invalid_format']]],
  [
    'a timestamp past received + skew',
    withChanges(pageview, { timestamp: '2021-01-01T10:01:00.000001Z' }),
    [['timestamp', 'future_timestamp']],
  ],
  // top-level keys
  ['an unexpected key', withChanges(pageview, { user: 'u' }), [['user', 'unexpected_field']]],
  [
    'prototype-named keys',
    withChanges(pageview, { constructor: 1, toString: 2 }),
    [
      ['constructor', 'unexpected_field'],
      ['toString', 'unexpected_field'],
    ],
  ],
  [
    'a __proto__ key',
    JSON.stringify(pageview).replace('{', '{"__proto__":{"polluted":true},'),
    [['__proto__', 'unexpected_field']],
  ],
  // page data
  ['no host', withChanges(pageview, { data: { path: '/' } }), [['data.host', 'required']]],
  ['a numeric host', withChanges(pageview, { data: { host: 80, path: '/' } }), [['data.host', 'invalid_type']]],
  [
    'a host with a port',
    withChanges(pageview, { data: { host: 'a.com:80', path: '/' } }),
    [['data.host', 'invalid_format']],
  ],
  [
    'a host with a space',
    withChanges(pageview, { data: { host: 'a b.com', path: '/' } }),
    [['data.host', 'invalid_format']],
  ],
  [
    'a host label starting with a hyphen',
    withChanges(pageview, { data: { host: '-a.com', path: '/' } }),
    [['data.host', 'invalid_format']],
  ],
  [
    'a host label of 64 characters',
    withChanges(pageview, { data: { host: `${'a'.repeat(64)}.com`, path: '/' } }),
    [['data.host', 'invalid_format']],
  ],
  ['an empty host', withChanges(pageview, { data: { host: '', path: '/' } }), [['data.host', 'invalid_format']]],
  [
    'a path without a leading slash',
    withChanges(pageview, { data: { host: 'a.com', path: 'index.html' } }),
    [['data.path', 'invalid_format']],
  ],
  ['a null path', withChanges(pageview, { data: { host: 'a.com', path: null } }), [['data.path', 'invalid_type']]],
  [
    'unexpected data keys',
    withChanges(pageview, { data: { host: 'a.com', path: '/', a: 1, b: 2 } }),
    [
      ['data.a', 'unexpected_field'],
      ['data.b', 'unexpected_field'],
    ],
  ],
  [
    'a constructor key in data',
    withChanges(pageview, { data: { constructor: 'x', host: 'a.com', path: '/' } }),
    [['data.constructor', 'unexpected_field']],
  ],
  ['an element in a pageview', withChanges(pageview, { data: ctaClick.data }), [['data.element', 'unexpected_field']]],
  // cta click
  ['no element', withChanges(ctaClick, { data: { host: 'a.com', path: '/' } }), [['data.element', 'required']]],
  [
    'an empty element',
    withChanges(ctaClick, { data: { host: 'a.com', path: '/', element: '' } }),
    [['data.element', 'invalid_format']],
  ],
  [
    'an array element',
    withChanges(ctaClick, { data: { host: 'a.com', path: '/', element: ['x'] } }),
    [['data.element', 'invalid_type']],
  ],
  // form submit
  ['no form', withChanges(formSubmit, { data: { host: 'a.com', path: '/' } }), [['data.form', 'required']]],
  [
    'an array form',
    withChanges(formSubmit, { data: { host: 'a.com', path: '/', form: [] } }),
    [['data.form', 'invalid_type']],
  ],
  [
    'a string form',
    withChanges(formSubmit, { data: { host: 'a.com', path: '/', form: 'a=b' } }),
    [['data.form', 'invalid_type']],
  ],
  [
    'form values that are objects or arrays',
    withChanges(formSubmit, { data: { host: 'a.com', path: '/', form: { email: { $ne: null }, tags: ['a'] } } }),
    [
      // The $ne key cannot be stored as sent, and the value is not a form value.
      ['data.form.email.$ne', 'invalid_format'],
      ['data.form.email', 'invalid_type'],
      ['data.form.tags', 'invalid_type'],
    ],
  ],
  [
    'data nested deeper than 32 levels',
    withChanges(formSubmit, { data: { host: 'a.com', path: '/', form: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) } }),
    [[`data.form${'.a'.repeat(31)}`, 'too_deep']],
  ],
  [
    'form keys MongoDB cannot store safely',
    withChanges(formSubmit, {
      data: { host: 'a.com', path: '/', form: { $where: '1', 'a.b': 'x', 'nul\u0000': 'x', '': 'x' } },
    }),
    [
      ['data.form.$where', 'invalid_format'],
      ['data.form.a.b', 'invalid_format'],
      ['data.form.nul\u0000', 'invalid_format'],
      ['data.form.', 'invalid_format'],
    ],
  ],
  [
    'a __proto__ form key',
    JSON.stringify(formSubmit).replace('"form":{', '"form":{"__proto__":"x",'),
    [['data.form.__proto__', 'invalid_format']],
  ],
  // several at once, in the documented order
  [
    'everything wrong at once',
    JSON.stringify({
      zeta: 1,
      timestamp: '2099-01-01T00:00:00Z',
      data: { path: 'x', extra: true, form: { 'a.b': {} } },
      name: 'submit',
      category: 'form interaction',
      session_id: '',
      event_id: 5,
      alpha: 2,
    }),
    [
      ['event_id', 'invalid_type'],
      ['session_id', 'invalid_format'],
      ['timestamp', 'future_timestamp'],
      ['zeta', 'unexpected_field'],
      ['alpha', 'unexpected_field'],
      // What cannot be stored as sent comes first (and once per path), then the type's own checks.
      ['data.form.a.b', 'invalid_format'],
      ['data.host', 'required'],
      ['data.path', 'invalid_format'],
      ['data.extra', 'unexpected_field'],
    ],
  ],
];

describe('validateEventJson', () => {
  it.each(validCases)('accepts %s', (_title, raw) => {
    const result = validateEventJson(raw, options);
    expect(result).toEqual({ valid: true, event: expect.any(Object) });
  });

  it.each(invalidCases)('rejects %s', (_title, raw, expected) => {
    const result = validateEventJson(raw, options);
    if (result.valid) throw new Error('expected an invalid event');
    expect(result.issues.map((issue) => [issue.path, issue.code])).toEqual(expected);
    for (const issue of result.issues) {
      expect(issue.message).toMatch(issue.path === '' ? /^[A-Z]/ : new RegExp(`^${escapeRegExp(issue.path)} `));
      expect(issue.message).not.toMatch(/Invalid input|expected \w+, received/);
    }
  });

  it('covers every issue code in its table but unstorable, which only the store assigns', () => {
    const covered = new Set(invalidCases.flatMap(([, , expected]) => expected.map(([, code]) => code)));
    expect([...covered].sort()).toEqual(ISSUE_CODES.filter((code) => code !== 'unstorable').sort());
  });

  it('normalizes a valid event', () => {
    expect(validateEventJson(withChanges(formSubmit, { event_id: 'abc' }), options)).toEqual({
      valid: true,
      event: {
        eventId: 'abc',
        sessionId: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
        category: 'form interaction',
        name: 'submit',
        data: { host: 'www.consumeraffairs.com', path: '/', form: { first_name: 'John', last_name: 'Doe' } },
        timestamp: '2021-01-01T09:15:27.243860Z',
        timestampMicros: 1_609_492_527_243_860,
      },
    });
    const withoutId = validateEventJson(JSON.stringify(pageview), options);
    expect(withoutId.valid && 'eventId' in withoutId.event).toBe(false);
  });

  it('reports the envelope fields that passed their checks', () => {
    const result = validateEventJson(withChanges(pageview, { event_id: 'e1', name: 'scroll' }), options);
    expect(result).toMatchObject({
      valid: false,
      known: { eventId: 'e1', sessionId: pageview.session_id, category: 'page interaction', name: 'scroll' },
    });
    const broken = validateEventJson(withChanges(pageview, { event_id: '', session_id: 3 }), options);
    expect(broken).toMatchObject({ valid: false, known: { category: 'page interaction', name: 'pageview' } });
    expect(broken.valid ? {} : broken.known).not.toHaveProperty('eventId');
    expect(broken.valid ? {} : broken.known).not.toHaveProperty('sessionId');
  });

  it('honours maxEventBytes and counts UTF-8 bytes', () => {
    const raw = JSON.stringify(pageview);
    const bytes = Buffer.byteLength(raw);
    expect(validateEventJson(raw, { ...options, maxEventBytes: bytes }).valid).toBe(true);
    expect(validateEventJson(raw, { ...options, maxEventBytes: bytes - 1 })).toMatchObject({
      valid: false,
      issues: [{ path: '', code: 'too_large' }],
    });
  });

  it('uses the clock skew it is given', () => {
    const raw = withChanges(pageview, { timestamp: '2021-01-01T10:00:30Z' });
    expect(validateEventJson(raw, options).valid).toBe(true);
    expect(validateEventJson(raw, { ...options, clockSkewMs: 0 })).toMatchObject({
      issues: [{ path: 'timestamp', code: 'future_timestamp' }],
    });
  });
});

describe('validateEvent', () => {
  it('rejects values that are not plain objects', () => {
    for (const value of [undefined, new Date(), new Map(), [pageview], Object(5)]) {
      expect(validateEvent(value, options)).toMatchObject({
        valid: false,
        issues: [{ path: '', code: 'invalid_type' }],
      });
    }
  });

  it('accepts an object without a prototype', () => {
    expect(validateEvent(Object.assign(Object.create(null), pageview), options).valid).toBe(true);
  });
});

describe('isValidClientEventId', () => {
  it.each([
    ['a UUID', 'e2085be5-9137-4e4e-80b5-f1ffddc25423', true],
    ['128 characters', 'x'.repeat(128), true],
    ['128 astral characters', '😀'.repeat(128), true],
    ['129 characters', 'x'.repeat(129), false],
    ['an empty string', '', false],
    ['a number', 5, false],
    ['null', null, false],
  ])('says %s is %s', (_title, value, expected) => {
    expect(isValidClientEventId(value)).toBe(expected);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

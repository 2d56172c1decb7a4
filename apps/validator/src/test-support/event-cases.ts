import type { IssueCode } from '@eye/validators';

/** When the events of the table were received: one hour after the challenge's example timestamp. */
export const RECEIVED_AT_MICROS = Date.UTC(2021, 0, 1, 10, 0, 0) * 1000;

// The challenge's own example events, with its timestamp format.
export const pageview = {
  session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
  category: 'page interaction',
  name: 'pageview',
  data: { host: 'www.consumeraffairs.com', path: '/' },
  timestamp: '2021-01-01 09:15:27.243860',
};
export const ctaClick = {
  session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
  category: 'page interaction',
  name: 'cta click',
  data: { host: 'www.consumeraffairs.com', path: '/', element: 'chat bubble' },
  timestamp: '2021-01-01 09:15:27.243860',
};
export const formSubmit = {
  session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
  category: 'form interaction',
  name: 'submit',
  data: { host: 'www.consumeraffairs.com', path: '/', form: { first_name: 'John', last_name: 'Doe' } },
  timestamp: '2021-01-01 09:15:27.243860',
};

/** `event` with `changes` applied; a change to `undefined` removes the key. */
export function changed(event: object, changes: Record<string, unknown>): string {
  return JSON.stringify({ ...event, ...changes });
}

/** A valid event: its raw JSON and what must be stored for it. */
export interface ValidCase {
  title: string;
  raw: string;
  expected: {
    session_id: string;
    category: string;
    name: string;
    data: Record<string, unknown>;
    /** Exact microseconds since the epoch of its timestamp. */
    ts_us: number;
  };
}

/** An invalid event: its raw JSON and the issues (path, code) it must be recorded with. */
export interface InvalidCase {
  title: string;
  raw: string;
  issues: Array<[path: string, code: IssueCode]>;
  /** The envelope fields that must be kept with it (those that passed their own checks). */
  known: { session_id?: string; category?: string; name?: string };
}

const micros = (iso: string, fraction: number) => Date.parse(iso) * 1000 + fraction;

export const VALID_CASES: ValidCase[] = [
  {
    title: 'the challenge pageview (timestamp 2021-01-01 09:15:27.243860, no offset = UTC)',
    raw: JSON.stringify(pageview),
    expected: { ...pick(pageview), ts_us: micros('2021-01-01T09:15:27Z', 243_860) },
  },
  {
    title: 'the challenge cta click',
    raw: JSON.stringify(ctaClick),
    expected: { ...pick(ctaClick), ts_us: micros('2021-01-01T09:15:27Z', 243_860) },
  },
  {
    title: 'the challenge form submit',
    raw: JSON.stringify(formSubmit),
    expected: { ...pick(formSubmit), ts_us: micros('2021-01-01T09:15:27Z', 243_860) },
  },
  {
    title: 'a client event_id and an RFC 3339 timestamp with an offset',
    raw: changed(pageview, { event_id: 'client-id-1', timestamp: '2021-01-01T10:15:27.000001+01:00' }),
    expected: { ...pick(pageview), ts_us: micros('2021-01-01T09:15:27Z', 1) },
  },
  {
    title: 'a form with values of every allowed type',
    raw: changed(formSubmit, { data: { host: 'a.example', path: '/f?x=1', form: { s: 'x', n: -1.5, t: true, z: null } } }),
    expected: {
      ...pick(formSubmit),
      data: { host: 'a.example', path: '/f?x=1', form: { s: 'x', n: -1.5, t: true, z: null } },
      ts_us: micros('2021-01-01T09:15:27Z', 243_860),
    },
  },
  {
    title: 'a timestamp exactly at received + 60 s skew',
    raw: changed(pageview, { timestamp: '2021-01-01T10:01:00Z' }),
    expected: { ...pick(pageview), ts_us: micros('2021-01-01T10:01:00Z', 0) },
  },
];

export const INVALID_CASES: InvalidCase[] = [
  { title: 'text that is not JSON', raw: '{"session_id": "s1", ', issues: [['', 'invalid_format']], known: {} },
  { title: 'a JSON array', raw: '[1, 2]', issues: [['', 'invalid_type']], known: {} },
  {
    title: 'an event over 64 KiB',
    raw: changed(pageview, { data: { host: 'a.example', path: `/${'x'.repeat(66_000)}` } }),
    issues: [['', 'too_large']],
    known: {},
  },
  {
    title: 'no session_id',
    raw: changed(pageview, { session_id: undefined }),
    issues: [['session_id', 'required']],
    known: { category: pageview.category, name: pageview.name },
  },
  {
    title: 'a numeric session_id and an unparseable timestamp',
    raw: changed(ctaClick, { session_id: 42, timestamp: 'yesterday' }),
    issues: [
      ['session_id', 'invalid_type'],
      ['timestamp', 'invalid_format'],
    ],
    known: { category: ctaClick.category, name: ctaClick.name },
  },
  {
    title: 'a session_id of 129 characters',
    raw: changed(pageview, { session_id: 's'.repeat(129) }),
    issues: [['session_id', 'too_long']],
    known: { category: pageview.category, name: pageview.name },
  },
  {
    title: 'a numeric event_id (the event gets a server-made id)',
    raw: changed(pageview, { event_id: 7 }),
    issues: [['event_id', 'invalid_type']],
    known: { session_id: pageview.session_id, category: pageview.category, name: pageview.name },
  },
  {
    title: 'a timestamp past received + skew',
    raw: changed(pageview, { timestamp: '2021-01-01T10:01:00.000001Z' }),
    issues: [['timestamp', 'future_timestamp']],
    known: { session_id: pageview.session_id, category: pageview.category, name: pageview.name },
  },
  {
    title: 'an unregistered event type',
    raw: changed(pageview, { name: 'scroll' }),
    issues: [['', 'unknown_event_type']],
    known: { session_id: pageview.session_id, category: pageview.category, name: 'scroll' },
  },
  {
    title: 'an unexpected top-level key and an unexpected data key',
    raw: changed(pageview, { user: 'u1', data: { host: 'a.example', path: '/', referrer: 'x' } }),
    issues: [
      ['user', 'unexpected_field'],
      ['data.referrer', 'unexpected_field'],
    ],
    known: { session_id: pageview.session_id, category: pageview.category, name: pageview.name },
  },
  {
    title: 'a pageview host with a port and a path without a slash',
    raw: changed(pageview, { data: { host: 'a.example:80', path: 'index.html' } }),
    issues: [
      ['data.host', 'invalid_format'],
      ['data.path', 'invalid_format'],
    ],
    known: { session_id: pageview.session_id, category: pageview.category, name: pageview.name },
  },
  {
    title: 'a cta click without an element',
    raw: changed(ctaClick, { data: { host: 'a.example', path: '/' } }),
    issues: [['data.element', 'required']],
    known: { session_id: ctaClick.session_id, category: ctaClick.category, name: ctaClick.name },
  },
  {
    title: 'a form submit with an object value and a $-key',
    raw: changed(formSubmit, { data: { host: 'a.example', path: '/', form: { email: { $ne: null }, $where: '1' } } }),
    // What could not be stored as sent first, by path; then the form's own check.
    issues: [
      ['data.form.$where', 'invalid_format'],
      ['data.form.email.$ne', 'invalid_format'],
      ['data.form.email', 'invalid_type'],
    ],
    known: { session_id: formSubmit.session_id, category: formSubmit.category, name: formSubmit.name },
  },
  {
    title: 'a form submit whose form holds _bsontype (it stopped the old write path)',
    raw: changed(formSubmit, { data: { host: 'a.example', path: '/', form: { _bsontype: 'x' } } }),
    issues: [['data.form._bsontype', 'invalid_format']],
    known: { session_id: formSubmit.session_id, category: formSubmit.category, name: formSubmit.name },
  },
  {
    title: 'data nested 40 levels deep',
    raw: changed(pageview, { data: { host: 'a.example', path: '/', deep: JSON.parse(`${'{"a":'.repeat(38)}1${'}'.repeat(38)}`) } }),
    issues: [[`data.deep${'.a'.repeat(31)}`, 'too_deep']],
    known: { session_id: pageview.session_id, category: pageview.category, name: pageview.name },
  },
  {
    title: 'string data',
    raw: changed(formSubmit, { data: 'first_name=John' }),
    issues: [['data', 'invalid_type']],
    known: { session_id: formSubmit.session_id, category: formSubmit.category, name: formSubmit.name },
  },
];

function pick(event: { session_id: string; category: string; name: string; data: Record<string, unknown> }) {
  return { session_id: event.session_id, category: event.category, name: event.name, data: event.data };
}

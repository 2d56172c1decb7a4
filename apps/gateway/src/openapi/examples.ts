/**
 * The challenge's events, as applications send them: one of each built-in type, from the same
 * session, used as the examples of the OpenAPI description.
 */
export const EXAMPLE_SESSION_ID = 'e2085be5-9137-4e4e-80b5-f1ffddc25423';

export const PAGEVIEW_EXAMPLE = {
  session_id: EXAMPLE_SESSION_ID,
  category: 'page interaction',
  name: 'pageview',
  data: { host: 'www.consumeraffairs.com', path: '/' },
  timestamp: '2021-01-01 09:15:27.243860',
};

export const CTA_CLICK_EXAMPLE = {
  session_id: EXAMPLE_SESSION_ID,
  category: 'page interaction',
  name: 'cta click',
  data: { host: 'www.consumeraffairs.com', path: '/', element: 'chat bubble' },
  timestamp: '2021-01-01 09:15:27.243860',
};

export const FORM_SUBMIT_EXAMPLE = {
  session_id: EXAMPLE_SESSION_ID,
  category: 'form interaction',
  name: 'submit',
  data: { host: 'www.consumeraffairs.com', path: '/', form: { first_name: 'John', last_name: 'Doe' } },
  timestamp: '2021-01-01 09:15:27.243860',
};

export const CHALLENGE_EVENTS = [PAGEVIEW_EXAMPLE, CTA_CLICK_EXAMPLE, FORM_SUBMIT_EXAMPLE];

/** An example event id and receive time, for stored-event examples. */
export const EXAMPLE_EVENT_ID = '0193f1a2-7c4e-7b1a-9a57-3d2f1c6b8e01';
export const EXAMPLE_RECEIVED_AT = '2026-01-01T12:00:00.123000Z';

/** The challenge's cta click as The Eye returns it once stored. */
export const STORED_EVENT_EXAMPLE = {
  id: EXAMPLE_EVENT_ID,
  application: 'consumeraffairs-web',
  session_id: EXAMPLE_SESSION_ID,
  category: 'page interaction',
  name: 'cta click',
  data: CTA_CLICK_EXAMPLE.data,
  timestamp: '2021-01-01T09:15:27.243860Z',
  received_at: EXAMPLE_RECEIVED_AT,
};

/** The challenge's pageview sent without `data.host`, as The Eye records it. */
export const INVALID_EVENT_EXAMPLE = {
  id: '0193f1a2-7c4e-7b1a-9a57-3d2f1c6b8e02',
  application: 'consumeraffairs-web',
  received_at: EXAMPLE_RECEIVED_AT,
  session_id: EXAMPLE_SESSION_ID,
  category: 'page interaction',
  name: 'pageview',
  issues: [{ path: 'data.host', code: 'required', message: 'data.host is required' }],
  raw: { ...PAGEVIEW_EXAMPLE, data: { path: '/' } },
};

import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeGateway } from '../test-support/gateway-fixture';
import { page, storedEvent } from '../test-support/fixtures';
import { renderExplorer } from '../test-support/render';
import { timeline } from './session-view';

const events = [
  storedEvent({ id: 'a', timestamp: '2026-01-01T09:00:00.000000Z', name: 'pageview' }),
  storedEvent({ id: 'b', timestamp: '2026-01-01T09:00:01.250000Z', name: 'cta click', data: { host: 'www.example.com', path: '/', element: 'buy' } }),
  storedEvent({ id: 'c', timestamp: '2026-01-01T09:02:05.250000Z', category: 'form interaction', name: 'submit', data: { host: 'www.example.com', path: '/', form: {} } }),
];
const summary = {
  session_id: 's-1',
  first_seen: '2026-01-01T09:00:00.000000Z',
  last_seen: '2026-01-01T09:02:05.250000Z',
  event_count: 3,
  categories: ['form interaction', 'page interaction'],
  applications: ['shop'],
};

describe('timeline', () => {
  it('gives each event the time since the previous one and since the session began', () => {
    expect(timeline(events, Date.parse(summary.first_seen) * 1000).map(({ event, sincePreviousUs, sinceStartUs }) => [event.id, sincePreviousUs, sinceStartUs])).toEqual([
      ['a', undefined, 0],
      ['b', 1_250_000, 1_250_000],
      ['c', 124_000_000, 125_250_000],
    ]);
  });
});

describe('the session view', () => {
  it('shows the summary and the events in time order with their gaps', async () => {
    const gateway = fakeGateway({ 'GET /v1/sessions/s-1': { status: 200, body: summary }, 'GET /v1/sessions/s-1/events': page(events) });
    renderExplorer('/sessions/s-1', { fetch: gateway.fetch });

    const steps = within(await screen.findByRole('list', { name: "The session's events in time order" })).getAllByRole('listitem');
    expect(steps.map((step) => within(step).getByRole('link').textContent)).toEqual(['page interaction / pageview', 'page interaction / cta click', 'form interaction / submit']);
    expect(steps.map((step) => step.querySelector('.since-previous')?.textContent)).toEqual(['start', '+1.250 s', '+2 min 04 s']);
    expect(steps.map((step) => step.querySelector('.since-start')?.textContent)).toEqual(['T+0.000 s', 'T+1.250 s', 'T+2 min 05 s']);

    const region = screen.getByRole('region', { name: 'Summary' });
    expect(region).toHaveTextContent('Events3');
    expect(region).toHaveTextContent('Duration2 min 05 s');
    expect(region).toHaveTextContent('form interaction, page interaction');
    expect(gateway.requests.find((r) => r.path === '/v1/sessions/s-1/events')?.query).toEqual({ limit: '50' });
  });

  it('keeps the gaps across pages', async () => {
    const gateway = fakeGateway({
      'GET /v1/sessions/s-1': { status: 200, body: summary },
      'GET /v1/sessions/s-1/events': (query) => (query.get('cursor') ? page(events.slice(2)) : page(events.slice(0, 2), 'next')),
    });
    renderExplorer('/sessions/s-1', { fetch: gateway.fetch });
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Load more' }));
    await screen.findByText(/3 events shown/);
    const last = within(screen.getByRole('list', { name: "The session's events in time order" })).getAllByRole('listitem').at(-1);
    expect(last?.querySelector('.since-previous')?.textContent).toBe('+2 min 04 s');
  });

  it('says when a session has no stored events', async () => {
    const gateway = fakeGateway({ 'GET /v1/sessions/s-none/events': page([]) });
    renderExplorer('/sessions/s-none', { fetch: gateway.fetch });
    expect(await screen.findByText(/This session has no stored \(valid\) events/)).toBeInTheDocument();
    expect(await screen.findByText('No events in this session.')).toBeInTheDocument();
  });
});

import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeGateway } from '../test-support/gateway-fixture';
import { errorPage, invalidEvent, page, storedEvent } from '../test-support/fixtures';
import { renderExplorer } from '../test-support/render';
import { LIVE_LIMIT, LIVE_WINDOW_MS, POLL_MS } from './live-view';

afterEach(() => {
  jest.useRealTimers();
});

describe('the live view', () => {
  it('shows the newest events, and the invalid events apart with their issue codes', async () => {
    const gateway = fakeGateway({
      'GET /v1/events': page([storedEvent({ id: 'e-2', name: 'cta click', data: { host: 'a.example', path: '/', element: 'buy' } }), storedEvent()]),
      'GET /v1/errors': errorPage([invalidEvent(), invalidEvent({ id: 'bad-2', category: undefined, name: undefined, issues: [{ path: 'category', code: 'required', message: 'category is required' }] })]),
    });
    renderExplorer('/', { fetch: gateway.fetch });

    const events = await screen.findByRole('table', { name: 'Newest events' });
    expect(within(events).getAllByRole('row')).toHaveLength(3);
    expect(within(events).getByText('page interaction / cta click')).toBeInTheDocument();
    const invalid = await screen.findByRole('list', { name: 'Newest invalid events' });
    const [first, second] = within(invalid).getAllByRole('listitem');
    expect(first).toHaveTextContent('page interaction / pageview');
    expect(first).toHaveTextContent('invalid_type');
    expect(second).toHaveTextContent('(no type)');
    expect(second).toHaveTextContent('required');
    // An invalid event links to its detail in the errors view.
    expect(within(first as HTMLElement).getByRole('link')).toHaveAttribute('href', '/errors?application=shop&open=bad-1');

    // The last 15 minutes: a bounded window, read minute by minute where the database scans.
    const eventsQuery = gateway.requests.find((r) => r.path === '/v1/events')?.query;
    const errorsQuery = gateway.requests.find((r) => r.path === '/v1/errors')?.query;
    expect(eventsQuery).toEqual({ order: 'desc', limit: String(LIVE_LIMIT), from: expect.any(String) });
    expect(errorsQuery).toEqual({ limit: String(LIVE_LIMIT), from: expect.any(String) });
    for (const query of [eventsQuery, errorsQuery]) {
      const back = Date.now() - Date.parse(query?.['from'] ?? '');
      expect(back).toBeGreaterThanOrEqual(LIVE_WINDOW_MS);
      expect(back).toBeLessThan(LIVE_WINDOW_MS + 60_000);
    }
  });

  it('passes the filters of the address to both lists', async () => {
    const gateway = fakeGateway({ 'GET /v1/events': page([]), 'GET /v1/errors': errorPage([]) });
    renderExplorer('/?application=shop&category=page+interaction', { fetch: gateway.fetch });
    expect(await screen.findByText(/No events yet/)).toBeInTheDocument();
    expect(await screen.findByText(/No invalid events/)).toBeInTheDocument();
    for (const path of ['/v1/events', '/v1/errors']) {
      expect(gateway.requests.find((r) => r.path === path)?.query).toMatchObject({ application: 'shop', category: 'page interaction' });
    }
    expect(screen.getByLabelText('Application')).toHaveValue('shop');
  });

  it('polls for new events, marks what arrived since it opened, and stops while paused', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-01-01T10:00:00Z'), advanceTimers: true });
    let polls = 0;
    const gateway = fakeGateway({
      'GET /v1/events': () => {
        polls += 1;
        const old = storedEvent({ id: 'old', received_at: '2026-01-01T09:59:00.000000Z' });
        return polls === 1 ? page([old]) : page([storedEvent({ id: 'fresh', received_at: '2026-01-01T10:00:01.000000Z' }), old]);
      },
      'GET /v1/errors': errorPage([]),
    });
    const user = userEvent.setup({ advanceTimers: (ms) => jest.advanceTimersByTime(ms) });
    renderExplorer('/', { fetch: gateway.fetch });
    const table = await screen.findByRole('table', { name: 'Newest events' });
    expect(within(table).queryByText('new')).not.toBeInTheDocument();

    await act(() => jest.advanceTimersByTimeAsync(POLL_MS + 100));
    expect(await within(table).findByText('new')).toBeInTheDocument();
    expect(within(table).getAllByRole('row')).toHaveLength(3);

    await user.click(screen.getByRole('button', { name: 'Pause' }));
    expect(screen.getByRole('button', { name: 'Resume' })).toHaveAttribute('aria-pressed', 'true');
    const pollsWhenPaused = polls;
    await act(() => jest.advanceTimersByTimeAsync(POLL_MS * 3));
    expect(polls).toBe(pollsWhenPaused);

    await user.click(screen.getByRole('button', { name: 'Resume' }));
    await act(() => jest.advanceTimersByTimeAsync(POLL_MS + 100));
    expect(polls).toBeGreaterThan(pollsWhenPaused);
  });
});

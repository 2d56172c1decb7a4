import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorAnswer, fakeGateway } from '../test-support/gateway-fixture';
import { page, storedEvent } from '../test-support/fixtures';
import { renderExplorer } from '../test-support/render';
import { fromLocalInput, toLocalInput } from '../time';
import { PAGE_SIZE } from './events-view';

describe('the events view', () => {
  it('reads the filters from the address, newest first by default, one page of 50', async () => {
    const gateway = fakeGateway({ 'GET /v1/events': page([storedEvent()]) });
    renderExplorer('/events?category=page+interaction&session_id=s-1&from=2026-01-01T00:00:00.000Z', { fetch: gateway.fetch });
    await screen.findByRole('table', { name: 'Events matching the filters' });
    expect(gateway.requests).toEqual([
      expect.objectContaining({ path: '/v1/events', query: { category: 'page interaction', session_id: 's-1', from: '2026-01-01T00:00:00.000Z', order: 'desc', limit: String(PAGE_SIZE) } }),
    ]);
    expect(screen.getByLabelText('Category')).toHaveValue('page interaction');
    // Shown in local time (the input drops zero seconds), the same instant as the address's UTC.
    expect(fromLocalInput((screen.getByLabelText('From (event time)') as HTMLInputElement).value)).toBe('2026-01-01T00:00:00.000Z');
  });

  it('writes the filters into the address when applied: times typed in local time are kept in UTC', async () => {
    const gateway = fakeGateway({ 'GET /v1/events': page([]) });
    renderExplorer('/events', { fetch: gateway.fetch });
    await screen.findByText('No events match these filters.');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Application'), 'shop');
    await user.type(screen.getByLabelText('To (event time, excluded)'), toLocalInput('2026-02-03T04:05:06.000Z'));
    await user.selectOptions(screen.getByLabelText('Order'), 'asc');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    await screen.findByText('No events match these filters.');
    expect(gateway.requests.at(-1)?.query).toEqual({ application: 'shop', to: '2026-02-03T04:05:06.000Z', order: 'asc', limit: String(PAGE_SIZE) });
  });

  it('loads more with the cursor of the last page, after the events shown', async () => {
    const gateway = fakeGateway({
      'GET /v1/events': (query) => (query.get('cursor') === 'c1' ? page([storedEvent({ id: 'e-2' })]) : page([storedEvent({ id: 'e-1' })], 'c1')),
    });
    renderExplorer('/events', { fetch: gateway.fetch });
    const table = await screen.findByRole('table', { name: 'Events matching the filters' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText(/2 events shown — that is all/)).toBeInTheDocument();
    expect(within(table).getAllByRole('link', { name: /, event e-\d$/ }).map((link) => link.getAttribute('href'))).toEqual(['/events/e-1?application=shop', '/events/e-2?application=shop']);
    expect(gateway.requests.at(-1)?.query).toMatchObject({ cursor: 'c1' });
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('retries a backend that is away briefly, then says so and offers to try again', async () => {
    let calls = 0;
    const gateway = fakeGateway({
      'GET /v1/events': () => (++calls <= 3 ? errorAnswer(503, 'unavailable', 'query service unavailable') : page([storedEvent()])),
    });
    renderExplorer('/events', { fetch: gateway.fetch });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The Eye is not answering now');
    // The first attempt and the client library's two retries.
    expect(calls).toBe(3);
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'Events matching the filters' })).toBeInTheDocument();
  });

  it('says which scope a token lacks', async () => {
    const gateway = fakeGateway({ 'GET /v1/events': errorAnswer(403, 'forbidden', 'the token lacks the "query" scope') });
    renderExplorer('/events', { fetch: gateway.fetch });
    expect(await screen.findByRole('alert')).toHaveTextContent('This token lacks the “query” scope');
  });
});

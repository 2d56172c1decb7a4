import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeGateway } from '../test-support/gateway-fixture';
import { storedEvent } from '../test-support/fixtures';
import { renderExplorer } from '../test-support/render';

describe('the event detail', () => {
  it('shows every field, the data as formatted JSON, and links to its session and type', async () => {
    const event = storedEvent({ id: 'id with space', data: { host: 'www.example.com', path: '/', form: { first_name: 'Jo' } } });
    const gateway = fakeGateway({ 'GET /v1/events/id%20with%20space': { status: 200, body: event } });
    renderExplorer('/events/id%20with%20space?application=shop', { clientFor: gateway.clientFor });

    const fields = await screen.findByRole('region', { name: 'Fields' });
    expect(gateway.requests[0]).toMatchObject({ path: '/v1/events/id%20with%20space', query: { application: 'shop' } });
    for (const text of ['id with space', 'shop', 's-1', 'page interaction / pageview', '2026-01-01T09:15:27.243860Z', '2026-01-01T09:15:27.300000Z']) {
      expect(within(fields).getAllByText(text, { exact: false }).length).toBeGreaterThan(0);
    }
    expect(within(fields).getByRole('link', { name: 's-1' })).toHaveAttribute('href', '/sessions/s-1');
    expect(screen.getByLabelText("The event's data as JSON")).toHaveTextContent(JSON.stringify(event.data, null, 2).replace(/\s+/g, ' '), { normalizeWhitespace: true });
  });

  it('copies with its copy buttons and says so', async () => {
    const gateway = fakeGateway({ 'GET /v1/events/e-1': { status: 200, body: storedEvent() } });
    const user = userEvent.setup();
    renderExplorer('/events/e-1', { clientFor: gateway.clientFor });
    await user.click(await screen.findByRole('button', { name: 'Copy data' }));
    expect(await navigator.clipboard.readText()).toBe(JSON.stringify({ host: 'www.example.com', path: '/' }, null, 2));
    expect(screen.getAllByRole('status').some((status) => status.textContent === 'Copied')).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Copy id' }));
    expect(await navigator.clipboard.readText()).toBe('e-1');
  });

  it('says when there is no such stored event', async () => {
    const gateway = fakeGateway({});
    renderExplorer('/events/missing', { clientFor: gateway.clientFor });
    expect(await screen.findByText(/No stored event has the id/)).toBeInTheDocument();
  });
});

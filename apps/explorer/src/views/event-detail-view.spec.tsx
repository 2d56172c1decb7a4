import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorAnswer, fakeGateway } from '../test-support/gateway-fixture';
import recordedTrace from '../test-support/jaeger-trace.json';
import { storedEvent } from '../test-support/fixtures';
import { renderExplorer } from '../test-support/render';

describe('the event detail', () => {
  it('shows every field, the data as formatted JSON, and links to its session and type', async () => {
    const event = storedEvent({ id: 'id with space', data: { host: 'www.example.com', path: '/', form: { first_name: 'Jo' } } });
    const gateway = fakeGateway({ 'GET /v1/events/id%20with%20space': { status: 200, body: event } });
    renderExplorer('/events/id%20with%20space?application=shop', { fetch: gateway.fetch });

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
    renderExplorer('/events/e-1', { fetch: gateway.fetch });
    await user.click(await screen.findByRole('button', { name: 'Copy data' }));
    expect(await navigator.clipboard.readText()).toBe(JSON.stringify({ host: 'www.example.com', path: '/' }, null, 2));
    expect(screen.getAllByRole('status').some((status) => status.textContent === 'Copied')).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Copy id' }));
    expect(await navigator.clipboard.readText()).toBe('e-1');
  });

  it('says when there is no such stored event', async () => {
    const gateway = fakeGateway({});
    renderExplorer('/events/missing', { fetch: gateway.fetch });
    expect(await screen.findByText(/No stored event has the id/)).toBeInTheDocument();
  });

  it('links to its trace in Jaeger and shows the spans as a waterfall', async () => {
    const traceId = recordedTrace.data[0]?.traceID ?? '';
    const gateway = fakeGateway({
      'GET /v1/events/e-1': { status: 200, body: storedEvent({ trace_id: traceId }) },
      'GET /explorer/config.json': { status: 200, body: { jaeger_ui_url: 'http://jaeger.example:16686' } },
      [`GET /explorer/jaeger/api/traces/${traceId}`]: { status: 200, body: recordedTrace },
    });
    renderExplorer('/events/e-1', { fetch: gateway.fetch });

    const trace = await screen.findByRole('region', { name: 'Trace' });
    const waterfall = await within(trace).findByRole('table', { name: `Spans of trace ${traceId}, in call order` });
    expect(within(waterfall).getAllByRole('row')).toHaveLength(1 + recordedTrace.data[0]!.spans.length);
    expect(within(waterfall).getAllByRole('row')[1]).toHaveTextContent('eye-gatewayPOST /v1/events');
    expect(within(trace).getByText(/spans in eye-gateway, eye-ingest, eye-validator/)).toBeInTheDocument();
    await waitFor(() => expect(within(trace).getByRole('link', { name: 'Open in Jaeger' })).toHaveAttribute('href', `http://jaeger.example:16686/trace/${traceId}`));
    // The token goes to the gateway's proxy, which keeps it.
    expect(gateway.requests.find((r) => r.path.startsWith('/explorer/jaeger/'))?.authorization).toBe('Bearer eye_test_token');
  });

  it('still links to the trace when Jaeger cannot be read, and says why there is no waterfall', async () => {
    const gateway = fakeGateway({
      'GET /v1/events/e-1': { status: 200, body: storedEvent({ trace_id: 'ab'.repeat(16) }) },
      [`GET /explorer/jaeger/api/traces/${'ab'.repeat(16)}`]: errorAnswer(503, 'unavailable', 'Jaeger is not reachable'),
    });
    renderExplorer('/events/e-1', { fetch: gateway.fetch });
    const trace = await screen.findByRole('region', { name: 'Trace' });
    expect(await within(trace).findByText(/Jaeger's API cannot be read through the gateway now/)).toBeInTheDocument();
    expect(within(trace).getByRole('link', { name: 'Open in Jaeger' })).toHaveAttribute('href', `http://127.0.0.1:16686/trace/${'ab'.repeat(16)}`);
  });

  it('says when an event has no trace', async () => {
    const gateway = fakeGateway({ 'GET /v1/events/e-1': { status: 200, body: storedEvent() } });
    renderExplorer('/events/e-1', { fetch: gateway.fetch });
    expect(await screen.findByText('No trace: tracing was off when this event was sent.')).toBeInTheDocument();
  });
});

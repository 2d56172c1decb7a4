import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Stats } from '@the-eye/client';
import { errorAnswer, fakeGateway } from '../test-support/gateway-fixture';
import { renderExplorer } from '../test-support/render';
import { minuteRows, typeRows } from './stats-view';

const timeline = {
  from: '2026-01-02T08:58:00.000000Z',
  to: '2026-01-02T09:01:00.000000Z',
  interval_s: 60,
  buckets: [
    { start: '2026-01-02T08:58:00.000000Z', valid: 1, invalid: 0 },
    { start: '2026-01-02T08:59:00.000000Z', valid: 4, invalid: 2 },
    { start: '2026-01-02T09:00:00.000000Z', valid: 0, invalid: 0 },
  ],
};
const TIMELINE = { status: 200, body: timeline };

describe('minuteRows', () => {
  it('gives each minute its local time of day, and says where the peak was', () => {
    const { rows, summary } = minuteRows(timeline);
    const local = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    expect(rows).toEqual([
      { minute: local('2026-01-02T08:58:00Z'), valid: 1, invalid: 0 },
      { minute: local('2026-01-02T08:59:00Z'), valid: 4, invalid: 2 },
      { minute: local('2026-01-02T09:00:00Z'), valid: 0, invalid: 0 },
    ]);
    expect(summary).toBe(`7 events over 3 minutes; the busiest minute, ${local('2026-01-02T08:59:00Z')}, had 4 valid and 2 invalid`);
    expect(minuteRows({ ...timeline, buckets: [] }).summary).toBe('no events over 0 minutes');
  });
});

const stats: Stats = {
  from: '2026-01-01T09:00:00.000000Z',
  to: '2026-01-02T09:00:00.000000Z',
  valid: 7,
  invalid: 4,
  by_type: [
    { category: 'form interaction', name: 'submit', valid: 1, invalid: 0 },
    { category: 'page interaction', name: 'pageview', valid: 6, invalid: 3 },
  ],
};

describe('typeRows', () => {
  it('puts the busiest types first and counts invalid events without a type in their own row', () => {
    expect(typeRows(stats)).toEqual([
      { type: 'page interaction / pageview', valid: 6, invalid: 3 },
      { type: 'form interaction / submit', valid: 1, invalid: 0 },
      { type: '(no category and name)', valid: 0, invalid: 1 },
    ]);
  });
});

describe('the stats view', () => {
  it('shows counts by type in a table with totals, for the last 24 hours by default', async () => {
    const gateway = fakeGateway({ 'GET /v1/stats': { status: 200, body: stats }, 'GET /v1/stats/timeline': TIMELINE });
    renderExplorer('/stats', { fetch: gateway.fetch });

    const table = await screen.findByRole('table', { name: 'Valid and invalid events by type' });
    expect(within(table).getAllByRole('row').map((row) => Array.from(row.children, (cell) => cell.textContent))).toEqual([
      ['Type', 'Valid', 'Invalid', 'Invalid share'],
      ['page interaction / pageview', '6', '3', '33.3 %'],
      ['form interaction / submit', '1', '0', '0.0 %'],
      ['(no category and name)', '0', '1', '100.0 %'],
      ['All', '7', '4', '36.4 %'],
    ]);
    expect(screen.getByRole('figure', { name: 'Chart: 7 valid and 4 invalid events in 3 types' })).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: /^Chart: 7 events over 3 minutes/ })).toBeInTheDocument();
    expect(screen.getByLabelText('Window')).toHaveValue('24h');
    const { from, to } = gateway.requests[0]?.query ?? {};
    expect(Date.parse(to ?? '') - Date.parse(from ?? '')).toBe(24 * 3600 * 1000);
    // One window for both reads.
    expect(gateway.requests.find((r) => r.path === '/v1/stats/timeline')?.query).toEqual({ from, to });
  });

  it('shows the counts by type even when the per-minute read is refused', async () => {
    const gateway = fakeGateway({ 'GET /v1/stats': { status: 200, body: stats }, 'GET /v1/stats/timeline': errorAnswer(400, 'invalid_query', 'the timeline covers at most 24 hours: narrow from/to') });
    renderExplorer('/stats?from=2026-01-01T00:00:00.000Z&to=2026-01-03T00:00:00.000Z', { fetch: gateway.fetch });
    expect(await screen.findByRole('table', { name: 'Valid and invalid events by type' })).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Per minute' })).getByRole('alert')).toHaveTextContent('the timeline covers at most 24 hours');
  });

  it('asks again for a moved window on refresh, and for an explicit window from the address', async () => {
    const gateway = fakeGateway({ 'GET /v1/stats': { status: 200, body: stats }, 'GET /v1/stats/timeline': TIMELINE });
    renderExplorer('/stats?window=15m', { fetch: gateway.fetch });
    await screen.findByRole('table', { name: 'Valid and invalid events by type' });
    const { from, to } = gateway.requests[0]?.query ?? {};
    expect(Date.parse(to ?? '') - Date.parse(from ?? '')).toBe(15 * 60 * 1000);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Refresh' }));
    expect(gateway.requests.filter((r) => r.path === '/v1/stats')).toHaveLength(2);

    const explicit = fakeGateway({ 'GET /v1/stats': { status: 200, body: stats }, 'GET /v1/stats/timeline': TIMELINE });
    renderExplorer('/stats?from=2026-01-01T00:00:00.000Z&to=2026-01-01T06:00:00.000Z', { fetch: explicit.fetch });
    await screen.findAllByRole('table', { name: 'Valid and invalid events by type' });
    expect(explicit.requests[0]?.query).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T06:00:00.000Z' });
  });

  it('says when nothing was received', async () => {
    const gateway = fakeGateway({ 'GET /v1/stats': { status: 200, body: { ...stats, valid: 0, invalid: 0, by_type: [] } }, 'GET /v1/stats/timeline': TIMELINE });
    renderExplorer('/stats', { fetch: gateway.fetch });
    expect(await screen.findByText('Nothing was received in this window.')).toBeInTheDocument();
  });
});

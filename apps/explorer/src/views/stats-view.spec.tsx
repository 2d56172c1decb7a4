import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Stats } from '@the-eye/client';
import { fakeGateway } from '../test-support/gateway-fixture';
import { renderExplorer } from '../test-support/render';
import { typeRows } from './stats-view';

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
    const gateway = fakeGateway({ 'GET /v1/stats': { status: 200, body: stats } });
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
    const { from, to } = gateway.requests[0]?.query ?? {};
    expect(Date.parse(to ?? '') - Date.parse(from ?? '')).toBe(24 * 3600 * 1000);
  });

  it('asks again for a moved window on refresh, and for an explicit window from the address', async () => {
    const gateway = fakeGateway({ 'GET /v1/stats': { status: 200, body: stats } });
    renderExplorer('/stats?window=15m', { fetch: gateway.fetch });
    await screen.findByRole('table', { name: 'Valid and invalid events by type' });
    const { from, to } = gateway.requests[0]?.query ?? {};
    expect(Date.parse(to ?? '') - Date.parse(from ?? '')).toBe(15 * 60 * 1000);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Refresh' }));
    expect(gateway.requests).toHaveLength(2);

    const explicit = fakeGateway({ 'GET /v1/stats': { status: 200, body: stats } });
    renderExplorer('/stats?from=2026-01-01T00:00:00.000Z&to=2026-01-01T06:00:00.000Z', { fetch: explicit.fetch });
    await screen.findAllByRole('table', { name: 'Valid and invalid events by type' });
    expect(explicit.requests[0]?.query).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T06:00:00.000Z' });
  });

  it('says when nothing was received', async () => {
    const gateway = fakeGateway({ 'GET /v1/stats': { status: 200, body: { ...stats, valid: 0, invalid: 0, by_type: [] } } });
    renderExplorer('/stats', { fetch: gateway.fetch });
    expect(await screen.findByText('Nothing was received in this window.')).toBeInTheDocument();
  });
});

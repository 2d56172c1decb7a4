/**
 * The explorer end to end, in real Chromium (Debian's package, headless) against a live stack
 * (gateway, ingest, validator, query on the harness's nats-server and database), with events
 * sent by the client library: sign in, watch them arrive live, replay their session, open an
 * invalid one with its issue highlighted, search with the filters in the address, watch the
 * stats chart change, try an event against the types. Every view passes axe-core (no serious or
 * critical violation), loads without layout shift, fits a phone's width, and is photographed.
 */
import { createTestApplication, freePort, startStack, uniqueSuffix, type Stack, type TestApplication } from '@eye/testing';
import { EyeClient, type Stats } from '@the-eye/client';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fitsWidth, launchChromium, layoutShift, screenshotDir, seriousViolations, watchLayoutShifts } from './browser';

jest.setTimeout(120_000);

let stack: Stack;
let app: TestApplication;
let ingestOnly: TestApplication;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let shots: string;

const suffix = uniqueSuffix();
const session = `visit-${suffix}`;
const bulkSession = `bulk-${suffix}`;
/** The visit's events: a page view, a click 1.5 s later, a form sent 63.5 s after that. */
const visitStart = Date.now() - 5 * 60_000;
const ids: Record<string, string> = {};

const url = (path: string) => `${stack.gatewayUrl}/explorer${path}`;
const heading = (name: string) => page.getByRole('heading', { level: 1, name });

/** Loads `path` afresh and waits for `ready`; checks it with axe and for layout shift, and photographs it. */
async function visit(path: string, title: string, ready: () => Promise<unknown>, shot: string, fullPage = false): Promise<void> {
  await page.goto(url(path));
  await heading(title).waitFor();
  await ready();
  expect({ view: title, violations: await seriousViolations(page) }).toEqual({ view: title, violations: [] });
  expect(await layoutShift(page)).toBeLessThan(0.1);
  await page.screenshot({ path: join(shots, `${shot}.png`), fullPage });
}

async function stats(client: EyeClient): Promise<Stats> {
  return client.receivedStats({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) });
}

/** Polls `read` until `done` holds (the validator stores asynchronously). */
async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  shots = screenshotDir();
  // Nothing listens on the Jaeger address: the event detail must cope.
  const noJaeger = `http://127.0.0.1:${await freePort()}`;
  [stack, browser] = await Promise.all([startStack({ serviceEnv: { gateway: { EYE_JAEGER_URL: noJaeger } } }), launchChromium()]);
  [app, ingestOnly] = await Promise.all([
    createTestApplication(stack.mongoUrl, { name: 'web-shop', scopes: ['ingest', 'query'] }),
    createTestApplication(stack.mongoUrl, { name: 'ingest-only', scopes: ['ingest'] }),
  ]);
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'Europe/Paris' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.gatewayUrl });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await watchLayoutShifts(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

it('signs in by keyboard: a token without the query scope is refused by name, a good one is kept for the tab', async () => {
  await page.goto(url('/'));
  await heading('The Eye Explorer').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: join(shots, 'sign-in.png') });

  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('token');
  await page.keyboard.type(ingestOnly.token);
  await page.keyboard.press('Enter');
  await page.getByRole('alert').filter({ hasText: 'This token lacks the “query” scope' }).waitFor();

  await page.getByLabel('Application token').fill(app.token);
  await page.keyboard.press('Enter');
  await heading('Live').waitFor();
  expect(await page.evaluate(() => sessionStorage.getItem('eye.token'))).toBe(app.token);
});

it('shows events sent with the client library as they arrive, and the invalid one apart with its code', async () => {
  const client = new EyeClient({ url: stack.gatewayUrl, token: app.token });
  const data = { host: 'www.example.com', path: '/pricing' };
  // Older events first, so the visit's are the newest: 52 of another session, for paging.
  for (let n = 0; n < 52; n++) client.track({ sessionId: bulkSession, category: 'page interaction', name: 'pageview', data: { host: 'www.example.com', path: `/p/${n}` }, timestamp: new Date(visitStart - 3_600_000 + n * 1000) });
  ids['pageview'] = client.track({ sessionId: session, category: 'page interaction', name: 'pageview', data, timestamp: new Date(visitStart) });
  ids['click'] = client.track({ sessionId: session, category: 'page interaction', name: 'cta click', data: { ...data, element: 'start trial' }, timestamp: new Date(visitStart + 1_500) });
  ids['submit'] = client.track({ sessionId: session, category: 'form interaction', name: 'submit', data: { ...data, form: { email: 'jo@example.com', plan: 'pro' } }, timestamp: new Date(visitStart + 65_000) });
  ids['invalid'] = client.track({ sessionId: session, category: 'page interaction', name: 'pageview', data: { host: 42, path: '/pricing' }, timestamp: new Date(visitStart + 66_000) });
  expect(await client.close()).toMatchObject({ accepted: 56, failed: 0 });

  // The live view polls: the events appear without reloading the page.
  const events = page.getByRole('table', { name: 'Newest events' });
  await events.getByRole('link', { name: `, event ${ids['submit']}`, exact: false }).waitFor();
  await events.getByRole('link', { name: `, event ${ids['pageview']}`, exact: false }).waitFor();
  const invalid = page.getByRole('list', { name: 'Newest invalid events' }).getByRole('listitem').filter({ hasText: 'invalid_type' });
  await invalid.waitFor();
  expect(await invalid.textContent()).toContain('web-shop');
  expect(await events.getByText('new', { exact: true }).count()).toBeGreaterThanOrEqual(3);

  await visit('/', 'Live', () => events.getByRole('link', { name: `, event ${ids['submit']}`, exact: false }).waitFor(), 'live');
});

it('replays the session in time order, with the time since the previous event and since the start', async () => {
  await page.getByRole('table', { name: 'Newest events' }).getByRole('link', { name: session }).first().click();
  await heading('Session').waitFor();
  const steps = page.getByRole('list', { name: "The session's events in time order" }).getByRole('listitem');
  await steps.nth(2).waitFor();
  expect(await steps.locator('.step-type').allTextContents()).toEqual(['page interaction / pageview', 'page interaction / cta click', 'form interaction / submit']);
  expect(await steps.locator('.since-previous').allTextContents()).toEqual(['start', '+1.500 s', '+1 min 03 s']);
  expect(await steps.locator('.since-start').allTextContents()).toEqual(['T+0.000 s', 'T+1.500 s', 'T+1 min 05 s']);
  expect(await page.getByRole('region', { name: 'Summary' }).textContent()).toContain('Events3');

  await visit(`/sessions/${session}`, 'Session', () => steps.nth(2).waitFor(), 'session');
});

it('shows one event with every field, its data, a working copy button, and says it has no trace', async () => {
  await page.getByRole('link', { name: 'form interaction / submit' }).click();
  await heading('Event').waitFor();
  const fields = page.getByRole('region', { name: 'Fields' });
  await fields.getByText(ids['submit'] ?? '').waitFor();
  expect(await page.getByLabel("The event's data as JSON").textContent()).toContain('"email": "jo@example.com"');
  await fields.getByRole('button', { name: 'Copy id' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ids['submit']);
  // The harness runs the services with tracing off.
  await page.getByText('No trace: tracing was off when this event was sent.').waitFor();

  await visit(`/events/${ids['submit']}?application=web-shop`, 'Event', () => fields.getByText(ids['submit'] ?? '').waitFor(), 'event');
});

it('opens the invalid event with its issue highlighted in the payload as sent', async () => {
  await page.goto(url('/'));
  await page.getByRole('list', { name: 'Newest invalid events' }).getByRole('link').first().click();
  await heading('Errors').waitFor();
  const mark = page.locator('mark[data-issue-path="data.host"]');
  await mark.waitFor();
  expect(await mark.textContent()).toBe('"host": 42,');
  expect(await page.locator('.issue-note').first().textContent()).toContain('invalid_type data.host:');

  // By keyboard: close it and open it again.
  const toggle = page.getByRole('button', { name: /Hide payload and issues of/ });
  await toggle.focus();
  await page.keyboard.press('Enter');
  await mark.waitFor({ state: 'detached' });
  expect(await page.getByRole('button', { name: /Show payload and issues of/ }).first().getAttribute('aria-expanded')).toBe('false');
  await page.keyboard.press('Enter');
  await mark.waitFor();

  await visit(`/errors?application=web-shop&open=${ids['invalid']}`, 'Errors', () => mark.waitFor(), 'errors');
});

it('searches with the filters in the address and pages with "load more"', async () => {
  await page.goto(url(`/events?session_id=${bulkSession}&order=asc`));
  const table = page.getByRole('table', { name: 'Events matching the filters' });
  await page.getByText('50 events shown').waitFor();
  expect(await page.getByLabel('Session').inputValue()).toBe(bulkSession);
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.getByText('52 events shown — that is all').waitFor();
  expect(await table.locator('tbody tr').count()).toBe(52);

  // Applying the form writes the address.
  await page.getByLabel('Session').fill(session);
  await page.getByLabel('Category').fill('page interaction');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/category=page\+interaction/);
  expect(new URL(page.url()).searchParams.get('session_id')).toBe(session);
  await table.locator('tbody tr').nth(1).waitFor();
  expect(await table.locator('tbody tr').count()).toBe(2);

  await visit(`/events?application=web-shop&order=desc`, 'Events', () => page.getByText('50 events shown').waitFor(), 'events');
});

it('shows the stats, and the charts change when events arrive', async () => {
  const client = new EyeClient({ url: stack.gatewayUrl, token: app.token });
  const byType = page.getByRole('region', { name: 'By type' }).getByRole('figure');
  const perMinute = page.getByRole('region', { name: 'Per minute' }).getByRole('figure');
  await visit('/stats?window=1h', 'Stats', () => Promise.all([byType.locator('.recharts-bar-rectangle').first().waitFor(), perMinute.locator('.recharts-bar-rectangle').first().waitFor()]), 'stats', true);
  const before = { byType: await byType.getAttribute('data-summary'), perMinute: await perMinute.getAttribute('data-summary') };
  const barsBefore = await byType.locator('.recharts-bar-rectangle').count();
  const counted = await stats(client);
  expect(before.perMinute).toMatch(new RegExp(`^${counted.valid + counted.invalid} events over 60 minutes`));

  // A type nobody registered: stored as invalid, under its own category and name.
  client.track({ sessionId: session, category: 'video', name: 'play', data: { position_s: 3 }, timestamp: new Date() });
  client.track({ sessionId: session, category: 'video', name: 'play', data: { position_s: 9 }, timestamp: new Date() });
  expect(await client.close()).toMatchObject({ accepted: 2 });
  await until('the two events to be stored', () => stats(client), (s) => s.invalid === counted.invalid + 2);

  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.waitForFunction((old) => document.querySelector('section[aria-labelledby="by-type"] figure')?.getAttribute('data-summary') !== old, before.byType);
  expect(await byType.getAttribute('data-summary')).toBe(`${counted.valid} valid and ${counted.invalid + 2} invalid events in ${counted.by_type.length + 1} types`);
  expect(await byType.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(barsBefore);
  expect(await page.getByRole('table', { name: 'Valid and invalid events by type' }).getByRole('row', { name: /video \/ play/ }).textContent()).toContain('02100.0 %');
  // The per-minute chart counts them too (the window may have moved on by a minute since).
  await page.waitForFunction((old) => document.querySelector('section[aria-labelledby="per-minute"] figure')?.getAttribute('data-summary') !== old, before.perMinute);
  const total = Number(/^(\d+) events/.exec((await perMinute.getAttribute('data-summary')) ?? '')?.[1]);
  expect(total).toBeGreaterThan(0);
  expect(total).toBeLessThanOrEqual(counted.valid + counted.invalid + 2);
});

it('lists the event types and checks an event in the try-it box', async () => {
  await visit('/types', 'Event types', () => page.getByRole('heading', { level: 3, name: /form interaction \/ submit/ }).waitFor(), 'types');
  // The box starts from a valid example of the first type.
  await page.getByRole('button', { name: 'Validate' }).click();
  await page.getByText('Valid: The Eye would store this event.').waitFor();

  await page.getByLabel('Event JSON').fill(JSON.stringify({ session_id: 's', category: 'page interaction', name: 'cta click', data: { host: 'www.example.com', path: 'pricing' }, timestamp: new Date().toISOString() }));
  await page.getByRole('button', { name: 'Validate' }).click();
  await page.getByText(/Invalid: 2 issues/).waitFor();
  const tried = page.getByLabel('The event you tried, issues highlighted');
  expect(await tried.locator('mark[data-issue-path="data.path"]').textContent()).toBe('"path": "pricing"');
  expect(await tried.locator('mark[data-issue-path="data.element"]').textContent()).toBe('"data": {');
  await page.screenshot({ path: join(shots, 'types-try-it.png'), fullPage: true });
});

it('fits a phone-width screen on every view, without sideways scrolling', async () => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-GB', timezoneId: 'Europe/Paris' });
  const small = await phone.newPage();
  await small.goto(url('/'));
  await small.evaluate((token) => sessionStorage.setItem('eye.token', token), app.token);
  const views: [string, string, string][] = [
    ['/', 'Live', 'live-phone'],
    [`/events?session_id=${session}`, 'Events', 'events-phone'],
    [`/events/${ids['submit']}?application=web-shop`, 'Event', 'event-phone'],
    [`/sessions/${session}`, 'Session', 'session-phone'],
    [`/errors?open=${ids['invalid']}`, 'Errors', 'errors-phone'],
    ['/stats?window=1h', 'Stats', 'stats-phone'],
    ['/types', 'Event types', 'types-phone'],
  ];
  for (const [path, title, shot] of views) {
    await small.goto(url(path));
    await small.getByRole('heading', { level: 1, name: title }).waitFor();
    await small.locator('.loading').first().waitFor({ state: 'detached' });
    expect({ path, fits: await fitsWidth(small) }).toEqual({ path, fits: true });
    if (shot === 'live-phone' || shot === 'session-phone') await small.screenshot({ path: join(shots, `${shot}.png`) });
  }
  await phone.close();
});

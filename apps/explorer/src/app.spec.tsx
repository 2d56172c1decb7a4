import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TOKEN_KEY } from './api/token';
import { errorAnswer, fakeGateway } from './test-support/gateway-fixture';
import { errorPage, page, storedEvent } from './test-support/fixtures';
import { renderExplorer } from './test-support/render';

const EVENT_TYPES = { status: 200, body: { event_types: [] } };

describe('signing in', () => {
  it('asks for a token once, checks it, keeps it in sessionStorage and shows the view', async () => {
    const gateway = fakeGateway({ 'GET /v1/event-types': EVENT_TYPES, 'GET /v1/events': page([storedEvent()]), 'GET /v1/errors': errorPage([]) });
    renderExplorer('/', { fetch: gateway.fetch, token: null });
    const user = userEvent.setup();

    expect(screen.getByRole('heading', { level: 1, name: 'The Eye Explorer' })).toBeInTheDocument();
    // By keyboard: the token field, then Enter.
    await user.tab();
    expect(screen.getByLabelText('Application token')).toHaveFocus();
    await user.keyboard('eye_good_token{Enter}');

    expect(await screen.findByRole('heading', { level: 1, name: 'Live' })).toBeInTheDocument();
    expect(sessionStorage.getItem(TOKEN_KEY)).toBe('eye_good_token');
    expect(gateway.requests[0]).toMatchObject({ method: 'GET', path: '/v1/event-types', authorization: 'Bearer eye_good_token' });
    expect(await screen.findByRole('table', { name: 'Newest events' })).toBeInTheDocument();
  });

  it('refuses an unknown token (401) and keeps nothing', async () => {
    const gateway = fakeGateway({ 'GET /v1/event-types': errorAnswer(401, 'unauthenticated', 'unknown or revoked token') });
    renderExplorer('/', { fetch: gateway.fetch, token: null });
    await userEvent.setup().type(screen.getByLabelText('Application token'), 'eye_nope{Enter}');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The token is not accepted');
    expect(alert).toHaveTextContent('unknown or revoked token');
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('says which scope a token lacks (403)', async () => {
    const gateway = fakeGateway({ 'GET /v1/event-types': errorAnswer(403, 'forbidden', 'the token lacks the "query" scope') });
    renderExplorer('/', { fetch: gateway.fetch, token: null });
    await userEvent.setup().type(screen.getByLabelText('Application token'), 'eye_ingest_only{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent('This token lacks the “query” scope');
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('asks for nothing when the tab has a token already, and sign-out forgets it', async () => {
    const gateway = fakeGateway({ 'GET /v1/events': page([storedEvent()]), 'GET /v1/errors': errorPage([]) });
    renderExplorer('/events', { fetch: gateway.fetch, token: 'eye_kept' });

    expect(await screen.findByRole('table', { name: 'Events matching the filters' })).toBeInTheDocument();
    expect(gateway.requests.every((request) => request.authorization === 'Bearer eye_kept')).toBe(true);

    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign out' }));
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(screen.getByLabelText('Application token')).toBeInTheDocument();
  });

  it('offers to sign in again when a view is refused with 401', async () => {
    const gateway = fakeGateway({ 'GET /v1/events': errorAnswer(401, 'unauthenticated', 'token revoked') });
    renderExplorer('/events', { fetch: gateway.fetch });

    const alert = await screen.findByRole('alert');
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Sign in again' }));
    await waitFor(() => expect(screen.getByLabelText('Application token')).toBeInTheDocument());
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });
});

describe('navigation', () => {
  it('has a labelled main navigation that marks the current view, and an unknown address says so', async () => {
    const gateway = fakeGateway({});
    renderExplorer('/nowhere', { fetch: gateway.fetch });
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getAllByRole('link').map((link) => link.textContent)).toEqual(['Live', 'Events', 'Errors', 'Stats', 'Event types']);
    expect(screen.getByRole('heading', { level: 1, name: 'Not found' })).toBeInTheDocument();

    await userEvent.setup().click(within(nav).getByRole('link', { name: 'Errors' }));
    expect(within(nav).getByRole('link', { name: 'Errors' })).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByRole('heading', { level: 1, name: 'Errors' })).toHaveFocus();
  });
});

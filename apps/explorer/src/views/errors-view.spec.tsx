import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeGateway } from '../test-support/gateway-fixture';
import { errorPage, invalidEvent } from '../test-support/fixtures';
import { renderExplorer } from '../test-support/render';

describe('the errors view', () => {
  it('lists invalid events; opening one shows its payload as sent with each issue highlighted and explained', async () => {
    const twoIssues = invalidEvent({
      id: 'bad-2',
      issues: [
        { path: 'data.host', code: 'invalid_type', message: 'Expected string, received number' },
        { path: 'data.element', code: 'required', message: 'data.element is required' },
      ],
    });
    const gateway = fakeGateway({ 'GET /v1/errors': errorPage([twoIssues]) });
    renderExplorer('/errors', { fetch: gateway.fetch });

    const item = within(await screen.findByRole('list', { name: 'Invalid events' })).getByRole('listitem');
    const toggle = within(item).getByRole('button', { name: /Show payload and issues of/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    // By keyboard.
    toggle.focus();
    await userEvent.setup().keyboard('{Enter}');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');

    const payload = within(item).getByLabelText('Payload of invalid event bad-2, issues highlighted');
    const host = payload.querySelector('mark[data-issue-path="data.host"]');
    expect(host).toHaveTextContent('"host": 42,');
    expect(host?.nextElementSibling).toHaveTextContent('invalid_type data.host: Expected string, received number');
    // A missing key is shown at its parent object.
    expect(payload.querySelector('mark[data-issue-path="data.element"]')).toHaveTextContent('"data": {');
    expect(within(item).getByRole('table', { name: 'Issues of invalid event bad-2' })).toHaveTextContent('data.elementrequireddata.element is required');
  });

  it('opens the event the address names, and filters by code', async () => {
    const gateway = fakeGateway({ 'GET /v1/errors': errorPage([invalidEvent({ trace_id: 'ab'.repeat(16) })]) });
    renderExplorer('/errors?code=invalid_type&application=shop&open=bad-1', { fetch: gateway.fetch });
    expect(await screen.findByRole('link', { name: 'Its trace in Jaeger' })).toHaveAttribute('href', `http://127.0.0.1:16686/trace/${'ab'.repeat(16)}`);
    const toggle = await screen.findByRole('button', { name: /Hide payload and issues of/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(gateway.requests[0]?.query).toEqual({ code: 'invalid_type', application: 'shop', limit: '50' });
    await userEvent.setup().click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByLabelText('Issue code')).toHaveValue('invalid_type');
  });

  it('shows a payload that was not JSON as the text it was', async () => {
    const gateway = fakeGateway({ 'GET /v1/errors': errorPage([invalidEvent({ id: 'text', raw: 'not json at all', issues: [{ path: '', code: 'invalid_type', message: 'not an object' }] })]) });
    renderExplorer('/errors?open=text', { fetch: gateway.fetch });
    const payload = await screen.findByLabelText('Payload of invalid event text, issues highlighted');
    expect(payload.querySelector('mark[data-issue-path=""]')).toHaveTextContent('"not json at all"');
  });

  it('says when nothing matches', async () => {
    const gateway = fakeGateway({ 'GET /v1/errors': errorPage([]) });
    renderExplorer('/errors?code=too_large', { fetch: gateway.fetch });
    expect(await screen.findByText('No invalid events match these filters.')).toBeInTheDocument();
  });
});

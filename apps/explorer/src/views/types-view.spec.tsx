import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorAnswer, fakeGateway } from '../test-support/gateway-fixture';
import { renderExplorer } from '../test-support/render';

const TYPES = {
  status: 200,
  body: {
    event_types: [
      {
        category: 'page interaction',
        name: 'pageview',
        built_in: true,
        schema: {
          type: 'object',
          properties: { host: { type: 'string', description: 'Host name of the page, e.g. www.example.com' }, path: { type: 'string', pattern: '^\\/.*' } },
          required: ['host', 'path'],
          additionalProperties: false,
        },
      },
      { category: 'video', name: 'play', built_in: false, schema: { type: 'object', properties: { position_s: { type: 'number' } }, additionalProperties: false } },
    ],
  },
};

describe('the event types view', () => {
  it('lists the types, built in and registered, with their schemas', async () => {
    const gateway = fakeGateway({ 'GET /v1/event-types': TYPES });
    renderExplorer('/types', { fetch: gateway.fetch });
    const items = await within(screen.getByRole('region', { name: 'Types' })).findAllByRole('listitem');
    expect(items.map((item) => within(item).getByRole('heading').textContent)).toEqual(['page interaction / pageview built in', 'video / play registered']);
    expect(items[1]).toHaveTextContent('data: position_s (optional)');
    expect(within(items[0] as HTMLElement).getByLabelText('JSON Schema of the data of page interaction / pageview')).toHaveTextContent('"required": [');
  });

  it('validates what is pasted in the try-it box and highlights the issues in it', async () => {
    const issues = [{ path: 'data.host', code: 'invalid_type', message: 'Expected string, received number' }];
    const gateway = fakeGateway({ 'GET /v1/event-types': TYPES, 'POST /v1/events/validate': { status: 200, body: { valid: false, issues } } });
    renderExplorer('/types', { fetch: gateway.fetch });
    const user = userEvent.setup();
    const box = await screen.findByLabelText('Event JSON');
    await screen.findByRole('option', { name: 'video / play' });
    // The box starts from an example of the first type.
    expect(JSON.parse((box as HTMLTextAreaElement).value)).toMatchObject({ category: 'page interaction', name: 'pageview', data: { host: 'www.example.com', path: '/' } });

    const event = { session_id: 's', category: 'page interaction', name: 'pageview', data: { host: 42, path: '/' }, timestamp: '2026-01-01T00:00:00Z' };
    await user.clear(box);
    await user.click(box);
    await user.paste(JSON.stringify(event));
    await user.click(screen.getByRole('button', { name: 'Validate' }));

    expect(await screen.findByText(/Invalid: 1 issue\./)).toBeInTheDocument();
    const request = gateway.requests.find((r) => r.path === '/v1/events/validate');
    expect(JSON.parse(request?.body ?? '')).toEqual(event);
    expect(screen.getByLabelText('The event you tried, issues highlighted').querySelector('mark[data-issue-path="data.host"]')).toHaveTextContent('"host": 42,');
  });

  it('inserts an example of the chosen type; says so when the box holds no JSON; names the ingest scope on 403', async () => {
    const gateway = fakeGateway({ 'GET /v1/event-types': TYPES, 'POST /v1/events/validate': errorAnswer(403, 'forbidden', 'the token lacks the "ingest" scope') });
    renderExplorer('/types', { fetch: gateway.fetch });
    const user = userEvent.setup();
    const box = await screen.findByLabelText('Event JSON');
    await user.selectOptions(await screen.findByLabelText('Example of'), 'video/play');
    await user.click(screen.getByRole('button', { name: 'Insert example' }));
    expect(JSON.parse((box as HTMLTextAreaElement).value)).toMatchObject({ category: 'video', name: 'play', data: { position_s: 0 } });

    await user.click(screen.getByRole('button', { name: 'Validate' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This token lacks the “ingest” scope');

    await user.clear(box);
    await user.type(box, 'not json');
    await user.click(screen.getByRole('button', { name: 'Validate' }));
    expect(await screen.findByText('This is not JSON')).toBeInTheDocument();
    expect(gateway.requests.filter((r) => r.path === '/v1/events/validate')).toHaveLength(1);
  });
});

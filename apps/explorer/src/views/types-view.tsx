import type { EventType, ValidationResult } from '@the-eye/client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useEye } from '../api/eye';
import { IssueTable } from '../components/invalid-event-detail';
import { Page } from '../components/page';
import { Empty, Loading, ProblemView } from '../components/states';
import { JsonView } from '../json/json-view';
import { sampleEventJson } from '../sample-event';

/** `/explorer/types`: the event types with the JSON Schemas of their data, and a box to try an event against them. */
export function TypesView(): ReactNode {
  const { client } = useEye();
  const types = useQuery({ queryKey: ['event-types'], queryFn: () => client.eventTypes() });

  return (
    <Page title="Event types" lead="Every type events are validated against, and a box to check an event without storing it.">
      <div className="types-grid">
        <section aria-labelledby="types-list">
          <h2 id="types-list">Types</h2>
          {types.data ? (
            types.data.length > 0 ? (
              <ul className="type-list">
                {types.data.map((type) => (
                  <TypeItem key={`${type.category}/${type.name}`} type={type} />
                ))}
              </ul>
            ) : (
              <Empty>No event types.</Empty>
            )
          ) : types.error ? (
            <ProblemView error={types.error} onRetry={() => void types.refetch()} />
          ) : (
            <Loading label="Loading event types…" rows={3} />
          )}
        </section>
        <TryIt types={types.data ?? []} />
      </div>
    </Page>
  );
}

function TypeItem({ type }: { type: EventType }): ReactNode {
  const properties = Object.keys((type.schema['properties'] as Record<string, unknown> | undefined) ?? {});
  const required = new Set((type.schema['required'] as string[] | undefined) ?? []);
  return (
    <li className="type-item">
      <h3>
        {type.category} / {type.name} <span className={`badge ${type.built_in ? 'badge-builtin' : 'badge-registered'}`}>{type.built_in ? 'built in' : 'registered'}</span>
      </h3>
      <p className="muted">
        data:{' '}
        {properties.length > 0
          ? properties.map((key, index) => (
              <span key={key}>
                {index > 0 ? ', ' : ''}
                <code>{key}</code>
                {required.has(key) ? '' : ' (optional)'}
              </span>
            ))
          : 'no fields'}
      </p>
      <details>
        <summary>JSON Schema of data</summary>
        <JsonView value={type.schema} label={`JSON Schema of the data of ${type.category} / ${type.name}`} />
      </details>
    </li>
  );
}

type Outcome = { kind: 'result'; event: unknown; result: ValidationResult } | { kind: 'not-json'; message: string };

/** Paste an event, see the issues `POST /v1/events/validate` returns (needs the `ingest` scope; stores nothing). */
function TryIt({ types }: { types: readonly EventType[] }): ReactNode {
  const { client } = useEye();
  const [text, setText] = useState<string | null>(null);
  const [typeKey, setTypeKey] = useState('');
  const chosen = types.find((type) => `${type.category}/${type.name}` === typeKey) ?? types[0];
  const shown = text ?? (chosen ? sampleEventJson(chosen, new Date()) : '');
  const validate = useMutation({
    mutationFn: async (json: string): Promise<Outcome> => {
      let event: unknown;
      try {
        event = JSON.parse(json);
      } catch (error) {
        return { kind: 'not-json', message: (error as Error).message };
      }
      return { kind: 'result', event, result: await client.validateWire(event as Record<string, unknown>) };
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    validate.mutate(shown);
  };

  return (
    <section aria-labelledby="try-it" className="try-it">
      <h2 id="try-it">Try an event</h2>
      <form onSubmit={submit}>
        <div className="field-row">
          <div className="field">
            <label htmlFor="try-type">Example of</label>
            <select id="try-type" value={chosen ? `${chosen.category}/${chosen.name}` : ''} onChange={(e) => setTypeKey(e.target.value)}>
              {types.map((type) => (
                <option key={`${type.category}/${type.name}`} value={`${type.category}/${type.name}`}>
                  {type.category} / {type.name}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="secondary" disabled={!chosen} onClick={() => chosen && setText(sampleEventJson(chosen, new Date()))}>
            Insert example
          </button>
        </div>
        <div className="field">
          <label htmlFor="try-event">Event JSON</label>
          <textarea id="try-event" value={shown} onChange={(e) => setText(e.target.value)} rows={12} spellCheck={false} aria-describedby="try-help" />
        </div>
        <p id="try-help" className="hint">
          Checked exactly as the pipeline would check it (<code>POST /v1/events/validate</code>, <code>ingest</code> scope). Nothing is stored.
        </p>
        <button type="submit" disabled={validate.isPending} aria-busy={validate.isPending}>
          {validate.isPending ? 'Validating…' : 'Validate'}
        </button>
      </form>
      <div className="try-result" aria-live="polite">
        {validate.error ? <ProblemView error={validate.error} scope="ingest" onRetry={() => validate.mutate(shown)} /> : null}
        {validate.data?.kind === 'not-json' ? (
          <div className="problem" role="alert">
            <p className="problem-title">This is not JSON</p>
            <p>{validate.data.message}</p>
          </div>
        ) : null}
        {validate.data?.kind === 'result' ? <TryResult event={validate.data.event} result={validate.data.result} /> : null}
      </div>
    </section>
  );
}

function TryResult({ event, result }: { event: unknown; result: ValidationResult }): ReactNode {
  if (result.valid) return <p className="verdict verdict-valid">Valid: The Eye would store this event.</p>;
  return (
    <>
      <p className="verdict verdict-invalid">
        Invalid: {result.issues.length} {result.issues.length === 1 ? 'issue' : 'issues'}. The Eye would keep it as an invalid event.
      </p>
      <IssueTable issues={result.issues} caption="Issues of the event you tried" />
      <JsonView value={event} issues={result.issues} label="The event you tried, issues highlighted" />
    </>
  );
}

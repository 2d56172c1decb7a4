import type { FormEvent, ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { fromLocalInput, localTimeZone, toLocalInput } from '../time';

/** One filter: a URL query parameter and its control. */
export interface FilterField {
  name: string;
  label: string;
  /** `datetime`: shown in local time, kept in the URL as UTC. Default `text`. */
  kind?: 'text' | 'datetime' | 'select';
  /** For `select`: the choices (an empty first choice means "any"). */
  options?: readonly { value: string; label: string }[];
  /** What the view uses when the address does not say (shown selected). */
  defaultValue?: string;
}

/** The filters of a view, read from and written to the URL, so a link reproduces the view. */
export function filtersFrom(params: URLSearchParams, fields: readonly FilterField[]): Record<string, string | undefined> {
  return Object.fromEntries(fields.map((field) => [field.name, params.get(field.name) || undefined]));
}

export interface FilterFormProps {
  fields: readonly FilterField[];
  /** Names the search landmark, e.g. "Filter events". */
  label: string;
}

/**
 * A filter form over the URL's query parameters: applying it replaces them (empty fields are
 * left out); times are typed in local time and kept in the URL as UTC.
 */
export function FilterForm({ fields, label }: FilterFormProps): ReactNode {
  const [params, setParams] = useSearchParams();
  const hasTimes = fields.some((field) => field.kind === 'datetime');

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const field of fields) {
      const raw = String(form.get(field.name) ?? '').trim();
      const value = field.kind === 'datetime' ? fromLocalInput(raw) : raw;
      if (value) next.set(field.name, value);
    }
    setParams(next);
  };

  return (
    // Keyed by the URL, so going back and forth shows the filters of that address.
    <form key={params.toString()} className="filters" role="search" aria-label={label} onSubmit={apply}>
      <div className="filter-fields">
        {fields.map((field) => {
          const id = `filter-${field.name}`;
          const value = params.get(field.name) ?? field.defaultValue ?? '';
          return (
            <div className="field" key={field.name}>
              <label htmlFor={id}>{field.label}</label>
              {field.kind === 'select' ? (
                <select id={id} name={field.name} defaultValue={value}>
                  {(field.options ?? []).map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : field.kind === 'datetime' ? (
                <input id={id} name={field.name} type="datetime-local" step={1} defaultValue={toLocalInput(value)} />
              ) : (
                <input id={id} name={field.name} type="text" defaultValue={value} autoComplete="off" spellCheck={false} />
              )}
            </div>
          );
        })}
      </div>
      <div className="filter-actions">
        <button type="submit">Apply filters</button>
        <button type="button" className="secondary" onClick={() => setParams(new URLSearchParams())}>
          Clear
        </button>
        {hasTimes ? <span className="hint">Times in your local time ({localTimeZone()}); the address keeps them in UTC.</span> : null}
      </div>
    </form>
  );
}

import fc from 'fast-check';
import { ISSUE_CODES } from './issues';
import { formatMicros, MAX_EVENT_TIMESTAMP_MICROS, MIN_EVENT_TIMESTAMP_MICROS, parseEventTimestamp } from './timestamp';
import { validateEvent, validateEventJson, type ValidateOptions, type ValidationResult } from './validate-event';

const options: ValidateOptions = { receivedAtMicros: Date.UTC(2021, 0, 1) * 1000, clockSkewMs: 60_000 };

/** The result is one of the two contract shapes, whatever the input was. */
function expectWellFormed(result: ValidationResult): void {
  if (result.valid) {
    expect(typeof result.event.sessionId).toBe('string');
    expect(parseEventTimestamp(result.event.timestamp)?.micros).toBe(result.event.timestampMicros);
  } else {
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) {
      expect(ISSUE_CODES).toContain(issue.code);
      expect(typeof issue.path).toBe('string');
      expect(issue.message.length).toBeGreaterThan(0);
    }
  }
}

/** Mostly a valid value for a field, sometimes any JSON value, sometimes absent (`undefined` is dropped by JSON). */
function usually<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<T | fc.JsonValue | undefined> {
  return fc.oneof(
    { weight: 12, arbitrary: valid },
    { weight: 1, arbitrary: fc.jsonValue() },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Mostly absent, sometimes a value. */
function rarely<T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });
}

const formValue = fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue());
const dataFor = (name: string) =>
  fc.record(
    {
      host: usually(fc.domain()),
      path: usually(fc.string().map((rest) => `/${rest}`)),
      element: name === 'cta click' ? usually(fc.string({ minLength: 1 })) : fc.constant(undefined),
      form: name === 'submit' ? usually(fc.dictionary(fc.string(), formValue, { maxKeys: 4 })) : fc.constant(undefined),
      extra: rarely(fc.jsonValue()),
    },
    { requiredKeys: ['host', 'path', 'element', 'form', 'extra'] },
  );

/** Event-shaped objects, valid about a quarter of the time, wrong in one or more places otherwise. */
const eventLike = fc
  .constantFrom(
    ['page interaction', 'pageview'],
    ['page interaction', 'cta click'],
    ['form interaction', 'submit'],
    ['page interaction', 'scroll'],
  )
  .chain(([category, name]) =>
    fc.record({
      event_id: fc.oneof(fc.constant(undefined), usually(fc.uuid())),
      session_id: usually(fc.string({ minLength: 1, maxLength: 128 })),
      category: usually(fc.constant(category)),
      name: usually(fc.constant(name)),
      data: usually(dataFor(name)),
      timestamp: usually(
        fc.integer({ min: MIN_EVENT_TIMESTAMP_MICROS, max: options.receivedAtMicros + 120_000_000 }).map(formatMicros),
      ),
      surprise: rarely(fc.jsonValue()),
    }),
  );

describe('validateEventJson (properties)', () => {
  it('never throws for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        expectWellFormed(validateEventJson(raw, options));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectWellFormed(validateEventJson(JSON.stringify(value), options));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws for event-shaped objects, and keeps what it accepts', () => {
    fc.assert(
      fc.property(eventLike, (value) => {
        // Through JSON, so keys such as __proto__ arrive as own properties, as the service sees them.
        const result = validateEventJson(JSON.stringify(value), options);
        expectWellFormed(result);
        if (result.valid) {
          const { event } = result;
          const again = validateEvent(
            {
              session_id: event.sessionId,
              category: event.category,
              name: event.name,
              data: event.data,
              timestamp: event.timestamp,
            },
            options,
          );
          expect(again).toEqual({ valid: true, event: { ...event, eventId: undefined } });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws for any JavaScript value', () => {
    const anything = fc.anything({
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
      withObjectString: true,
    });
    fc.assert(
      fc.property(anything, (value) => {
        expectWellFormed(validateEvent(value, options));
        expectWellFormed(
          validateEvent(
            {
              session_id: 's',
              category: 'form interaction',
              name: 'submit',
              timestamp: '2020-01-01T00:00Z',
              data: { host: 'a', path: '/', form: value },
            },
            options,
          ),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('survives deep nesting anywhere', () => {
    const depth = 20_000;
    const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const deepObject = `${'{"a":'.repeat(depth / 4)}1${'}'.repeat(depth / 4)}`;
    for (const inner of [nested, deepObject]) {
      const raw = `{"session_id":"s","category":"form interaction","name":"submit","timestamp":"2020-01-01T00:00Z","data":{"host":${inner},"path":"/","form":{"x":${inner}}},"extra":${inner}}`;
      expectWellFormed(validateEventJson(raw, { ...options, maxEventBytes: 1_000_000 }));
    }
    expectWellFormed(validateEventJson(nested, options));
  });
});

describe('event timestamps (properties)', () => {
  it('round-trip through formatMicros exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_EVENT_TIMESTAMP_MICROS, max: MAX_EVENT_TIMESTAMP_MICROS }), (micros) => {
        const iso = formatMicros(micros);
        expect(parseEventTimestamp(iso)).toEqual({ iso, micros });
      }),
    );
  });

  it('read any instant written in local time with an offset, to the microsecond', () => {
    const instant = fc.date({
      min: new Date('1701-01-01T00:00:00Z'),
      max: new Date('2199-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    const offsetMinutes = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 999 }),
        offsetMinutes,
        fc.constantFrom('T', ' '),
        fc.boolean(),
        (date, extraMicros, offset, separator, colon) => {
          const local = new Date(date.getTime() + offset * 60_000).toISOString(); // wall-clock time at that offset
          const fraction = `${local.slice(20, 23)}${String(extraMicros).padStart(3, '0')}`;
          const sign = offset < 0 ? '-' : '+';
          const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
          const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
          const text = `${local.slice(0, 10)}${separator}${local.slice(11, 19)}.${fraction}${sign}${hours}${colon ? ':' : ''}${minutes}`;

          const parsed = parseEventTimestamp(text);
          const micros = date.getTime() * 1000 + extraMicros;
          expect(parsed).toEqual({ iso: formatMicros(micros), micros });
          expect(parsed?.iso.slice(0, 23)).toBe(date.toISOString().slice(0, 23));
        },
      ),
    );
  });

  it('order normalized text like the instants', () => {
    const micros = fc.integer({ min: MIN_EVENT_TIMESTAMP_MICROS, max: MAX_EVENT_TIMESTAMP_MICROS });
    fc.assert(
      fc.property(micros, micros, (a, b) => {
        const [textA, textB] = [formatMicros(a), formatMicros(b)];
        expect(textA < textB).toBe(a < b);
        expect(textA === textB).toBe(a === b);
      }),
    );
  });
});

import * as attributes from './messaging-attributes';

// A variable keeps TypeScript (moduleResolution node) from resolving the subpath export; jest can.
const INCUBATING = '@opentelemetry/semantic-conventions/incubating';

describe('messaging attribute names', () => {
  it('match the semantic conventions they copy', async () => {
    const incubating = (await import(INCUBATING)) as Record<string, unknown>;
    const names = Object.entries(attributes).filter(([name]) => name.startsWith('ATTR_'));
    expect(names).toHaveLength(6);
    for (const [name, value] of names) expect({ name, value }).toEqual({ name, value: incubating[name] });
    for (const value of Object.values(attributes.MESSAGING_OPERATION_TYPE)) {
      expect(incubating[`MESSAGING_OPERATION_TYPE_VALUE_${value.toUpperCase()}`]).toBe(value);
    }
  });
});

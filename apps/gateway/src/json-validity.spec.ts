import fc from 'fast-check';
import { isJsonText } from './json-validity';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('isJsonText', () => {
  it.each(['{}', '[]', ' {"a": [1, -2.5e+3, true, false, null, "x\\u00e9\\n"]} ', '"text"', '0', '{"a":{"b":{}}}', '[[],[[]]]'])('accepts %s', (text) => {
    expect(isJsonText(text)).toBe(true);
  });

  it.each(['', ' ', '{', '}', '[1,]', '{"a":1,}', '{"a"}', '{a:1}', '01', '1.', '.5', '+1', "'x'", '"\\x"', '"\\u12"', '"a\nb"', 'tru', 'nul', '[1] [2]', '{"a":1}}', '1,"x":2', 'NaN', '[1 2]'])('refuses %p', (text) => {
    expect(isJsonText(text)).toBe(false);
  });

  it('takes any depth without recursion', () => {
    expect(isJsonText('['.repeat(100_000) + ']'.repeat(100_000))).toBe(true);
    expect(isJsonText('{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000))).toBe(true);
    expect(isJsonText('['.repeat(100_000) + ']'.repeat(99_999))).toBe(false);
  });

  it('agrees with JSON.parse on generated JSON and on mangled JSON', () => {
    fc.assert(fc.property(fc.json(), (text) => isJsonText(text) === true), { numRuns: 500 });
    const mangled = fc.tuple(fc.json(), fc.nat(), fc.nat({ max: 3 }), fc.constantFrom('"', ',', ']', '}', '{', ':', '\\', ' ', 'x', '0', '-'));
    fc.assert(
      fc.property(mangled, ([text, at, how, char]) => {
        const position = text.length === 0 ? 0 : at % text.length;
        const variant = how === 0 ? text.slice(0, position) + text.slice(position + 1) : how === 1 ? text.slice(0, position) + char + text.slice(position) : text.slice(0, position);
        return isJsonText(variant) === parses(variant);
      }),
      { numRuns: 3_000 },
    );
    fc.assert(fc.property(fc.string(), (text) => isJsonText(text) === parses(text)), { numRuns: 1_000 });
  });
});

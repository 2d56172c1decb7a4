import fc from 'fast-check';
import { elementTexts, memberText, valueText } from './json-text';

/** The same JSON value written with the whitespace a person or another library might use. */
const layouts = [
  (value: unknown) => JSON.stringify(value),
  (value: unknown) => JSON.stringify(value, null, 2),
  (value: unknown) => JSON.stringify(value, null, '\t'),
  (value: unknown) => JSON.stringify(value, null, 1).replace(/\n/g, '\r\n'),
];

const normal = (text: string) => JSON.stringify(JSON.parse(text));

describe('elementTexts', () => {
  it('finds the text of each element of any array, however it is laid out', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.constantFrom(...layouts), (elements, layout) => {
        const texts = elementTexts(`  ${layout(elements)}\n`);
        expect(texts.map(normal)).toEqual(elements.map((element) => JSON.stringify(element)));
        for (const text of texts) expect(text.trim()).toBe(text);
      }),
    );
  });

  it('keeps each element exactly as written', () => {
    const first = '{"s": "a \\"quoted\\" ]}, string", "n": 1.50, "e": 1E5}';
    const second = '[ [], {} ,"\\\\"]';
    expect(elementTexts(`[ ${first} ,\n\t${second},-0,true , null,"x"]`)).toEqual([first, second, '-0', 'true', 'null', '"x"']);
    expect(elementTexts('[]')).toEqual([]);
    expect(elementTexts(' [ ] ')).toEqual([]);
  });

  it('copes with nesting far deeper than a recursive walk could', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(elementTexts(`[${deep}, {"a": ${deep}}]`)).toEqual([deep, `{"a": ${deep}}`]);
  });

  it('finds nothing in what is not an array', () => {
    expect(elementTexts('{"a": 1}')).toEqual([]);
    expect(elementTexts('"[1]"')).toEqual([]);
  });
});

describe('memberText', () => {
  it('finds the text of a member of any object, however it is laid out', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), fc.jsonValue(), fc.constantFrom(...layouts), (object, key, value, layout) => {
        const withKey = { ...object, [key]: value };
        const text = memberText(layout(withKey), key);
        expect(text === undefined ? undefined : normal(text)).toBe(JSON.stringify(value));
      }),
    );
  });

  it('takes the last of repeated keys, as JSON.parse does, and reads escaped key names', () => {
    const text = '{"events": [1], "other": {"events": [2]}, "\\u0065vents" : [3] }';
    expect(memberText(text, 'events')).toBe('[3]');
    expect(JSON.parse(text).events).toEqual([3]);
  });

  it('finds nothing when the key is missing or the document is not an object', () => {
    expect(memberText('{"event": []}', 'events')).toBeUndefined();
    expect(memberText('{}', 'events')).toBeUndefined();
    expect(memberText('[{"events": []}]', 'events')).toBeUndefined();
  });
});

describe('valueText', () => {
  it('is the document without surrounding whitespace', () => {
    expect(valueText(' \n {"a" : 1.0 }\t\r\n')).toBe('{"a" : 1.0 }');
    expect(valueText('{"a":"}"}')).toBe('{"a":"}"}');
  });
});

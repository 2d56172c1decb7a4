/**
 * Finds the source text of parts of a JSON document, so that events travel on exactly as the
 * application wrote them (spacing, key order, number spelling), never re-serialised. Only for
 * text that `JSON.parse` has already accepted: it does not validate. It scans without recursion,
 * so nesting depth does not matter.
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

function skipWhitespace(text: string, from: number): number {
  let index = from;
  while (index < text.length && WHITESPACE.has(text[index])) index++;
  return index;
}

/** The index just past the string literal that starts at `start` (a `"`). */
function endOfString(text: string, start: number): number {
  let index = start + 1;
  while (text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
  return index + 1;
}

/** The index just past the JSON value that starts at `start` (no leading whitespace). */
function endOfValue(text: string, start: number): number {
  const first = text[start];
  if (first === '"') return endOfString(text, start);
  if (first !== '{' && first !== '[') {
    let index = start;
    while (index < text.length && !WHITESPACE.has(text[index]) && text[index] !== ',' && text[index] !== ']' && text[index] !== '}') index++;
    return index;
  }
  let depth = 0;
  let index = start;
  do {
    const char = text[index];
    if (char === '"') {
      index = endOfString(text, index);
      continue;
    }
    if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
    index++;
  } while (depth > 0);
  return index;
}

/** The text of the document's top-level value, without surrounding whitespace. */
export function valueText(json: string): string {
  const start = skipWhitespace(json, 0);
  return json.slice(start, endOfValue(json, start));
}

/**
 * The text of member `key` of the top-level object; the last one when the key repeats, as
 * `JSON.parse` does. Undefined when the document is not an object or has no such member.
 */
export function memberText(json: string, key: string): string | undefined {
  let index = skipWhitespace(json, 0);
  if (json[index] !== '{') return undefined;
  let found: string | undefined;
  index = skipWhitespace(json, index + 1);
  while (json[index] === '"') {
    const keyEnd = endOfString(json, index);
    const name: unknown = JSON.parse(json.slice(index, keyEnd));
    const valueStart = skipWhitespace(json, skipWhitespace(json, keyEnd) + 1);
    const valueEnd = endOfValue(json, valueStart);
    if (name === key) found = json.slice(valueStart, valueEnd);
    index = skipWhitespace(json, valueEnd);
    if (json[index] === ',') index = skipWhitespace(json, index + 1);
  }
  return found;
}

/** The text of each element of a JSON array text, in order; empty when it is not an array. */
export function elementTexts(arrayJson: string): string[] {
  let index = skipWhitespace(arrayJson, 0);
  if (arrayJson[index] !== '[') return [];
  const elements: string[] = [];
  index = skipWhitespace(arrayJson, index + 1);
  while (index < arrayJson.length && arrayJson[index] !== ']') {
    const end = endOfValue(arrayJson, index);
    elements.push(arrayJson.slice(index, end));
    index = skipWhitespace(arrayJson, end);
    if (arrayJson[index] === ',') index = skipWhitespace(arrayJson, index + 1);
  }
  return elements;
}

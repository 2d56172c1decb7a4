/**
 * Decides whether a text is one JSON value (RFC 8259, as `JSON.parse` reads it) without building
 * it and without recursion, so that stored text can be spliced into a response as it is: nesting
 * depth costs nothing here, where `JSON.parse` followed by `JSON.stringify` overflows the stack.
 */

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];
const HEX = /^[0-9a-fA-F]{4}$/;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

function skipWhitespace(text: string, from: number): number {
  let index = from;
  for (;;) {
    const code = text.charCodeAt(index);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return index;
    index++;
  }
}

/** The index just past the string literal starting at `start`, or -1 when it is not one. */
function endOfString(text: string, start: number): number {
  if (text[start] !== '"') return -1;
  let index = start + 1;
  while (index < text.length) {
    const char = text[index];
    if (char === '"') return index + 1;
    if (text.charCodeAt(index) < 0x20) return -1;
    if (char === '\\') {
      const escaped = text[index + 1];
      if (escaped === 'u') {
        if (!HEX.test(text.slice(index + 2, index + 6))) return -1;
        index += 6;
      } else if (escaped !== undefined && ESCAPES.has(escaped)) {
        index += 2;
      } else {
        return -1;
      }
    } else {
      index++;
    }
  }
  return -1;
}

/** The index just past a number or literal starting at `start`, or -1. */
function endOfScalar(text: string, start: number): number {
  for (const literal of LITERALS) if (text.startsWith(literal, start)) return start + literal.length;
  NUMBER.lastIndex = start;
  return NUMBER.test(text) ? NUMBER.lastIndex : -1;
}

/** The index just past `"key" :` and the whitespace after it, or -1. */
function afterKey(text: string, start: number): number {
  const end = endOfString(text, start);
  if (end < 0) return -1;
  const colon = skipWhitespace(text, end);
  return text[colon] === ':' ? skipWhitespace(text, colon + 1) : -1;
}

/** Whether `text` is exactly one JSON value, with optional whitespace around it. */
export function isJsonText(text: string): boolean {
  /** The closing character of each open container, innermost last. */
  const open: string[] = [];
  let index = skipWhitespace(text, 0);
  for (;;) {
    // A value starts at `index`.
    const char = text[index];
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      index = skipWhitespace(text, index + 1);
      if (text[index] === close) {
        index++;
      } else {
        open.push(close);
        if (close === '}' && (index = afterKey(text, index)) < 0) return false;
        continue;
      }
    } else {
      index = char === '"' ? endOfString(text, index) : endOfScalar(text, index);
      if (index < 0) return false;
    }
    // A value ended: close containers, or go on to the next member.
    for (;;) {
      index = skipWhitespace(text, index);
      const close = open[open.length - 1];
      if (close === undefined) return index === text.length;
      if (text[index] === close) {
        open.pop();
        index++;
        continue;
      }
      if (text[index] !== ',') return false;
      index = skipWhitespace(text, index + 1);
      if (close === '}' && (index = afterKey(text, index)) < 0) return false;
      break;
    }
  }
}

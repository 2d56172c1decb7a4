/**
 * Where an issue's dotted path (`data.form.first_name`, `events.1`, empty for the whole event)
 * points inside an event as it was sent. Keys may themselves contain dots (such a key is one of
 * the things an issue reports), so at each object the longest key that matches is taken.
 */

/** One step into a JSON value: an object key or an array index. */
export type Segment = string | number;

/** Where a path led: the deepest node that exists, and whether that is the node the path names. */
export interface Location {
  at: Segment[];
  /** False when the path names something missing (e.g. a required key): `at` is then its nearest existing parent. */
  exact: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Finds the node `path` names in `value`, or its nearest existing ancestor. */
export function locate(value: unknown, path: string): Location {
  if (path === '') return { at: [], exact: true };
  const parts = path.split('.');
  const at: Segment[] = [];
  let node = value;
  let i = 0;
  while (i < parts.length) {
    if (Array.isArray(node)) {
      const part = parts[i] ?? '';
      const index = /^\d+$/.test(part) ? Number(part) : -1;
      if (index < 0 || index >= node.length) break;
      at.push(index);
      node = node[index];
      i += 1;
      continue;
    }
    if (!isObject(node)) break;
    let taken = 0;
    for (let k = parts.length - i; k >= 1; k--) {
      const key = parts.slice(i, i + k).join('.');
      if (Object.prototype.hasOwnProperty.call(node, key)) {
        at.push(key);
        node = node[key];
        taken = k;
        break;
      }
    }
    if (taken === 0) break;
    i += taken;
  }
  return { at, exact: i === parts.length };
}

/** A node's identity, for looking up the issues located at it. */
export function nodeKey(at: readonly Segment[]): string {
  return JSON.stringify(at);
}

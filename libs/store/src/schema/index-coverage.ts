import type { IndexDescription } from 'mongodb';
import { INDEXES } from './indexes';
import type { QueryShape } from './query-shapes';

/** The index MongoDB keeps on `_id` in every collection, undeclared. */
const ID_INDEX: IndexDescription = { name: '_id_', key: { _id: 1 } };

function keyEntries(index: IndexDescription): [string, number][] {
  return Object.entries(index.key as Record<string, number>);
}

/**
 * Why `index` cannot serve `shape` by the equality-sort-range rule, or null when it can:
 * its leading keys are exactly the shape's equality fields (in any order); then come the sort
 * keys in order, all in the sort's direction or all reversed (a backward scan); each range field
 * is the leading sort key or follows the sort keys. Residual filters need nothing from the index.
 */
export function coverageProblem(shape: QueryShape, index: IndexDescription): string | null {
  const keys = keyEntries(index);
  const equalityKeys = keys.slice(0, shape.equality.length).map(([field]) => field);
  const missingEquality = shape.equality.filter((field) => !equalityKeys.includes(field));
  if (missingEquality.length > 0) return `equality on ${missingEquality.join(', ')} is not a leading key of ${index.name}`;

  const sortKeys = keys.slice(shape.equality.length, shape.equality.length + shape.sort.length);
  let reversed: boolean | undefined;
  for (const [position, [field, direction]] of shape.sort.entries()) {
    const key = sortKeys[position];
    if (!key || key[0] !== field) return `sort key ${field} is not key ${shape.equality.length + position + 1} of ${index.name}`;
    const flips = key[1] !== direction;
    if (reversed !== undefined && flips !== reversed) return `${index.name} cannot give the sort's mixed directions`;
    reversed = flips;
  }

  const afterSort = keys.slice(shape.equality.length + shape.sort.length).map(([field]) => field);
  const sortFields = shape.sort.map(([field]) => field);
  for (const [position, field] of shape.range.entries()) {
    // A range on the leading sort key bounds the same scan that gives the order.
    if (field === sortFields[0]) continue;
    if (afterSort[position] !== field) return `range field ${field} does not follow the sort keys in ${index.name}`;
  }
  return null;
}

/** The declared index a shape names, or undefined when there is none by that name. */
export function declaredIndex(shape: QueryShape): IndexDescription | undefined {
  if (shape.index === ID_INDEX.name) return ID_INDEX;
  return (INDEXES[shape.collection] ?? []).find((index) => index.name === shape.index);
}

/** Null when the shape's named index is declared and serves it; else what is wrong. */
export function shapeCoverageProblem(shape: QueryShape): string | null {
  const index = declaredIndex(shape);
  if (!index) return `no index named ${shape.index} is declared on ${shape.collection}`;
  return coverageProblem(shape, index);
}

/** One column of a text table: its heading and how to show a row's cell. */
export interface Column<Row> {
  heading: string;
  cell: (row: Row) => string;
  /** Longest cell shown; longer ones end in `…`. No limit when omitted. */
  maxWidth?: number;
}

/**
 * Formats rows as an aligned text table: a heading line, then one line per row, columns two
 * spaces apart, trailing spaces trimmed. Line breaks and tabs inside cells are shown as spaces,
 * so each row stays on one line.
 */
export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string[] {
  const cells = rows.map((row) => columns.map((column) => fit(column.cell(row), column.maxWidth)));
  const widths = columns.map((column, index) => Math.max(width(column.heading), ...cells.map((line) => width(line[index]))));
  const line = (values: readonly string[]) =>
    values
      .map((value, index) => value + ' '.repeat(widths[index] - width(value)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.heading)), ...cells.map(line)];
}

/** Key/value lines with the keys aligned, e.g. a session summary. */
export function formatFields(fields: ReadonlyArray<readonly [string, string]>): string[] {
  const keyWidth = Math.max(0, ...fields.map(([key]) => width(key)));
  return fields.map(([key, value]) => `${key}:${' '.repeat(keyWidth - width(key) + 1)}${oneLine(value)}`);
}

function fit(text: string, maxWidth: number | undefined): string {
  const flat = oneLine(text);
  if (maxWidth === undefined || width(flat) <= maxWidth) return flat;
  return `${[...flat].slice(0, Math.max(0, maxWidth - 1)).join('')}…`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ');
}

/** Width in code points (close enough for the identifiers and JSON shown here). */
function width(text: string): number {
  return [...text].length;
}

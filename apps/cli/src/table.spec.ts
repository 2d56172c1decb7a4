import { formatFields, formatTable } from './table';

describe('formatTable', () => {
  const columns = [
    { heading: 'ID', cell: (row: { id: string; data: unknown }) => row.id },
    { heading: 'DATA', cell: (row: { id: string; data: unknown }) => JSON.stringify(row.data), maxWidth: 12 },
  ];

  it('aligns columns two spaces apart under their headings and trims line ends', () => {
    expect(formatTable([{ id: 'a', data: 1 }, { id: 'longer-id', data: 'x' }], columns)).toEqual([
      'ID         DATA',
      'a          1',
      'longer-id  "x"',
    ]);
  });

  it('cuts long cells with an ellipsis and keeps every row on one line', () => {
    const [, row] = formatTable([{ id: 'line\nbreak', data: { host: 'www.example.com' } }], columns);
    expect(row).toBe('line break  {"host":"ww…');
  });

  it('prints only the headings for no rows, and counts code points, not UTF-16 units', () => {
    expect(formatTable([], columns)).toEqual(['ID  DATA']);
    expect(formatTable([{ id: '😀', data: 0 }], columns)).toEqual(['ID  DATA', '😀   0']);
  });
});

describe('formatFields', () => {
  it('aligns values after their keys', () => {
    expect(formatFields([['session_id', 's-1'], ['events', '3']])).toEqual(['session_id: s-1', 'events:     3']);
  });
});

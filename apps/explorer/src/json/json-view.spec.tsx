import { render } from '@testing-library/react';
import { JsonView, jsonLines } from './json-view';

describe('jsonLines', () => {
  it('prints like JSON.stringify with two-space indents', () => {
    const value = { a: 1, b: [true, null, { c: 'x' }], d: {}, e: [] };
    expect(jsonLines(value).map((line) => `${'  '.repeat(line.depth)}${line.text}`).join('\n')).toBe(JSON.stringify(value, null, 2));
  });

  it('marks the node of each issue and everything inside it, and puts the issue on its first line', () => {
    const lines = jsonLines({ data: { form: { a: 1 } }, name: 'x' }, [{ path: 'data.form', code: 'invalid_type', message: 'm' }]);
    expect(lines.map((line) => [line.text, line.highlighted, line.issues.map((issue) => issue.code)])).toEqual([
      ['{', false, []],
      ['"data": {', false, []],
      ['"form": {', true, ['invalid_type']],
      ['"a": 1', true, []],
      ['}', true, []],
      ['},', false, []],
      ['"name": "x"', false, []],
      ['}', false, []],
    ]);
  });
});

it('renders the marks with the issue path, and the code and message beside them', () => {
  const { getByLabelText } = render(
    <JsonView value={{ timestamp: '2999-01-01T00:00:00Z' }} issues={[{ path: 'timestamp', code: 'future_timestamp', message: 'timestamp is in the future' }]} label="payload" />,
  );
  const pre = getByLabelText('payload');
  const mark = pre.querySelector('mark[data-issue-path="timestamp"]');
  expect(mark).toHaveTextContent('"timestamp": "2999-01-01T00:00:00Z"');
  expect(pre).toHaveTextContent('⟵ future_timestamp timestamp: timestamp is in the future');
  expect(pre).toHaveAttribute('tabindex', '0');
});

import { locate } from './issue-paths';

const event = {
  session_id: 's',
  data: { host: 42, form: { 'first.name': 'Jo', tags: ['a', { deep: true }] } },
  'weird.key': 1,
};

describe('locate', () => {
  it('finds a value by its dotted path', () => {
    expect(locate(event, 'data.host')).toEqual({ at: ['data', 'host'], exact: true });
    expect(locate(event, 'data.form.tags.1.deep')).toEqual({ at: ['data', 'form', 'tags', 1, 'deep'], exact: true });
  });

  it('takes keys that contain dots', () => {
    expect(locate(event, 'data.form.first.name')).toEqual({ at: ['data', 'form', 'first.name'], exact: true });
    expect(locate(event, 'weird.key')).toEqual({ at: ['weird.key'], exact: true });
  });

  it('points a missing key at its nearest existing parent', () => {
    expect(locate(event, 'data.path')).toEqual({ at: ['data'], exact: false });
    expect(locate(event, 'timestamp')).toEqual({ at: [], exact: false });
    expect(locate(event, 'data.form.tags.7')).toEqual({ at: ['data', 'form', 'tags'], exact: false });
    expect(locate(event, 'data.host.inner')).toEqual({ at: ['data', 'host'], exact: false });
  });

  it('names the whole event with an empty path, whatever was sent', () => {
    expect(locate(event, '')).toEqual({ at: [], exact: true });
    expect(locate('not json', '')).toEqual({ at: [], exact: true });
    expect(locate('not json', 'data')).toEqual({ at: [], exact: false });
  });
});

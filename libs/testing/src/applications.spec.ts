import { parseCreatedApplication } from './applications';

describe('parseCreatedApplication', () => {
  it('reads the last stdout line', () => {
    const stdout = 'created application shop\n{"id":"a1","name":"shop","scopes":["ingest","query"],"token":"eye_x"}\n';
    expect(parseCreatedApplication(stdout)).toEqual({
      id: 'a1',
      name: 'shop',
      scopes: ['ingest', 'query'],
      token: 'eye_x',
    });
  });

  it('fails clearly on anything else', () => {
    expect(() => parseCreatedApplication('done\n')).toThrow(/not JSON/);
    expect(() => parseCreatedApplication('{"id":"a1"}')).toThrow(/unexpected object/);
  });
});

import { databaseName, testMongoUrl, TEST_ENV, uniqueSuffix, withDatabase } from './urls';

describe('withDatabase', () => {
  it('puts the database name into a URL without one', () => {
    expect(withDatabase('mongodb://127.0.0.1:27017', 'eye')).toBe('mongodb://127.0.0.1:27017/eye');
    expect(withDatabase('mongodb://127.0.0.1:27017/', 'eye')).toBe('mongodb://127.0.0.1:27017/eye');
  });

  it('replaces an existing database name and keeps the options', () => {
    expect(withDatabase('mongodb://u:p@127.0.0.1:27017/other?authSource=admin', 'eye')).toBe(
      'mongodb://u:p@127.0.0.1:27017/eye?authSource=admin',
    );
  });

  it('keeps every host of a replica-set URL', () => {
    expect(withDatabase('mongodb://a:1,b:2,c:3/?replicaSet=rs0', 'x')).toBe('mongodb://a:1,b:2,c:3/x?replicaSet=rs0');
  });

  it('adds retryWrites=false when asked, unless the URL sets retryWrites', () => {
    expect(withDatabase('mongodb://h:1/', 'x', { retryWrites: false })).toBe('mongodb://h:1/x?retryWrites=false');
    expect(withDatabase('mongodb://h:1/?w=1', 'x', { retryWrites: false })).toBe('mongodb://h:1/x?w=1&retryWrites=false');
    expect(withDatabase('mongodb://h:1/?retryWrites=true', 'x', { retryWrites: false })).toBe(
      'mongodb://h:1/x?retryWrites=true',
    );
  });

  it('rejects what is not a MongoDB URL or not a database name', () => {
    expect(() => withDatabase('postgres://h/x', 'x')).toThrow(/not a MongoDB URL/);
    expect(() => withDatabase('mongodb://h:1/', 'a.b')).toThrow(/database name/);
    expect(() => withDatabase('mongodb://h:1/', '')).toThrow(/database name/);
  });
});

describe('databaseName', () => {
  it('reads the database of a URL', () => {
    expect(databaseName('mongodb://h:1/eye?retryWrites=false')).toBe('eye');
    expect(databaseName('mongodb://h:1/')).toBe('');
    expect(databaseName('mongodb://h:1')).toBe('');
  });
});

describe('testMongoUrl', () => {
  const saved = { url: process.env[TEST_ENV.mongoUrl], flavor: process.env[TEST_ENV.mongoFlavor] };
  afterEach(() => {
    for (const [name, value] of [
      [TEST_ENV.mongoUrl, saved.url],
      [TEST_ENV.mongoFlavor, saved.flavor],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('gives each call a database of its own and turns off retryable writes on FerretDB', () => {
    process.env[TEST_ENV.mongoUrl] = 'mongodb://127.0.0.1:4000/';
    process.env[TEST_ENV.mongoFlavor] = 'ferretdb';
    const a = testMongoUrl();
    const b = testMongoUrl();
    expect(a).toMatch(/^mongodb:\/\/127\.0\.0\.1:4000\/eye_test_[0-9a-f]+\?retryWrites=false$/);
    expect(databaseName(a)).not.toBe(databaseName(b));
    expect(testMongoUrl('mine')).toBe('mongodb://127.0.0.1:4000/mine?retryWrites=false');
  });

  it('leaves retryable writes alone on a real MongoDB', () => {
    process.env[TEST_ENV.mongoUrl] = 'mongodb://127.0.0.1:4000';
    process.env[TEST_ENV.mongoFlavor] = 'mongodb';
    expect(testMongoUrl('mine')).toBe('mongodb://127.0.0.1:4000/mine');
  });

  it('says how to get the global setup when it did not run', () => {
    delete process.env[TEST_ENV.mongoUrl];
    expect(() => testMongoUrl()).toThrow(/globalSetup: '<rootDir>\/..\/..\/libs\/testing\/src\/jest\/global-setup.ts'/);
  });
});

describe('uniqueSuffix', () => {
  it('is lowercase hex, different every time', () => {
    expect(uniqueSuffix()).toMatch(/^[0-9a-f]{10}$/);
    expect(uniqueSuffix()).not.toBe(uniqueSuffix());
  });
});

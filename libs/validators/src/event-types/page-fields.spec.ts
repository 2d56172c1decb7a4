import fc from 'fast-check';
import { pageHost, pagePath } from './page-fields';

describe('pageHost', () => {
  it.each([
    'www.consumeraffairs.com',
    'localhost',
    'a',
    'xn--bcher-kva.example',
    '127.0.0.1',
    'A-1.b2.C3',
    `${'a'.repeat(63)}.com`,
  ])('accepts %s', (host) => {
    expect(pageHost.safeParse(host).success).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['a port', 'localhost:8080'],
    ['a trailing dot', 'example.com.'],
    ['an empty label', 'a..b'],
    ['a leading hyphen', '-a.com'],
    ['a trailing hyphen', 'a-.com'],
    ['a 64-character label', `${'a'.repeat(64)}.com`],
    ['254 characters', `${'a.'.repeat(126)}ab`],
    ['an underscore', 'my_host.com'],
    ['a scheme', 'https://a.com'],
    ['an IPv6 literal', '[::1]'],
    ['non-ASCII letters', 'bücher.example'],
    ['a newline', 'a.com\n'],
  ])('rejects %s', (_why, host) => {
    expect(pageHost.safeParse(host).success).toBe(false);
  });

  it('accepts every domain name fast-check makes', () => {
    fc.assert(fc.property(fc.domain(), (domain) => pageHost.safeParse(domain).success));
  });
});

describe('pagePath', () => {
  it('wants a leading slash', () => {
    expect(pagePath.safeParse('/').success).toBe(true);
    expect(pagePath.safeParse('/reviews?page=2').success).toBe(true);
    expect(pagePath.safeParse('reviews').success).toBe(false);
    expect(pagePath.safeParse('').success).toBe(false);
  });
});

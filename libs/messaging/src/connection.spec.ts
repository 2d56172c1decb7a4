import { natsServers } from './connection';

describe('natsServers', () => {
  it('takes credentials out of the URL, percent-decoded, and leaves the servers bare', () => {
    expect(natsServers('nats://eye:p%40ss%3Aword@nats:4222')).toEqual({ servers: ['nats://nats:4222'], user: 'eye', pass: 'p@ss:word' });
    expect(natsServers('nats://a:b@n1:4222, nats://a:b@n2:4222')).toEqual({ servers: ['nats://n1:4222', 'nats://n2:4222'], user: 'a', pass: 'b' });
  });

  it('leaves URLs without credentials as they are', () => {
    expect(natsServers('nats://127.0.0.1:4222')).toEqual({ servers: ['nats://127.0.0.1:4222'] });
    expect(natsServers('127.0.0.1:4222')).toEqual({ servers: ['127.0.0.1:4222'] });
  });
});

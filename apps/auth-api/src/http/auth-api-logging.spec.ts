import { loggedRequest } from './auth-api-logging';

describe('the auth-api request log', () => {
  it('names the client Express resolved behind trusted proxies, not the socket, and no query string', () => {
    const serialized = { id: 'r1', method: 'POST', url: '/v1/auth/token?password=oops', remoteAddress: '10.213.0.10' };
    Object.defineProperty(serialized, 'raw', { value: { ip: '203.0.113.7' }, enumerable: false });
    expect(loggedRequest(serialized)).toEqual({ id: 'r1', method: 'POST', url: '/v1/auth/token', remoteAddress: '203.0.113.7' });
  });

  it('falls back to the socket address when the request is not at hand', () => {
    expect(loggedRequest({ id: 'r2', method: 'GET', url: '/v1/users', remoteAddress: '127.0.0.1' }).remoteAddress).toBe('127.0.0.1');
  });
});

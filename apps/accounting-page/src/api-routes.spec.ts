import { upstreamFor } from './api-routes';

describe('the API calls the page proxies', () => {
  it.each([
    ['POST', '/v1/auth/token', 'auth'],
    ['GET', '/v1/reports/monthly', 'query'],
    ['POST', '/v1/reports/monthly/query', 'query'],
    ['GET', '/v1/events', 'query'],
    ['GET', '/v1/events/0b7c5d2e-1111-4222-8333-944445555666', 'query'],
    ['GET', '/v1/reimbursements/abc', 'query'],
    ['GET', '/v1/event-types', 'query'],
    ['POST', '/v1/reimbursements', 'command'],
  ])('%s %s goes to %s', (method, path, upstream) => {
    expect(upstreamFor(method, path)).toBe(upstream);
  });

  it.each([
    ['POST', '/v1/events'],
    ['POST', '/v1/events/abc/void'],
    ['POST', '/v1/users'],
    ['POST', '/v1/clients'],
    ['POST', '/v1/event-types'],
    ['GET', '/v1/ops/projections'],
    ['DELETE', '/v1/reimbursements'],
    ['GET', '/v1/events/a/b'],
    ['GET', '/v1/auth/token'],
  ])('%s %s is not proxied', (method, path) => {
    expect(upstreamFor(method, path)).toBeUndefined();
  });
});

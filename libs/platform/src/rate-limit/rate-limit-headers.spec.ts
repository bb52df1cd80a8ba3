import { rateLimitHeaders, refusedRateLimitHeaders } from './rate-limit-headers';

describe('rate-limit headers', () => {
  it('name the limit, what is left of it (never below 0) and the seconds to the reset', () => {
    expect(rateLimitHeaders(100, 42, 17)).toEqual({ 'RateLimit-Limit': '100', 'RateLimit-Remaining': '42', 'RateLimit-Reset': '17' });
    expect(rateLimitHeaders(100, -3, 17)['RateLimit-Remaining']).toBe('0');
  });

  it('tell a refused caller when to retry: at least a second, whole seconds, the reset at the same time', () => {
    expect(refusedRateLimitHeaders(5, 12.2)).toEqual({ 'Retry-After': '13', 'RateLimit-Limit': '5', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '13' });
    expect(refusedRateLimitHeaders(5, 0)['Retry-After']).toBe('1');
  });
});

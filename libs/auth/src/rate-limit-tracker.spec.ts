import { rateLimitKey, rateLimitTracker } from './rate-limit-tracker';

describe('rate-limit tracker', () => {
  it('counts an authenticated request against its principal, whatever its address', () => {
    const principal = { subject: 'client:abc', kind: 'client' as const, roles: ['ingest' as const], caregiverIds: null };
    expect(rateLimitTracker({ principal, ip: '10.0.0.1' })).toBe('principal:client:abc');
  });

  it('counts a request without a principal against its address, IPv6 by its /64', () => {
    expect(rateLimitTracker({ ip: '10.0.0.1' })).toBe('address:10.0.0.1');
    expect(rateLimitTracker({ ip: '2001:db8:1:2:aaaa::1' })).toBe(rateLimitTracker({ ip: '2001:db8:1:2:bbbb::2' }));
  });

  it('keys counters per app, hashed (no username or address in Redis)', () => {
    const key = rateLimitKey('rate-limit:', 'query-api', 'principal:user:anna');
    expect(key).toMatch(/^rate-limit:query-api:[A-Za-z0-9_-]{32}$/);
    expect(key).not.toContain('anna');
    expect(rateLimitKey('rate-limit:', 'command-api', 'principal:user:anna')).not.toBe(key);
  });
});

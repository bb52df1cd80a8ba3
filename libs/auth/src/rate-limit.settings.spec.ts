import { InvalidConfigurationError, validateEnvironment } from '@reimbursements/platform/config/validate-environment';
import { RateLimitSettings } from './rate-limit.settings';

describe('RateLimitSettings', () => {
  it('gives each role its budget per minute, the most generous of several, and a principal without roles the anonymous one', () => {
    const settings = validateEnvironment(RateLimitSettings, { RATE_LIMIT_MANAGER: '7', RATE_LIMIT_ACCOUNTANT: '9' });
    expect(settings.RATE_LIMIT_WINDOW_SECONDS).toBe(60);
    expect(settings.limitFor(['manager'])).toBe(7);
    expect(settings.limitFor(['manager', 'accountant'])).toBe(9);
    expect(settings.limitFor(['ingest'])).toBe(60_000);
    expect(settings.limitFor(['admin'])).toBe(6000);
    expect(settings.limitFor([])).toBe(120);
    expect(settings.limitFor(undefined)).toBe(120);
  });

  it('refuses limits that are not positive integers, and a key prefix Redis tooling would trip on', () => {
    for (const environment of [{ RATE_LIMIT_INGEST: '0' }, { RATE_LIMIT_ADMIN: 'lots' }, { RATE_LIMIT_WINDOW_SECONDS: '1.5' }, { RATE_LIMIT_KEY_PREFIX: 'has space' }]) {
      expect(() => validateEnvironment(RateLimitSettings, environment)).toThrow(InvalidConfigurationError);
    }
  });
});

import { InvalidConfigurationError, validateEnvironment } from '@reimbursements/platform/config/validate-environment';
import { AuthVerifierSettings } from './auth-verifier.settings';

describe('AuthVerifierSettings', () => {
  it('points at a local auth-api by default, ES256 only, principals cached 30 s', () => {
    const settings = validateEnvironment(AuthVerifierSettings, {});
    expect(settings.verifierOptions()).toEqual({
      issuer: 'urn:caregiver-reimbursements:auth-api',
      audience: 'urn:caregiver-reimbursements:api',
      algorithms: ['ES256'],
      clockToleranceSeconds: 5,
      requireAccessTokenType: true,
    });
    expect(settings.AUTH_JWKS_URL).toBe('http://127.0.0.1:3000/.well-known/jwks.json');
    expect(settings.AUTH_PRINCIPAL_CACHE_SECONDS).toBe(30);
  });

  it('can name an external issuer', () => {
    const settings = validateEnvironment(AuthVerifierSettings, {
      AUTH_JWKS_URL: 'https://idp.example.org/keys',
      AUTH_ISSUER: 'https://idp.example.org/',
      AUTH_AUDIENCE: 'reimbursements',
      AUTH_ALGORITHMS: 'ES256,EdDSA',
      AUTH_REQUIRE_AT_JWT: 'false',
    });
    expect(settings.verifierOptions()).toMatchObject({ issuer: 'https://idp.example.org/', algorithms: ['ES256', 'EdDSA'], requireAccessTokenType: false });
  });

  it('refuses symmetric or unsigned algorithms, and a principal cache longer than a minute', () => {
    expect(() => validateEnvironment(AuthVerifierSettings, { AUTH_ALGORITHMS: 'HS256' })).toThrow(InvalidConfigurationError);
    expect(() => validateEnvironment(AuthVerifierSettings, { AUTH_ALGORITHMS: 'none' })).toThrow(InvalidConfigurationError);
    expect(() => validateEnvironment(AuthVerifierSettings, { AUTH_PRINCIPAL_CACHE_SECONDS: '61' })).toThrow(/AUTH_PRINCIPAL_CACHE_SECONDS/);
  });
});

import { configurationProblems, validateEnvironment } from '@reimbursements/platform/config/validate-environment';
import { AuthApiSettings } from './auth-api.settings';

const ADMIN = { BOOTSTRAP_ADMIN_USERNAME: 'Root', BOOTSTRAP_ADMIN_PASSWORD: 'a long admin passphrase' };
const load = (environment: Record<string, string>) => validateEnvironment(AuthApiSettings, environment);
const problemsOf = (environment: Record<string, string>) => configurationProblems(AuthApiSettings, environment).join('\n');

describe('AuthApiSettings', () => {
  it('has working defaults: port 3000, its own database, 15-minute ES256 tokens, 12-character passwords', () => {
    const settings = load({});
    expect(settings).toMatchObject({
      PORT: 3000,
      AUTH_MONGODB_DB: 'reimbursements_auth',
      AUTH_TOKEN_TTL_SECONDS: 900,
      AUTH_SIGNING_ALG: 'ES256',
      AUTH_PASSWORD_MIN_LENGTH: 12,
      AUTH_CLIENT_SECRET_GRACE_SECONDS: 86400,
    });
    expect(settings.scryptCost()).toEqual({ logN: 15, r: 8, p: 1 });
    expect(settings.BOOTSTRAP_ADMIN_USERNAME).toBeUndefined();
  });

  it('reads the first admin, lower-casing the username', () => {
    expect(load(ADMIN).BOOTSTRAP_ADMIN_USERNAME).toBe('root');
  });

  it('trusts proxies by address or by hop count, never both', () => {
    expect(load({}).trustProxy()).toBe(false);
    expect(load({ AUTH_TRUST_PROXY_HOPS: '1' }).trustProxy()).toBe(1);
    expect(load({ AUTH_TRUSTED_PROXIES: 'loopback, 172.28.0.10' }).trustProxy()).toEqual(['loopback', '172.28.0.10']);
    expect(problemsOf({ AUTH_TRUSTED_PROXIES: 'loopback,the-page' })).toContain('AUTH_TRUSTED_PROXIES: must be a comma-separated list of IP addresses, CIDR ranges');
    expect(problemsOf({ AUTH_TRUST_PROXY_HOPS: '1', AUTH_TRUSTED_PROXIES: 'loopback' })).toContain('AUTH_TRUST_PROXY_HOPS: and AUTH_TRUSTED_PROXIES are both set; set one of them');
  });

  it('refuses to share the read models database', () => {
    expect(problemsOf({ MONGODB_DATABASE: 'shared', AUTH_MONGODB_DB: 'shared' })).toContain('AUTH_MONGODB_DB: must differ from MONGODB_DATABASE');
  });

  it('wants both bootstrap variables or neither, and a password that follows the policy, without echoing it', () => {
    expect(problemsOf({ BOOTSTRAP_ADMIN_USERNAME: 'root' })).toContain('BOOTSTRAP_ADMIN_USERNAME: is set but BOOTSTRAP_ADMIN_PASSWORD is not');
    expect(problemsOf({ BOOTSTRAP_ADMIN_PASSWORD: 'a long admin passphrase' })).toContain('BOOTSTRAP_ADMIN_PASSWORD: is set but BOOTSTRAP_ADMIN_USERNAME is not');
    const weak = problemsOf({ BOOTSTRAP_ADMIN_USERNAME: 'root', BOOTSTRAP_ADMIN_PASSWORD: 'root-secret-1' });
    expect(weak).toContain('BOOTSTRAP_ADMIN_PASSWORD: must follow the password policy');
    expect(weak).not.toContain('root-secret-1');
  });

  it('checks a configured signing key against the algorithm, without echoing it', () => {
    const ec = JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'private-part' });
    expect(problemsOf({ AUTH_SIGNING_KEY_JWK: ec })).toBe('');
    const wrong = problemsOf({ AUTH_SIGNING_KEY_JWK: ec, AUTH_SIGNING_ALG: 'EdDSA' });
    expect(wrong).toContain('AUTH_SIGNING_KEY_JWK: must be a private JWK');
    expect(wrong).not.toContain('private-part');
    expect(problemsOf({ AUTH_PUBLISHED_JWKS: JSON.stringify({ keys: [{ kid: 'k', kty: 'EC', d: 'oops' }] }) })).toContain('AUTH_PUBLISHED_JWKS');
  });

  it('bounds the limits', () => {
    expect(problemsOf({ AUTH_TOKEN_TTL_SECONDS: '10' })).toContain('AUTH_TOKEN_TTL_SECONDS');
    expect(problemsOf({ AUTH_SCRYPT_LOG_N: '8' })).toContain('AUTH_SCRYPT_LOG_N');
  });
});

import { createHmac } from 'node:crypto';
import { ExecutionContext, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '@reimbursements/platform/http/problem';
import { createLocalJWKSet, exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { AccessTokenVerifier, InvalidAccessTokenError, SigningKeysUnavailableError, VerifiedAccessToken } from './access-token-verifier';
import { AuthenticatedRequest } from './authenticated-request';
import { BearerAuthGuard } from './bearer-auth.guard';
import { DirectoryUnavailableError, PrincipalDirectory, PrincipalScope } from './principal-directory';
import { REQUIRED_ROLES } from './required-roles';
import { Role } from './roles';

const GOOD_TOKEN = 'good.token.value';

class FakeVerifier {
  outcome: VerifiedAccessToken | Error = { subject: 'user:alice', kind: 'user', roles: ['accountant'], tokenId: 'j1', expiresAt: new Date() };

  async verify(token: string): Promise<VerifiedAccessToken> {
    if (token !== GOOD_TOKEN) throw new InvalidAccessTokenError('ERR_JWS_INVALID');
    if (this.outcome instanceof Error) throw this.outcome;
    return this.outcome;
  }
}

class FakeDirectory extends PrincipalDirectory {
  outcome: PrincipalScope | null | Error = { caregiverIds: null };

  async lookup(): Promise<PrincipalScope | null> {
    if (this.outcome instanceof Error) throw this.outcome;
    return this.outcome;
  }
}

function contextFor(request: Partial<AuthenticatedRequest>, roles: Role[] | undefined): ExecutionContext {
  const handler = () => undefined;
  if (roles) Reflect.defineMetadata(REQUIRED_ROLES, roles, handler);
  return {
    switchToHttp: () => ({ getRequest: () => request }),
    getHandler: () => handler,
    getClass: () => class {},
  } as unknown as ExecutionContext;
}

describe('BearerAuthGuard', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  let verifier: FakeVerifier;
  let directory: FakeDirectory;
  let guard: BearerAuthGuard;

  beforeEach(() => {
    verifier = new FakeVerifier();
    directory = new FakeDirectory();
    guard = new BearerAuthGuard(verifier as unknown as AccessTokenVerifier, directory, new Reflector());
  });

  const decide = async (authorization: string | undefined, roles?: Role[]) => {
    const request = { headers: authorization === undefined ? {} : { authorization } } as AuthenticatedRequest;
    try {
      await guard.canActivate(contextFor(request, roles));
      return { status: 200, request };
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      return { status: error.problem.status, type: error.problem.type, headers: error.headers, request };
    }
  };

  it('admits a valid token with a required role and sets the principal with its server-side scope', async () => {
    directory.outcome = { caregiverIds: ['c1', 'c2'] };
    const { status, request } = await decide(`Bearer ${GOOD_TOKEN}`, ['accountant', 'manager']);
    expect(status).toBe(200);
    expect(request.principal).toEqual({ subject: 'user:alice', kind: 'user', roles: ['accountant'], caregiverIds: ['c1', 'c2'] });
  });

  it('admits any active principal when no role is named', async () => {
    expect((await decide(`Bearer ${GOOD_TOKEN}`, [])).status).toBe(200);
    expect((await decide(`Bearer ${GOOD_TOKEN}`)).status).toBe(200);
  });

  it('lets an admin through wherever another role is required', async () => {
    verifier.outcome = { subject: 'user:root', kind: 'user', roles: ['admin'], tokenId: 'j2', expiresAt: new Date() };
    expect((await decide(`Bearer ${GOOD_TOKEN}`, ['ingest'])).status).toBe(200);
  });

  it('answers 401 with a bearer challenge without a token, or with another scheme', async () => {
    const none = await decide(undefined, ['accountant']);
    expect(none).toMatchObject({ status: 401, type: expect.stringMatching(/unauthorized$/) });
    expect(none.headers?.['WWW-Authenticate']).toMatch(/^Bearer realm=/);
    expect((await decide(`Basic ${Buffer.from('a:b').toString('base64')}`, ['accountant'])).status).toBe(401);
  });

  it('answers 401 invalid_token for a token the verifier refuses (expired, bad signature, wrong audience...)', async () => {
    const refused = await decide('Bearer some.other.token', ['accountant']);
    expect(refused.status).toBe(401);
    expect(refused.headers?.['WWW-Authenticate']).toContain('error="invalid_token"');
    verifier.outcome = new InvalidAccessTokenError('ERR_JWT_EXPIRED');
    expect((await decide(`Bearer ${GOOD_TOKEN}`, ['accountant'])).status).toBe(401);
  });

  it('answers 401 when the principal was disabled or revoked', async () => {
    directory.outcome = null;
    expect((await decide(`Bearer ${GOOD_TOKEN}`, ['accountant'])).status).toBe(401);
  });

  it('answers 403 when the token is valid but lacks the role', async () => {
    expect(await decide(`Bearer ${GOOD_TOKEN}`, ['admin'])).toMatchObject({ status: 403, type: expect.stringMatching(/forbidden$/) });
  });

  it('authenticates a request once, however many guards ask (the global one and @Roles)', async () => {
    let lookups = 0;
    const counting = new (class extends PrincipalDirectory {
      async lookup(): Promise<PrincipalScope | null> {
        lookups += 1;
        return { caregiverIds: ['c1'] };
      }
    })();
    const once = new BearerAuthGuard(verifier as unknown as AccessTokenVerifier, counting, new Reflector());
    const request = { headers: { authorization: `Bearer ${GOOD_TOKEN}` } } as AuthenticatedRequest;
    const first = await once.authenticate(request);
    await once.canActivate(contextFor(request, ['accountant']));
    expect(await once.authenticate(request)).toBe(first);
    expect(lookups).toBe(1);
  });

  it('holds a route naming no role to the fallback roles it is given (the global guard: admin only)', async () => {
    const request = { headers: { authorization: `Bearer ${GOOD_TOKEN}` } } as AuthenticatedRequest;
    const principal = await guard.authenticate(request);
    expect(() => guard.authorize(contextFor(request, undefined), principal, ['admin'])).toThrow(ProblemException);
    expect(() => guard.authorize(contextFor(request, undefined), principal)).not.toThrow();
  });

  it('answers 503 with Retry-After when the keys or the directory cannot be reached', async () => {
    verifier.outcome = new SigningKeysUnavailableError(new Error('refused'));
    const keys = await decide(`Bearer ${GOOD_TOKEN}`, ['accountant']);
    expect(keys).toMatchObject({ status: 503, headers: { 'Retry-After': '5' } });
    verifier = new FakeVerifier();
    guard = new BearerAuthGuard(verifier as unknown as AccessTokenVerifier, directory, new Reflector());
    directory.outcome = new DirectoryUnavailableError(new Error('timeout'));
    expect((await decide(`Bearer ${GOOD_TOKEN}`, ['accountant'])).status).toBe(503);
  });
});

describe('BearerAuthGuard with the real verifier', () => {
  const ISSUER = 'urn:test:issuer';
  const AUDIENCE = 'urn:test:api';
  let keys: { kid: string; privateKey: KeyLike; jwk: JWK }[];
  let guard: BearerAuthGuard;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    keys = await Promise.all(
      ['old', 'new', 'unpublished'].map(async (kid) => {
        const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
        return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' } };
      }),
    );
    // After a rotation both the old and the new key are published; 'unpublished' stands for a key
    // rotated out long ago, or a foreign one.
    const verifier = new AccessTokenVerifier(createLocalJWKSet({ keys: [keys[0].jwk, keys[1].jwk] }), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['ES256'],
      clockToleranceSeconds: 0,
      requireAccessTokenType: true,
    });
    const directory = new (class extends PrincipalDirectory {
      async lookup(): Promise<PrincipalScope | null> {
        return { caregiverIds: ['c1'] };
      }
    })();
    guard = new BearerAuthGuard(verifier, directory, new Reflector());
  });

  afterAll(() => Logger.overrideLogger(true));

  const now = () => Math.floor(Date.now() / 1000);
  const token = (overrides: Record<string, unknown> = {}, key = keys[1], header: Record<string, unknown> = {}) =>
    new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'user:alice', iat: now(), nbf: now(), exp: now() + 600, jti: 'j', roles: ['accountant'], kind: 'user', ...overrides })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt', ...header })
      .sign(key.privateKey);
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  const statusFor = async (bearerToken: string, roles: Role[] = ['accountant']) => {
    try {
      await guard.canActivate(contextFor({ headers: { authorization: `Bearer ${bearerToken}` } } as AuthenticatedRequest, roles));
      return 200;
    } catch (error) {
      return (error as ProblemException).problem.status;
    }
  };

  it('admits a valid token, signed by the current or by the rotated-out but still published key', async () => {
    expect(await statusFor(await token())).toBe(200);
    expect(await statusFor(await token({}, keys[0]))).toBe(200);
  });

  it('answers 401 for an expired token', async () => {
    expect(await statusFor(await token({ iat: now() - 1200, nbf: now() - 1200, exp: now() - 600 }))).toBe(401);
  });

  it('answers 401 for a wrong signature and for a key that is not published', async () => {
    const [header, , signature] = (await token()).split('.');
    expect(await statusFor(`${header}.${b64({ sub: 'user:alice', roles: ['admin'] })}.${signature}`)).toBe(401);
    expect(await statusFor(await token({}, keys[2]))).toBe(401);
  });

  it('answers 401 for alg none and for HS256 keyed with the public key', async () => {
    const claims = b64({ iss: ISSUER, aud: AUDIENCE, sub: 'user:mallory', iat: now(), exp: now() + 600, roles: ['admin'] });
    expect(await statusFor(`${b64({ alg: 'none', typ: 'at+jwt', kid: 'new' })}.${claims}.`, ['admin'])).toBe(401);
    const header = b64({ alg: 'HS256', typ: 'at+jwt', kid: 'new' });
    const mac = createHmac('sha256', JSON.stringify(keys[1].jwk)).update(`${header}.${claims}`).digest('base64url');
    expect(await statusFor(`${header}.${claims}.${mac}`, ['admin'])).toBe(401);
  });

  it('answers 401 for another audience or issuer', async () => {
    expect(await statusFor(await token({ aud: 'urn:test:elsewhere' }))).toBe(401);
    expect(await statusFor(await token({ iss: 'urn:test:impostor' }))).toBe(401);
  });

  it('answers 403 for a valid token without the role', async () => {
    expect(await statusFor(await token(), ['ingest'])).toBe(403);
  });
});

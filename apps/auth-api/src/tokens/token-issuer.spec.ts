import { AccessTokenVerifier } from '@reimbursements/auth/access-token-verifier';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { InMemorySigningKeyStore } from '../keys/in-memory-signing-key-store';
import { StoredKeyRing } from '../keys/stored-key-ring';
import { TokenIssuer } from './token-issuer';

describe('TokenIssuer', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  let ring: StoredKeyRing;
  let issuer: TokenIssuer;

  beforeAll(async () => {
    ring = new StoredKeyRing(new InMemorySigningKeyStore(), { alg: 'ES256', tokenTtlMs: 900_000, activationDelayMs: 0, refreshMs: 10_000, now: () => now });
    await ring.initialize();
    issuer = new TokenIssuer(ring, { issuer: 'urn:test:auth', audience: 'urn:test:api', ttlSeconds: 900 }, () => now);
  });

  it('issues an ES256 at+jwt naming its key, with the registered claims, roles and kind', async () => {
    const { accessToken, expiresIn } = await issuer.issue({ subject: 'user:alice', kind: 'user', roles: ['accountant'] });
    expect(expiresIn).toBe(900);
    expect(decodeProtectedHeader(accessToken)).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: (await ring.signingKey()).kid });
    const claims = decodeJwt(accessToken);
    const seconds = now / 1000;
    expect(claims).toEqual({
      iss: 'urn:test:auth',
      aud: 'urn:test:api',
      sub: 'user:alice',
      iat: seconds,
      nbf: seconds,
      exp: seconds + 900,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      roles: ['accountant'],
      kind: 'user',
    });
  });

  it('names the client of a client-credentials token (RFC 9068 client_id), and never the caregiver scope', async () => {
    const { accessToken } = await issuer.issue({ subject: 'client:c1', kind: 'client', roles: ['ingest'], clientId: 'c1' });
    const claims = decodeJwt(accessToken);
    expect(claims).toMatchObject({ sub: 'client:c1', kind: 'client', client_id: 'c1' });
    expect(claims).not.toHaveProperty('caregiverIds');
  });

  it('gives every token its own jti', async () => {
    const a = decodeJwt((await issuer.issue({ subject: 'user:a', kind: 'user', roles: [] })).accessToken);
    const b = decodeJwt((await issuer.issue({ subject: 'user:a', kind: 'user', roles: [] })).accessToken);
    expect(a.jti).not.toBe(b.jti);
  });

  it('issues tokens the shared verifier accepts', async () => {
    const { accessToken } = await issuer.issue({ subject: 'user:alice', kind: 'user', roles: ['manager'] });
    const verifier = new AccessTokenVerifier(ring.verificationKeys(), {
      issuer: 'urn:test:auth',
      audience: 'urn:test:api',
      algorithms: ['ES256'],
      clockToleranceSeconds: 0,
      requireAccessTokenType: true,
    });
    // The verifier checks exp against the real clock; the fixed issuing clock is in the past.
    await expect(verifier.verify(accessToken)).rejects.toMatchObject({ reason: 'ERR_JWT_EXPIRED' });
    const fresh = await new TokenIssuer(ring, { issuer: 'urn:test:auth', audience: 'urn:test:api', ttlSeconds: 900 }).issue({
      subject: 'user:alice',
      kind: 'user',
      roles: ['manager'],
    });
    await expect(verifier.verify(fresh.accessToken)).resolves.toMatchObject({ subject: 'user:alice', kind: 'user', roles: ['manager'] });
  });
});

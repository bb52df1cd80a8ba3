import { createHmac, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, exportSPKI, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { AccessTokenVerifier, AccessTokenVerifierOptions, InvalidAccessTokenError, SigningKeysUnavailableError } from './access-token-verifier';
import { remoteKeySet } from './remote-key-set';

const ISSUER = 'urn:test:issuer';
const AUDIENCE = 'urn:test:api';
const OPTIONS: AccessTokenVerifierOptions = {
  issuer: ISSUER,
  audience: AUDIENCE,
  algorithms: ['ES256'],
  clockToleranceSeconds: 0,
  requireAccessTokenType: true,
};

interface TestKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
  publicKey: KeyLike;
}

async function newKey(): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, privateKey, publicKey, publicJwk: { ...publicJwk, kid, alg: 'ES256', use: 'sig' } };
}

const base64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, aud: AUDIENCE, sub: 'user:alice', iat: now, nbf: now, exp: now + 900, jti: randomUUID(), roles: ['accountant'], kind: 'user', ...overrides };
}

function sign(key: TestKey, payload = claims(), header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt', ...header }).sign(key.privateKey);
}

describe('AccessTokenVerifier', () => {
  let current: TestKey;
  let previous: TestKey;
  let stranger: TestKey;
  let verifier: AccessTokenVerifier;

  beforeAll(async () => {
    [current, previous, stranger] = await Promise.all([newKey(), newKey(), newKey()]);
    verifier = new AccessTokenVerifier(createLocalJWKSet({ keys: [current.publicJwk, previous.publicJwk] }), OPTIONS);
  });

  const refusal = async (token: string) => {
    const error = await verifier.verify(token).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidAccessTokenError);
    return (error as InvalidAccessTokenError).reason;
  };

  it('accepts a token of the issuer and gives its subject, kind and roles', async () => {
    const verified = await verifier.verify(await sign(current, claims({ roles: ['manager', 'not-a-role'] })));
    expect(verified).toMatchObject({ subject: 'user:alice', kind: 'user', roles: ['manager'] });
    expect(verified.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('accepts tokens signed by a rotated-out key that the key set still publishes', async () => {
    await expect(verifier.verify(await sign(previous))).resolves.toMatchObject({ subject: 'user:alice' });
  });

  it('refuses a token signed by a key the key set does not publish (rotated out and expired, or foreign)', async () => {
    expect(await refusal(await sign(stranger))).toBe('ERR_JWKS_NO_MATCHING_KEY');
    // A foreign key posing under a published kid fails on the signature.
    expect(await refusal(await sign({ ...stranger, kid: current.kid }))).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('checks a token\'s signature once, and the token no longer once it has expired', async () => {
    let keyLookups = 0;
    const keys = createLocalJWKSet({ keys: [current.publicJwk] });
    let clock = Date.now();
    const counting = new AccessTokenVerifier((header, token) => ((keyLookups += 1), keys(header, token)), OPTIONS, () => clock);
    const token = await sign(current, claims({ exp: Math.floor(clock / 1000) + 60 }));
    const first = await counting.verify(token);
    expect(await counting.verify(token)).toBe(first);
    expect(keyLookups).toBe(1);
    clock += 61_000;
    // Verified again once expired, against the real clock: still valid there, so only the lookup shows it.
    await counting.verify(token);
    expect(keyLookups).toBe(2);
  });

  it('remembers no token it refused', async () => {
    const forged = `${(await sign(current)).slice(0, -4)}AAAA`;
    expect(await refusal(forged)).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    expect(await refusal(forged)).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await refusal(await sign(current, claims({ iat: now - 1000, nbf: now - 1000, exp: now - 10 })))).toBe('ERR_JWT_EXPIRED');
  });

  it('refuses a token that is not valid yet', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await refusal(await sign(current, claims({ nbf: now + 600 })))).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
  });

  it('refuses a token whose signature does not match its content', async () => {
    const [header, , signature] = (await sign(current)).split('.');
    const forged = `${header}.${base64url(claims({ roles: ['admin'] }))}.${signature}`;
    expect(await refusal(forged)).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('refuses an unsecured token (alg none)', async () => {
    const unsecured = `${base64url({ alg: 'none', typ: 'at+jwt', kid: current.kid })}.${base64url(claims({ roles: ['admin'] }))}.`;
    expect(await refusal(unsecured)).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it('refuses HS256 tokens keyed with the public key (algorithm confusion)', async () => {
    const header = base64url({ alg: 'HS256', typ: 'at+jwt', kid: current.kid });
    const payload = base64url(claims({ roles: ['admin'] }));
    for (const secret of [await exportSPKI(current.publicKey), JSON.stringify(current.publicJwk)]) {
      const mac = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
      expect(await refusal(`${header}.${payload}.${mac}`)).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
    }
  });

  it('refuses a token for another audience or from another issuer', async () => {
    expect(await refusal(await sign(current, claims({ aud: 'urn:test:other-api' })))).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(await refusal(await sign(current, claims({ iss: 'urn:test:other-issuer' })))).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
  });

  it('refuses a JWT that is not an access token (typ), and one without a subject', async () => {
    expect(await refusal(await sign(current, claims(), { typ: 'JWT' }))).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(await refusal(await sign(current, claims({ sub: undefined })))).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
  });

  it('refuses what is not a JWT at all', async () => {
    expect(await refusal('not-a-token')).toBe('ERR_JWS_INVALID');
  });

  it('takes a token without kind naming itself as client_id for a client (external issuers)', async () => {
    const verified = await verifier.verify(await sign(current, claims({ kind: undefined, sub: 'svc-1', client_id: 'svc-1' })));
    expect(verified.kind).toBe('client');
  });

  it('says the keys are unavailable, not that the token is bad, when the JWKS URL does not answer', async () => {
    const unreachable = new AccessTokenVerifier(remoteKeySet('http://127.0.0.1:9/.well-known/jwks.json', { timeoutMs: 1000 }), OPTIONS);
    await expect(unreachable.verify(await sign(current))).rejects.toBeInstanceOf(SigningKeysUnavailableError);
  });
});

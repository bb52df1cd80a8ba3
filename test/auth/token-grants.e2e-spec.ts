import { AccessTokenVerifier } from '@reimbursements/auth/access-token-verifier';
import { remoteKeySet } from '@reimbursements/auth/remote-key-set';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { call } from '../support/api-client';
import { AuthSandbox, bearer, createAuthSandbox, logOf, passwordToken, removeAuthSandbox, startAuthApi, TokenAnswer } from '../support/auth-api';
import { RunningApp } from '../support/stack';

/** POST /v1/auth/token: both grants, form and JSON, and one answer for every refused credential. */
describe('auth-api token endpoint', () => {
  let sandbox: AuthSandbox;
  let authApi: RunningApp;
  let adminToken: string;
  let client: { clientId: string; clientSecret: string };
  const secrets: string[] = [];
  const user = { username: 'anna.accountant', password: 'Räkenskaper-och-kaffe-2026' };

  beforeAll(async () => {
    sandbox = createAuthSandbox();
    authApi = await startAuthApi(sandbox, { LOG_LEVEL: 'debug' }, 'auth-api-grants');
    adminToken = await passwordToken(authApi.url, sandbox.admin.username, sandbox.admin.password);
    const created = await call(`${authApi.url}/v1/users`, { json: { ...user, roles: ['accountant'] }, headers: bearer(adminToken) });
    expect(created.status).toBe(201);
    const registered = await call<{ clientId: string; clientSecret: string }>(`${authApi.url}/v1/clients`, {
      json: { name: 'Clinic Norr', roles: ['ingest'], caregiverIds: ['4', '5'] },
      headers: bearer(adminToken),
    });
    expect(registered.status).toBe(201);
    client = registered.body;
    secrets.push(sandbox.admin.password, user.password, client.clientSecret, adminToken);
  });

  afterAll(async () => {
    await authApi?.stop();
    await removeAuthSandbox(sandbox);
  });

  const tokenCall = (init: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string> }) =>
    call<TokenAnswer & Record<string, unknown>>(`${authApi.url}/v1/auth/token`, {
      method: 'POST',
      ...(init.json !== undefined ? { json: init.json } : {}),
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
      headers: { ...(init.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}), ...(init.headers ?? {}) },
    });

  const expectToken = (answer: { status: number; headers: Headers; body: TokenAnswer }) => {
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 });
    secrets.push(answer.body.access_token);
    return answer.body.access_token;
  };

  it('gives staff a token for a form-encoded password grant', async () => {
    const token = expectToken(await tokenCall({ form: { grant_type: 'password', ...user } }));
    const claims = decodeJwt(token);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: expect.any(String) });
    expect(claims).toMatchObject({
      iss: 'urn:caregiver-reimbursements:auth-api',
      aud: 'urn:caregiver-reimbursements:api',
      sub: 'user:anna.accountant',
      roles: ['accountant'],
      kind: 'user',
      jti: expect.any(String),
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
    expect(claims.nbf).toBe(claims.iat);
  });

  it('gives staff a token for a JSON password grant, the username in any case', async () => {
    expectToken(await tokenCall({ json: { grant_type: 'password', username: 'Anna.Accountant', password: user.password } }));
  });

  it('gives a care-giver system a token for client credentials, in the body or as HTTP Basic', async () => {
    const fromBody = expectToken(await tokenCall({ form: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret } }));
    expect(decodeJwt(fromBody)).toMatchObject({ sub: `client:${client.clientId}`, kind: 'client', client_id: client.clientId, roles: ['ingest'] });
    expect(decodeJwt(fromBody)).not.toHaveProperty('caregiverIds');
    const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
    expectToken(await tokenCall({ form: { grant_type: 'client_credentials' }, headers: { Authorization: `Basic ${basic}` } }));
    expectToken(await tokenCall({ json: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret } }));
  });

  it('answers a wrong password exactly as an unknown user: 401 problem+json', async () => {
    const wrongPassword = await tokenCall({ form: { grant_type: 'password', username: user.username, password: 'not-the-password-1' } });
    const unknownUser = await tokenCall({ form: { grant_type: 'password', username: 'nobody.at.all', password: 'not-the-password-1' } });
    for (const answer of [wrongPassword, unknownUser]) {
      expect(answer.status).toBe(401);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    expect(unknownUser.body).toEqual(wrongPassword.body);
    expect(wrongPassword.body).toMatchObject({ type: expect.stringMatching(/invalid-credentials$/), status: 401, error: 'invalid_grant' });
  });

  it('answers a wrong secret exactly as an unknown client', async () => {
    const wrongSecret = await tokenCall({ json: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: 'guess' } });
    const unknownClient = await tokenCall({ json: { grant_type: 'client_credentials', client_id: 'no-such-client', client_secret: 'guess' } });
    expect(wrongSecret.status).toBe(401);
    expect(unknownClient.body).toEqual(wrongSecret.body);
    expect(wrongSecret.body).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses malformed requests with 400 and the OAuth error code, other content types with 415', async () => {
    expect((await tokenCall({ form: { grant_type: 'authorization_code', code: 'x' } })).body).toMatchObject({ status: 400, error: 'unsupported_grant_type' });
    const missing = await tokenCall({ json: { grant_type: 'password', username: user.username } });
    expect(missing.body).toMatchObject({ status: 400, error: 'invalid_request', errors: [{ field: 'password', message: 'is required' }] });
    const text = await call(`${authApi.url}/v1/auth/token`, { body: 'grant_type=password', headers: { 'Content-Type': 'text/plain' } });
    expect(text.status).toBe(415);
    // Refused before the endpoint's own checks, and still with a code an OAuth client reads (RFC 6749 §5.2).
    const refusedEarly = [
      text,
      await call(`${authApi.url}/v1/auth/token`, { body: '{"grant_type":', headers: { 'Content-Type': 'application/json' } }),
      await call(`${authApi.url}/v1/auth/token`, { body: 'grant_type=password&username=%FF', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
      await call(`${authApi.url}/v1/auth/token`, { body: `grant_type=password&password=${'x'.repeat(20000)}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
      await tokenCall({ json: { grant_type: 'password', username: user.username, password: 'x', ['__proto__']: { admin: true } } }),
      await call(`${authApi.url}/v1/auth/token?debug=1`, { json: { grant_type: 'password', username: user.username, password: 'x' } }),
    ];
    expect(refusedEarly.map((answer) => [answer.status, answer.body.error])).toEqual([
      [415, 'invalid_request'],
      [400, 'invalid_request'],
      [400, 'invalid_request'],
      [413, 'invalid_request'],
      [400, 'invalid_request'],
      [400, 'invalid_request'],
    ]);
    // Form bodies are for the token endpoint only, and OAuth codes too.
    const formElsewhere = await call(`${authApi.url}/v1/users`, { body: 'username=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...bearer(adminToken) } });
    expect(formElsewhere.status).toBe(415);
    expect(formElsewhere.body).not.toHaveProperty('error');
  });

  it('issues tokens that a verifier accepts with nothing but the JWKS URL', async () => {
    const token = await passwordToken(authApi.url, user.username, user.password);
    secrets.push(token);
    const verifier = new AccessTokenVerifier(remoteKeySet(`${authApi.url}/.well-known/jwks.json`), {
      issuer: 'urn:caregiver-reimbursements:auth-api',
      audience: 'urn:caregiver-reimbursements:api',
      algorithms: ['ES256'],
      clockToleranceSeconds: 0,
      requireAccessTokenType: true,
    });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'user:anna.accountant', kind: 'user', roles: ['accountant'] });
    const jwks = await call<{ keys: Record<string, unknown>[] }>(`${authApi.url}/.well-known/jwks.json`);
    expect(jwks.body.keys.length).toBeGreaterThan(0);
    expect(jwks.body.keys.every((key) => key.d === undefined)).toBe(true);
  });

  it('serves health, metrics and the OpenAPI description without a token', async () => {
    expect((await call(`${authApi.url}/health/live`)).status).toBe(200);
    expect((await call(`${authApi.url}/health/ready`)).status).toBe(200);
    const metrics = await call<string>(`${authApi.url}/metrics`);
    expect(metrics.body).toContain('auth_token_requests_total{grant="password",outcome="issued"');
    const docs = await call<{ paths: Record<string, unknown> }>(`${authApi.url}/docs-json`);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/v1/auth/token', '/.well-known/jwks.json', '/v1/users', '/v1/clients', '/v1/clients/{clientId}/secret']),
    );
    expect((await call(`${authApi.url}/docs`)).status).toBe(200);
  });

  it('never wrote a password, a secret or a token to its log', async () => {
    const log = await logOf(authApi, 'auth-api-grants');
    expect(log).toContain('request completed');
    for (const secret of secrets) expect(log).not.toContain(secret);
    // Nor any part of a token (header, claims, signature) or a password hash.
    for (const token of secrets.filter((s) => s.startsWith('eyJ'))) for (const part of token.split('.')) expect(log).not.toContain(part);
    expect(log).not.toContain('$scrypt$');
  });
});

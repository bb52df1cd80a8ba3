import { INestApplication } from '@nestjs/common';
import { decodeProtectedHeader } from 'jose';
import { call } from '../support/api-client';
import { AuthSandbox, bearer, createAuthSandbox, logOf, passwordToken, removeAuthSandbox, startAuthApi, TokenAnswer } from '../support/auth-api';
import { RunningApp, waitFor } from '../support/stack';
import { startVerifyingApp } from './verifying-app';

const PRINCIPAL_CACHE_SECONDS = 2;

/**
 * The other apps' side, through libs/auth: tokens verified with the JWKS, the caregiver scope
 * looked up server-side, disabled users and revoked clients shut out within the cache time, and
 * key rotation without a refused token.
 */
describe('verifying auth-api tokens in another app', () => {
  let sandbox: AuthSandbox;
  let authApi: RunningApp;
  let verifying: { app: INestApplication; url: string };
  let adminToken: string;
  const secrets: string[] = [];
  const password = 'a-password-long-enough';

  beforeAll(async () => {
    sandbox = createAuthSandbox();
    authApi = await startAuthApi(sandbox, { LOG_LEVEL: 'debug', AUTH_KEY_ACTIVATION_DELAY_SECONDS: '2', AUTH_KEY_REFRESH_SECONDS: '1' }, 'auth-api-verify');
    verifying = await startVerifyingApp({
      AUTH_JWKS_URL: `${authApi.url}/.well-known/jwks.json`,
      AUTH_PRINCIPALS_URL: authApi.url,
      AUTH_PRINCIPAL_CACHE_SECONDS: String(PRINCIPAL_CACHE_SECONDS),
      AUTH_JWKS_COOLDOWN_SECONDS: '1',
    });
    adminToken = await passwordToken(authApi.url, sandbox.admin.username, sandbox.admin.password);
    for (const [username, roles, caregiverIds] of [
      ['alma', ['accountant'], undefined],
      ['mona', ['manager'], ['4', '5']],
      ['dora', ['accountant'], undefined],
    ] as const) {
      const created = await call(`${authApi.url}/v1/users`, { json: { username, password, roles, caregiverIds }, headers: bearer(adminToken) });
      expect(created.status).toBe(201);
    }
    secrets.push(sandbox.admin.password, adminToken, password);
  });

  afterAll(async () => {
    await verifying?.app.close();
    await authApi?.stop();
    await removeAuthSandbox(sandbox);
  });

  const userToken = async (username: string) => {
    const token = await passwordToken(authApi.url, username, password);
    secrets.push(token);
    return token;
  };
  const newClient = async (caregiverIds?: string[]) => {
    const created = await call<{ clientId: string; clientSecret: string }>(`${authApi.url}/v1/clients`, {
      json: { name: 'Clinic', roles: ['ingest'], ...(caregiverIds ? { caregiverIds } : {}) },
      headers: bearer(adminToken),
    });
    const { clientId, clientSecret } = created.body;
    const token = await call<TokenAnswer>(`${authApi.url}/v1/auth/token`, { json: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } });
    secrets.push(clientSecret, token.body.access_token);
    return { clientId, clientSecret, token: token.body.access_token };
  };
  const report = (token?: string) => call(`${verifying.url}/reports`, { headers: token ? bearer(token) : {} });

  it('admits the roles a handler names, with the scope looked up from auth-api', async () => {
    expect((await report(await userToken('alma'))).body).toEqual({ subject: 'user:alma', kind: 'user', roles: ['accountant'], caregiverIds: null });
    expect((await report(await userToken('mona'))).body).toEqual({ subject: 'user:mona', kind: 'user', roles: ['manager'], caregiverIds: ['4', '5'] });
    const { clientId, token } = await newClient(['7']);
    const registered = await call(`${verifying.url}/events`, { method: 'POST', headers: bearer(token) });
    expect(registered.body).toEqual({ subject: `client:${clientId}`, kind: 'client', roles: ['ingest'], caregiverIds: ['7'] });
    expect((await call(`${verifying.url}/events`, { method: 'POST', headers: bearer(adminToken) })).status).toBe(201);
  });

  it('answers 401 without a valid token and 403 without the role, as problem+json', async () => {
    const none = await report();
    expect(none.status).toBe(401);
    expect(none.contentType).toMatch(/^application\/problem\+json/);
    const unsigned = `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: 'user:root', roles: ['admin'], iss: 'urn:caregiver-reimbursements:auth-api', aud: 'urn:caregiver-reimbursements:api', exp: 4102444800, iat: 1 }),
    ).toString('base64url')}.`;
    expect((await report(unsigned)).status).toBe(401);
    const forbidden = await call(`${verifying.url}/events`, { method: 'POST', headers: bearer(await userToken('alma')) });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ type: expect.stringMatching(/forbidden$/), status: 403 });
  });

  it("stops a disabled user's tokens: at once on auth-api, within the cache time elsewhere, and gives it no new one", async () => {
    const token = await userToken('dora');
    expect((await report(token)).status).toBe(200);
    const disabled = await call(`${authApi.url}/v1/users/dora/disable`, { method: 'POST', headers: bearer(adminToken) });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ username: 'dora', disabledAt: expect.any(String) });
    expect((await call(`${authApi.url}/v1/principals/user:dora`, { headers: bearer(token) })).status).toBe(401);
    const started = Date.now();
    await waitFor('the verifying app to refuse the disabled user', async () => (await report(token)).status === 401, 60_000);
    expect(Date.now() - started).toBeLessThan((PRINCIPAL_CACHE_SECONDS + 2) * 1000);
    const again = await call(`${authApi.url}/v1/auth/token`, { json: { grant_type: 'password', username: 'dora', password } });
    const wrong = await call(`${authApi.url}/v1/auth/token`, { json: { grant_type: 'password', username: 'alma', password: 'not-the-password' } });
    expect(again.status).toBe(401);
    expect(again.body).toEqual(wrong.body);
  });

  it("stops a revoked client's tokens the same way", async () => {
    const { clientId, clientSecret, token } = await newClient();
    expect((await call(`${verifying.url}/events`, { method: 'POST', headers: bearer(token) })).status).toBe(201);
    expect((await call(`${authApi.url}/v1/clients/${clientId}/revoke`, { method: 'POST', headers: bearer(adminToken) })).status).toBe(200);
    await waitFor('the verifying app to refuse the revoked client', async () => (await call(`${verifying.url}/events`, { method: 'POST', headers: bearer(token) })).status === 401);
    const again = await call(`${authApi.url}/v1/auth/token`, { json: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } });
    expect(again.status).toBe(401);
  });

  it('does not let an admin disable itself', async () => {
    expect((await call(`${authApi.url}/v1/users/${sandbox.admin.username}/disable`, { method: 'POST', headers: bearer(adminToken) })).status).toBe(409);
  });

  it('rotates the signing key: the new key is published first, signs after the delay, and old tokens keep working', async () => {
    const before = await userToken('alma');
    const oldKid = decodeProtectedHeader(before).kid;
    expect((await report(before)).status).toBe(200);

    const rotation = await call<{ kid: string; activatesAt: string }>(`${authApi.url}/v1/keys/rotate`, { method: 'POST', headers: bearer(adminToken) });
    expect(rotation.status).toBe(201);
    const jwks = await call<{ keys: { kid: string }[] }>(`${authApi.url}/.well-known/jwks.json`);
    expect(jwks.body.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([oldKid, rotation.body.kid]));
    expect(decodeProtectedHeader(await userToken('alma')).kid).toBe(oldKid);

    let after = '';
    await waitFor('the new key to sign', async () => {
      after = await userToken('alma');
      return decodeProtectedHeader(after).kid === rotation.body.kid;
    });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(rotation.body.activatesAt));
    expect((await report(after)).status).toBe(200);
    expect((await report(before)).status).toBe(200);
    expect((await call(`${authApi.url}/v1/principals/user:alma`, { headers: bearer(before) })).status).toBe(200);
  });

  it('never wrote a password, a secret or a token to its log', async () => {
    const log = await logOf(authApi, 'auth-api-verify');
    expect(log).toContain('request completed');
    for (const secret of secrets) expect(log).not.toContain(secret);
    for (const token of secrets.filter((s) => s.startsWith('eyJ'))) expect(log).not.toContain(token.split('.')[2]);
  });
});

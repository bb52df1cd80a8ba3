import { readFileSync } from 'node:fs';
import { decodeProtectedHeader } from 'jose';
import { call } from '../support/api-client';
import { logFileOf } from '../support/app-log';
import { passwordToken, TokenAnswer } from '../support/auth-api';
import { createSandbox, removeSandbox, RunningApp, Sandbox, startApp, waitFor } from '../support/stack';

const PRINCIPAL_CACHE_SECONDS = 2;
/** The principal cache time, plus room for a loaded machine: a refusal must come within it. */
const REFUSAL_BOUND_MS = (PRINCIPAL_CACHE_SECONDS + 8) * 1000;

/**
 * The real command-api and query-api guards (libs/auth's ApiAccessGuard) against a running
 * auth-api: tokens verified with the JWKS, the caregiver scope looked up server-side, disabled
 * users and revoked clients shut out within the cache time, and key rotation without a refused token.
 */
describe('command-api and query-api verifying auth-api tokens', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let queryApi: RunningApp;
  const secrets: string[] = [];
  const password = 'a-password-long-enough';

  beforeAll(async () => {
    sandbox = await createSandbox(6, { LOG_LEVEL: 'debug', AUTH_KEY_ACTIVATION_DELAY_SECONDS: '2', AUTH_KEY_REFRESH_SECONDS: '1' });
    const verifier = { ...sandbox.env, AUTH_PRINCIPAL_CACHE_SECONDS: String(PRINCIPAL_CACHE_SECONDS), AUTH_JWKS_COOLDOWN_SECONDS: '1' };
    [commandApi, queryApi] = await Promise.all([startApp('command-api', verifier), startApp('query-api', verifier)]);
    expect((await call(`${commandApi.url}/v1/event-types`, { json: { code: 'x-ray', name: 'X-ray', amountCents: 50000 } })).status).toBe(202);
    for (const [username, roles, caregiverIds] of [
      ['alma', ['accountant'], undefined],
      ['mona', ['manager'], ['4', '5']],
      ['dora', ['accountant'], undefined],
    ] as const) {
      const created = await call(`${sandbox.authApi.url}/v1/users`, { json: { username, password, roles, caregiverIds } });
      expect(created.status).toBe(201);
    }
    secrets.push(sandbox.identity.admin.password, sandbox.adminToken, password);
  });

  afterAll(async () => {
    await Promise.all([commandApi, queryApi].map((app) => app?.stop()));
    await removeSandbox(sandbox);
  });

  const userToken = async (username: string) => {
    const token = await passwordToken(sandbox.authApi.url, username, password);
    secrets.push(token);
    return token;
  };
  const newClient = async (caregiverIds?: string[]) => {
    const created = await call<{ clientId: string; clientSecret: string }>(`${sandbox.authApi.url}/v1/clients`, {
      json: { name: 'Clinic', roles: ['ingest'], ...(caregiverIds ? { caregiverIds } : {}) },
    });
    const { clientId, clientSecret } = created.body;
    const token = await call<TokenAnswer>(`${sandbox.authApi.url}/v1/auth/token`, {
      json: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
      token: null,
    });
    secrets.push(clientSecret, token.body.access_token);
    return { clientId, clientSecret, token: token.body.access_token };
  };
  /** query-api's report: accountants and managers, scoped to a manager's caregivers. */
  const report = (token: string | null, caregiverIds?: string) =>
    call(`${queryApi.url}/v1/reports/monthly?${new URLSearchParams({ from: '2026-01', to: '2026-01', ...(caregiverIds ? { caregiverIds } : {}) })}`, { token });
  /** command-api's event registration: ingest, scoped to a client's caregivers. */
  const register = (token: string | null, caregiverId: string) =>
    call(`${commandApi.url}/v1/events`, { json: { caregiverId, eventType: 'x-ray', occurredAt: new Date().toISOString() }, token });

  it('admits the roles a handler names, with the scope looked up from auth-api', async () => {
    expect((await report(await userToken('alma'), '6')).status).toBe(200);
    const mona = await userToken('mona');
    expect((await report(mona, '4,5')).status).toBe(200);
    expect((await report(mona, '4,6')).status).toBe(403);
    const { token } = await newClient(['7']);
    expect((await register(token, '7')).status).toBe(202);
    expect((await register(token, '8')).status).toBe(403);
    expect((await register(sandbox.adminToken, '8')).status).toBe(202);
  });

  it('answers 401 without a valid token and 403 without the role, as problem+json', async () => {
    for (const none of [await report(null), await register(null, '7')]) {
      expect(none.status).toBe(401);
      expect(none.contentType).toMatch(/^application\/problem\+json/);
    }
    const unsigned = `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: 'user:root', roles: ['admin'], iss: 'urn:caregiver-reimbursements:auth-api', aud: 'urn:caregiver-reimbursements:api', exp: 4102444800, iat: 1 }),
    ).toString('base64url')}.`;
    expect((await report(unsigned)).status).toBe(401);
    expect((await register(unsigned, '7')).status).toBe(401);
    const forbidden = await register(await userToken('alma'), '7');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ type: expect.stringMatching(/forbidden$/), status: 403 });
  });

  it("stops a disabled user's tokens: at once on auth-api, within the cache time on query-api, and gives it no new one", async () => {
    const token = await userToken('dora');
    expect((await report(token)).status).toBe(200);
    const disabled = await call(`${sandbox.authApi.url}/v1/users/dora/disable`, { method: 'POST' });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ username: 'dora', disabledAt: expect.any(String) });
    expect((await call(`${sandbox.authApi.url}/v1/principals/user:dora`, { token })).status).toBe(401);
    await waitFor('query-api to refuse the disabled user', async () => (await report(token)).status === 401, REFUSAL_BOUND_MS);
    const again = await call(`${sandbox.authApi.url}/v1/auth/token`, { json: { grant_type: 'password', username: 'dora', password }, token: null });
    const wrong = await call(`${sandbox.authApi.url}/v1/auth/token`, { json: { grant_type: 'password', username: 'alma', password: 'not-the-password' }, token: null });
    expect(again.status).toBe(401);
    expect(again.body).toEqual(wrong.body);
  });

  it("stops a revoked client's tokens the same way on command-api", async () => {
    const { clientId, clientSecret, token } = await newClient();
    expect((await register(token, '9')).status).toBe(202);
    expect((await call(`${sandbox.authApi.url}/v1/clients/${clientId}/revoke`, { method: 'POST' })).status).toBe(200);
    await waitFor('command-api to refuse the revoked client', async () => (await register(token, '9')).status === 401, REFUSAL_BOUND_MS);
    const again = await call(`${sandbox.authApi.url}/v1/auth/token`, {
      json: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
      token: null,
    });
    expect(again.status).toBe(401);
  });

  it('does not let an admin disable itself', async () => {
    expect((await call(`${sandbox.authApi.url}/v1/users/${sandbox.identity.admin.username}/disable`, { method: 'POST' })).status).toBe(409);
  });

  it('rotates the signing key: the new key is published first, signs after the delay, and old tokens keep working on both APIs', async () => {
    const before = await userToken('alma');
    const oldKid = decodeProtectedHeader(before).kid;
    expect((await report(before)).status).toBe(200);

    const rotation = await call<{ kid: string; activatesAt: string }>(`${sandbox.authApi.url}/v1/keys/rotate`, { method: 'POST' });
    expect(rotation.status).toBe(201);
    const jwks = await call<{ keys: { kid: string }[] }>(`${sandbox.authApi.url}/.well-known/jwks.json`);
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
    const { token: ingest } = await newClient();
    expect(decodeProtectedHeader(ingest).kid).toBe(rotation.body.kid);
    expect((await register(ingest, '10')).status).toBe(202);
    expect((await call(`${sandbox.authApi.url}/v1/principals/user:alma`, { token: before })).status).toBe(200);
  });

  // Reads the log of the running auth-api (stopping it would take it from the other tests), with
  // every secret the tests that ran before this one handed out.
  it('never wrote a password, a secret or a token to its log', async () => {
    const log = readFileSync(logFileOf(sandbox.authApi), 'utf8');
    expect(log).toContain('request completed');
    for (const secret of secrets) expect(log).not.toContain(secret);
    for (const token of secrets.filter((s) => s.startsWith('eyJ'))) expect(log).not.toContain(token.split('.')[2]);
  });
});

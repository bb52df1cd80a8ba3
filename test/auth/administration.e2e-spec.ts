import { call } from '../support/api-client';
import { AuthSandbox, bearer, createAuthSandbox, logOf, passwordToken, removeAuthSandbox, startAuthApi, TokenAnswer } from '../support/auth-api';
import { RunningApp, waitFor } from '../support/stack';

const GRACE_SECONDS = 3;

/** Users and clients: admin only, validated, secrets shown once, rotated with a grace period. */
describe('auth-api administration', () => {
  let sandbox: AuthSandbox;
  let authApi: RunningApp;
  let adminToken: string;
  let accountantToken: string;
  const secrets: string[] = [];

  beforeAll(async () => {
    sandbox = createAuthSandbox();
    authApi = await startAuthApi(sandbox, { LOG_LEVEL: 'debug', AUTH_CLIENT_SECRET_GRACE_SECONDS: String(GRACE_SECONDS) }, 'auth-api-admin');
    adminToken = await passwordToken(authApi.url, sandbox.admin.username, sandbox.admin.password);
    const accountant = { username: 'ann', password: 'ledger-keeper-2026' };
    expect((await call(`${authApi.url}/v1/users`, { json: { ...accountant, roles: ['accountant'] }, headers: bearer(adminToken) })).status).toBe(201);
    accountantToken = await passwordToken(authApi.url, accountant.username, accountant.password);
    secrets.push(sandbox.admin.password, adminToken, accountant.password, accountantToken);
  });

  afterAll(async () => {
    await authApi?.stop();
    await removeAuthSandbox(sandbox);
  });

  const createUser = (body: unknown, token = adminToken) => call(`${authApi.url}/v1/users`, { json: body, headers: token ? bearer(token) : {} });
  const createClient = (body: unknown, token = adminToken) =>
    call<{ clientId: string; clientSecret: string }>(`${authApi.url}/v1/clients`, { json: body, headers: token ? bearer(token) : {} });
  const clientToken = (clientId: string, clientSecret: string) =>
    call<TokenAnswer>(`${authApi.url}/v1/auth/token`, { json: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } });

  describe('who may administer', () => {
    it('answers 401 problem+json without a token or with a bad one', async () => {
      for (const headers of [{}, bearer('not.a.token'), { Authorization: 'Basic cm9vdDpwdw==' }]) {
        const answer = await call(`${authApi.url}/v1/users`, { json: { username: 'x', password: 'y', roles: ['ingest'] }, headers });
        expect(answer.status).toBe(401);
        expect(answer.contentType).toMatch(/^application\/problem\+json/);
        expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer /);
      }
    });

    it('answers 403 to a valid token without the admin role', async () => {
      const cases = [
        () => createUser({ username: 'eve', password: 'a long password here', roles: ['admin'] }, accountantToken),
        () => createClient({ name: 'x', roles: ['ingest'] }, accountantToken),
        () => call(`${authApi.url}/v1/users/ann/disable`, { method: 'POST', headers: bearer(accountantToken) }),
        () => call(`${authApi.url}/v1/keys/rotate`, { method: 'POST', headers: bearer(accountantToken) }),
      ];
      for (const attempt of cases) {
        const answer = await attempt();
        expect(answer.status).toBe(403);
        expect(answer.body).toMatchObject({ type: expect.stringMatching(/forbidden$/), status: 403 });
      }
    });
  });

  describe('POST /v1/users', () => {
    it('creates users of every role, never answering the password', async () => {
      const password = 'manager-password-2026';
      const answer = await createUser({ username: 'Maja.Manager', password, roles: ['manager'], caregiverIds: ['4', '5'] });
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual({ username: 'maja.manager', roles: ['manager'], caregiverIds: ['4', '5'], createdAt: expect.any(String), disabledAt: null });
      expect(JSON.stringify(answer.body)).not.toContain(password);
      secrets.push(password);
      for (const role of ['ingest', 'admin']) expect((await createUser({ username: `u-${role}`, password, roles: [role] })).status).toBe(201);
    });

    it('answers 409 for a username that exists, whatever its case', async () => {
      const answer = await createUser({ username: 'MAJA.MANAGER', password: 'another-password-1', roles: ['accountant'] });
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ type: expect.stringMatching(/username-taken$/) });
    });

    it('enforces the password policy: 12 characters, not containing the username', async () => {
      const short = await createUser({ username: 'sam', password: 'eleven-char', roles: ['accountant'] });
      expect(short.body).toMatchObject({ status: 400, errors: [{ field: 'password', message: 'must be at least 12 characters long' }] });
      const containing = await createUser({ username: 'sam', password: 'I-am-SAM-and-this-is-long', roles: ['accountant'] });
      expect(containing.body).toMatchObject({ status: 400, errors: [{ field: 'password', message: 'must not contain the username' }] });
      expect(JSON.stringify(containing.body)).not.toContain('I-am-SAM');
    });

    it('checks roles and caregiver scopes', async () => {
      const password = 'a fine long password';
      const cases: [unknown, string][] = [
        [{ username: 'mgr1', password, roles: ['manager'] }, 'caregiverIds'],
        [{ username: 'adm1', password, roles: ['admin'], caregiverIds: ['4'] }, 'caregiverIds'],
        [{ username: 'usr1', password, roles: ['boss'] }, 'roles'],
        [{ username: 'usr2', password, roles: [] }, 'roles'],
        [{ username: 'usr3', password, roles: ['ingest'], caregiverIds: ['has space'] }, 'caregiverIds'],
        [{ username: 'usr4', password, roles: ['ingest'], caregiverIds: ['4', '4'] }, 'caregiverIds'],
        [{ username: 'usr5', password, roles: ['ingest'], caregiverIds: Array.from({ length: 10_001 }, (_, i) => `c${i}`) }, 'caregiverIds'],
        [{ username: 'no spaces allowed', password, roles: ['ingest'] }, 'username'],
        [{ username: 'usr6', password, roles: ['ingest'], isAdmin: true }, 'isAdmin'],
      ];
      for (const [body, field] of cases) {
        const answer = await createUser(body);
        expect(answer.status).toBe(400);
        expect((answer.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
      }
    });

    it('accepts a scope of 10 000 caregivers', async () => {
      const caregiverIds = Array.from({ length: 10_000 }, (_, i) => `caregiver:${i}`);
      const answer = await createUser({ username: 'big.manager', password: 'a fine long password', roles: ['manager'], caregiverIds });
      expect(answer.status).toBe(201);
      const status = await call<{ caregiverIds: string[] }>(`${authApi.url}/v1/principals/user:big.manager`, { headers: bearer(adminToken) });
      expect(status.body.caregiverIds).toHaveLength(10_000);
    });
  });

  describe('POST /v1/clients', () => {
    it('registers a client and shows its secret once', async () => {
      const answer = await createClient({ name: 'Clinic Syd', roles: ['ingest'], caregiverIds: ['7'] });
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual({ clientId: expect.stringMatching(/^[0-9a-f-]{36}$/), clientSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
      expect(answer.headers.get('cache-control')).toBe('no-store');
      secrets.push(answer.body.clientSecret);
      expect((await clientToken(answer.body.clientId, answer.body.clientSecret)).status).toBe(200);
      const status = await call(`${authApi.url}/v1/principals/client:${answer.body.clientId}`, { headers: bearer(adminToken) });
      expect(status.body).toEqual({ subject: `client:${answer.body.clientId}`, kind: 'client', roles: ['ingest'], caregiverIds: ['7'], active: true });
      expect(JSON.stringify(status.body)).not.toContain(answer.body.clientSecret);
    });

    it('validates like users do', async () => {
      expect((await createClient({ roles: ['ingest'] })).status).toBe(400);
      expect((await createClient({ name: 'm', roles: ['manager'] })).status).toBe(400);
      expect((await createClient({ name: 'x', roles: ['ingest'], clientSecret: 'chosen' })).status).toBe(400);
    });

    it('rotates a secret: the old one keeps working for the grace period, then stops', async () => {
      const { clientId, clientSecret: first } = (await createClient({ name: 'Clinic Öst', roles: ['ingest'] })).body;
      const rotated = await call<{ clientId: string; clientSecret: string; previousSecretExpiresAt: string }>(`${authApi.url}/v1/clients/${clientId}/secret`, {
        method: 'POST',
        headers: bearer(adminToken),
      });
      expect(rotated.status).toBe(201);
      const second = rotated.body.clientSecret;
      secrets.push(first, second);
      expect(second).not.toBe(first);
      const expiresAt = Date.parse(rotated.body.previousSecretExpiresAt);
      expect(expiresAt - Date.now()).toBeLessThanOrEqual(GRACE_SECONDS * 1000);

      expect((await clientToken(clientId, second)).status).toBe(200);
      expect((await clientToken(clientId, first)).status).toBe(200);
      await waitFor('the old secret to expire', async () => (await clientToken(clientId, first)).status === 401, 15_000);
      expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
      expect((await clientToken(clientId, second)).status).toBe(200);
    });

    it('keeps only the secret just replaced: a second rotation ends the first secret at once', async () => {
      const { clientId, clientSecret: first } = (await createClient({ name: 'Clinic Väst', roles: ['ingest'] })).body;
      const rotate = () => call<{ clientSecret: string }>(`${authApi.url}/v1/clients/${clientId}/secret`, { method: 'POST', headers: bearer(adminToken) });
      const second = (await rotate()).body.clientSecret;
      const third = (await rotate()).body.clientSecret;
      secrets.push(first, second, third);
      expect((await clientToken(clientId, first)).status).toBe(401);
      expect((await clientToken(clientId, second)).status).toBe(200);
      expect((await clientToken(clientId, third)).status).toBe(200);
    });

    it('answers 404 for an unknown client and 409 for rotating a revoked one', async () => {
      expect((await call(`${authApi.url}/v1/clients/nope/secret`, { method: 'POST', headers: bearer(adminToken) })).status).toBe(404);
      expect((await call(`${authApi.url}/v1/clients/nope/revoke`, { method: 'POST', headers: bearer(adminToken) })).status).toBe(404);
      const { clientId } = (await createClient({ name: 'Gone', roles: ['ingest'] })).body;
      expect((await call(`${authApi.url}/v1/clients/${clientId}/revoke`, { method: 'POST', headers: bearer(adminToken) })).status).toBe(200);
      expect((await call(`${authApi.url}/v1/clients/${clientId}/secret`, { method: 'POST', headers: bearer(adminToken) })).status).toBe(409);
    });
  });

  describe('GET /v1/principals/{subject}', () => {
    it('answers a principal about itself, an admin about anyone, and nobody else', async () => {
      expect((await call(`${authApi.url}/v1/principals/user:ann`, { headers: bearer(accountantToken) })).body).toEqual({
        subject: 'user:ann',
        kind: 'user',
        roles: ['accountant'],
        caregiverIds: null,
        active: true,
      });
      expect((await call(`${authApi.url}/v1/principals/user:maja.manager`, { headers: bearer(accountantToken) })).status).toBe(403);
      expect((await call(`${authApi.url}/v1/principals/user:maja.manager`, { headers: bearer(adminToken) })).status).toBe(200);
      expect((await call(`${authApi.url}/v1/principals/user:nobody`, { headers: bearer(adminToken) })).status).toBe(404);
      expect((await call(`${authApi.url}/v1/principals/user:ann`)).status).toBe(401);
    });
  });

  it('never wrote a password, a secret or a token to its log', async () => {
    const log = await logOf(authApi, 'auth-api-admin');
    expect(log).toContain('request completed');
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toContain('$scrypt$');
  });
});

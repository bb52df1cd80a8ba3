import { request } from 'node:http';
import { call } from '../support/api-client';
import { AuthSandbox, bearer, createAuthSandbox, passwordToken, removeAuthSandbox, startAuthApi } from '../support/auth-api';
import { logEntries } from '../support/app-log';
import { RunningApp, startApp, waitFor } from '../support/stack';

const PER_ADDRESS = 3;

/**
 * Sign-ins through the accounting page count against each caller's address, not all against the
 * page's: the page adds its caller to X-Forwarded-For and auth-api trusts the page's address
 * (AUTH_TRUSTED_PROXIES). Callers are told apart by the loopback address they connect from.
 */
describe('sign-ins through the accounting page are throttled per caller', () => {
  let sandbox: AuthSandbox;
  let authApi: RunningApp;
  let page: RunningApp;
  const user = { username: 'paula', password: 'correct-horse-battery-9' };

  beforeAll(async () => {
    sandbox = createAuthSandbox();
    authApi = await startAuthApi(sandbox, { AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS: String(PER_ADDRESS), AUTH_TRUSTED_PROXIES: 'loopback' }, 'auth-api-page-throttle');
    const adminToken = await passwordToken(authApi.url, sandbox.admin.username, sandbox.admin.password);
    expect((await call(`${authApi.url}/v1/users`, { json: { ...user, roles: ['accountant'] }, headers: bearer(adminToken) })).status).toBe(201);
    // Only the token endpoint is called here; the other two apps are never reached.
    page = await startApp('accounting-page', { AUTH_API_URL: authApi.url, COMMAND_API_URL: 'http://127.0.0.1:9', QUERY_API_URL: 'http://127.0.0.1:9' });
  });

  afterAll(async () => {
    await Promise.all([page, authApi].map((app) => app?.stop()));
    await removeAuthSandbox(sandbox);
  });

  /** A sign-in on the page from `from` (a loopback address of its own); its status. */
  function signIn(from: string, username: string, password: string): Promise<number> {
    const body = new URLSearchParams({ grant_type: 'password', username, password }).toString();
    return new Promise((resolve, reject) => {
      const sent = request(
        `${page.url}/v1/auth/token`,
        { method: 'POST', localAddress: from, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } },
        (answer) => {
          answer.resume();
          answer.on('end', () => resolve(answer.statusCode ?? 0));
        },
      );
      sent.on('error', reject);
      sent.end(body);
    });
  }

  it('stops a caller after its failures, and lets another caller on the same page sign in', async () => {
    for (let i = 0; i < PER_ADDRESS; i++) expect(await signIn('127.0.0.2', `nobody-${i}`, 'wrong password')).toBe(401);
    expect(await signIn('127.0.0.2', user.username, user.password)).toBe(429);
    expect(await signIn('127.0.0.3', user.username, user.password)).toBe(200);
    // Its log names the caller the page passed on (what it was throttled by), not the page.
    const refusedSignIns = () =>
      logEntries(authApi, 'auth-api-page-throttle')
        .map((entry) => entry as { req?: { url?: string; remoteAddress?: string }; res?: { statusCode?: number } })
        .filter((entry) => entry.req?.url === '/v1/auth/token' && entry.res?.statusCode !== undefined && entry.res.statusCode >= 400);
    await waitFor('the refused sign-ins in the auth-api log', async () => refusedSignIns().length === PER_ADDRESS + 1, 10_000);
    expect(new Set(refusedSignIns().map((entry) => entry.req?.remoteAddress))).toEqual(new Set(['127.0.0.2']));
  });
});

import { ApiAnswer, call } from '../support/api-client';
import { AuthSandbox, bearer, createAuthSandbox, logOf, passwordToken, removeAuthSandbox, startAuthApi } from '../support/auth-api';
import { RunningApp } from '../support/stack';

const PER_ACCOUNT = 3;
const PER_ADDRESS = 10;
const WINDOW_SECONDS = 60;

/**
 * Failed sign-ins are counted in Redis, so two auth-api instances throttle together; the answer
 * does not tell whether the account exists. X-Forwarded-For (one trusted proxy hop) stands for
 * distinct client addresses.
 */
describe('auth-api login throttling across two instances', () => {
  let sandbox: AuthSandbox;
  let instances: RunningApp[];
  const secrets: string[] = [];
  const users = {
    ulla: 'correct-horse-battery-1',
    vera: 'correct-horse-battery-2',
  };

  beforeAll(async () => {
    sandbox = createAuthSandbox();
    const env = {
      AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: String(PER_ACCOUNT),
      AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS: String(PER_ADDRESS),
      AUTH_LOGIN_FAILURE_WINDOW_SECONDS: String(WINDOW_SECONDS),
      AUTH_TRUST_PROXY_HOPS: '1',
    };
    instances = [await startAuthApi(sandbox, env, 'auth-api-throttle-a'), await startAuthApi(sandbox, env, 'auth-api-throttle-b')];
    const adminToken = await passwordToken(instances[0].url, sandbox.admin.username, sandbox.admin.password);
    for (const [username, password] of Object.entries(users)) {
      const created = await call(`${instances[0].url}/v1/users`, { json: { username, password, roles: ['accountant'] }, headers: bearer(adminToken) });
      expect(created.status).toBe(201);
    }
    secrets.push(sandbox.admin.password, adminToken, ...Object.values(users));
  });

  afterAll(async () => {
    await Promise.all((instances ?? []).map((app) => app.stop()));
    await removeAuthSandbox(sandbox);
  });

  let turn = 0;
  /** Each attempt goes to the next instance, as a load balancer would send them. */
  const signIn = (username: string, password: string, address: string): Promise<ApiAnswer> =>
    call(`${instances[turn++ % instances.length].url}/v1/auth/token`, {
      body: new URLSearchParams({ grant_type: 'password', username, password }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': address },
    });

  const expectThrottled = (answer: ApiAnswer, limit: number) => {
    expect(answer.status).toBe(429);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ type: expect.stringMatching(/too-many-attempts$/), status: 429 });
    const retryAfter = Number(answer.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(answer.headers.get('ratelimit-limit')).toBe(String(limit));
    expect(answer.headers.get('ratelimit-remaining')).toBe('0');
    expect(answer.headers.get('ratelimit-reset')).toBe(String(retryAfter));
  };

  it('throttles an account after its failures on either instance, even for the right password and from another address', async () => {
    for (let i = 0; i < PER_ACCOUNT; i++) expect((await signIn('ulla', 'wrong guess number one', '10.0.0.1')).status).toBe(401);
    expectThrottled(await signIn('ulla', 'wrong guess number one', '10.0.0.1'), PER_ACCOUNT);
    expectThrottled(await signIn('ulla', users.ulla, '10.0.0.1'), PER_ACCOUNT);
    expectThrottled(await signIn('ULLA', users.ulla, '10.0.0.99'), PER_ACCOUNT);
  });

  it('answers an unknown account exactly as an existing one', async () => {
    const known: ApiAnswer[] = [];
    const unknown: ApiAnswer[] = [];
    for (let i = 0; i <= PER_ACCOUNT; i++) known.push(await signIn('vera', 'wrong guess number two', '10.0.0.2'));
    for (let i = 0; i <= PER_ACCOUNT; i++) unknown.push(await signIn('nobody-here', 'wrong guess number two', '10.0.0.3'));
    expect(unknown.map((a) => a.status)).toEqual(known.map((a) => a.status));
    expect(unknown.map((a) => a.body)).toEqual(known.map((a) => a.body));
    expectThrottled(unknown[PER_ACCOUNT], PER_ACCOUNT);
    const headers = (answer: ApiAnswer) => [...answer.headers.keys()].filter((name) => !['date', 'x-request-id', 'etag'].includes(name)).sort();
    expect(headers(unknown[PER_ACCOUNT])).toEqual(headers(known[PER_ACCOUNT]));
  });

  it('throttles an address that tries many accounts', async () => {
    for (let i = 0; i < PER_ADDRESS; i++) expect((await signIn(`sprayed-${i}`, 'one common password', '10.0.0.4')).status).toBe(401);
    expectThrottled(await signIn('sprayed-last', 'one common password', '10.0.0.4'), PER_ADDRESS);
    expect((await signIn('sprayed-last', 'one common password', '10.0.0.5')).status).toBe(401);
  });

  it("forgets an account's failures once it signs in", async () => {
    const address = '10.0.0.6';
    const adminToken = await passwordToken(instances[1].url, sandbox.admin.username, sandbox.admin.password);
    const password = 'correct-horse-battery-3';
    secrets.push(adminToken, password);
    expect((await call(`${instances[1].url}/v1/users`, { json: { username: 'wilma', password, roles: ['ingest'] }, headers: bearer(adminToken) })).status).toBe(201);
    for (let i = 0; i < PER_ACCOUNT - 1; i++) expect((await signIn('wilma', 'not it at all!', address)).status).toBe(401);
    expect((await signIn('wilma', password, address)).status).toBe(200);
    for (let i = 0; i < PER_ACCOUNT - 1; i++) expect((await signIn('wilma', 'not it at all!', address)).status).toBe(401);
    expect((await signIn('wilma', password, address)).status).toBe(200);
  });

  it('never wrote a password, a secret or a token to either log', async () => {
    const logs = [await logOf(instances[0], 'auth-api-throttle-a'), await logOf(instances[1], 'auth-api-throttle-b')];
    for (const log of logs) {
      expect(log).toContain('request completed');
      for (const secret of [...secrets, 'wrong guess number', 'one common password', 'not it at all!']) expect(log).not.toContain(secret);
    }
  });
});

import { call } from '../support/api-client';
import { logEntries } from '../support/app-log';
import { expectProblem } from '../support/expect-problem';
import { createSandbox, removeSandbox, RunningApp, Sandbox, startApp, waitFor } from '../support/stack';

/** Levels as pino writes them. */
const WARN = 40;
const ERROR = 50;

/**
 * Requests no parser can make sense of, sent to each API the way an attacker or a broken client
 * would. Each must get a 4xx problem+json, never a 500, and be logged at warn without a stack.
 */
describe('malformed requests get a 4xx problem+json on every API, logged at warn without a stack', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let queryApi: RunningApp;
  const valid = { caregiverId: 'malformed-1', eventType: 'x-ray', occurredAt: '2026-01-10T09:00:00+01:00' };

  beforeAll(async () => {
    sandbox = await createSandbox();
    [commandApi, queryApi] = await Promise.all([startApp('command-api', sandbox.env), startApp('query-api', sandbox.env)]);
  });

  afterAll(async () => {
    await Promise.all([commandApi, queryApi].map((app) => app?.stop()));
    await removeSandbox(sandbox);
  });

  /** Each API's body-taking endpoints: JSON everywhere, and the token endpoint's form too. */
  const endpoints = (): [string, RunningApp, string, string][] => [
    ['command-api POST /v1/events', commandApi, '/v1/events', 'application/json'],
    ['query-api POST /v1/reports/monthly/query', queryApi, '/v1/reports/monthly/query', 'application/json'],
    ['auth-api POST /v1/users', sandbox.authApi, '/v1/users', 'application/json'],
    ['auth-api POST /v1/auth/token (JSON)', sandbox.authApi, '/v1/auth/token', 'application/json'],
    ['auth-api POST /v1/auth/token (form)', sandbox.authApi, '/v1/auth/token', 'application/x-www-form-urlencoded'],
  ];

  /** How many lines each app has logged so far: what the requests of one test log comes after. */
  const logLengths = (apps: RunningApp[]) => apps.map((app) => logEntries(app).length);

  /**
   * Waits, bounded, until the app has logged `count` refusals after its first `from` lines, then
   * checks that each is a warning without a stack and that nothing after `from` was logged as an error.
   */
  async function expectWarnedWithoutStack(app: RunningApp, from: number, count: number): Promise<void> {
    const since = () => logEntries(app).slice(from);
    const refusals = () => since().filter((e) => /^refused a request/.test(String(e.msg)));
    await waitFor(`${app.name} logs ${count} refusals`, async () => refusals().length >= count, 10_000);
    for (const entry of refusals()) {
      expect(entry.level).toBe(WARN);
      expect(JSON.stringify(entry)).not.toMatch(/stack|\bat .*\.js:\d+/i);
    }
    expect(since().filter((e) => Number(e.level) >= ERROR).map((e) => e.msg)).toEqual([]);
  }

  it.each(['gzip', 'br', 'deflate'])('refuses a body sent as Content-Encoding %s that is not compressed', async (encoding) => {
    const apps = [commandApi, queryApi, sandbox.authApi];
    const before = logLengths(apps);
    for (const [, app, path, contentType] of endpoints()) {
      const body = contentType === 'application/json' ? JSON.stringify(valid) : 'grant_type=password&username=a&password=b';
      const answer = await call(`${app.url}${path}`, { method: 'POST', body, headers: { 'Content-Type': contentType, 'Content-Encoding': encoding } });
      expectProblem(answer, 400, 'malformed-body');
    }
    // command-api and query-api got one each, auth-api three.
    const expected = [1, 1, 3];
    for (const [index, app] of apps.entries()) await expectWarnedWithoutStack(app, before[index], expected[index]);
  });

  it('refuses JSON nested 20,000 levels deep', async () => {
    const deep = '{"caregiverId":' + '['.repeat(20_000) + ']'.repeat(20_000) + '}';
    expect(deep.length).toBeGreaterThan(40_000);
    const apps = [commandApi, queryApi, sandbox.authApi];
    const before = logLengths(apps);
    for (const [, app, path, contentType] of endpoints().filter(([, , , type]) => type === 'application/json')) {
      expectProblem(await call(`${app.url}${path}`, { method: 'POST', body: deep, headers: { 'Content-Type': contentType } }), 400, 'malformed-json');
    }
    const expected = [1, 1, 2];
    for (const [index, app] of apps.entries()) await expectWarnedWithoutStack(app, before[index], expected[index]);
  });

  it('still takes a body nested as deep as a batch', async () => {
    const answer = await call(`${commandApi.url}/v1/events/batch`, { json: { events: [{ ...valid, caregiverId: 'malformed-batch' }] } });
    // The catalog is empty in this sandbox: the item is judged (422 unknown type), the body was read.
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ accepted: 0, rejected: 1 });
  });

  it('answers a 20 KB query string with a 431 problem on every API', async () => {
    const caregiverIds = Array.from({ length: 2000 }, (_, i) => `caregiver-${i}`).join(',');
    for (const [app, path] of [
      [queryApi, `/v1/reports/monthly?from=2026-01&to=2026-02&caregiverIds=${caregiverIds}`],
      [commandApi, `/v1/events?padding=${caregiverIds}`],
      [sandbox.authApi, `/v1/auth/token?padding=${caregiverIds}`],
    ] as const) {
      const answer = await call(`${app.url}${path}`);
      expectProblem(answer, 431, 'request-header-fields-too-large');
      expect(answer.headers.get('x-request-id')).toEqual(expect.any(String));
    }
  });

  it.each([
    ['__proto__', '{"__proto__":{"admin":true},'],
    ['constructor', '{"constructor":{"name":"x"},'],
  ])('refuses a %s key as an unknown field instead of dropping it', async (key, opening) => {
    const rest = JSON.stringify(valid).slice(1);
    const event = await call(`${commandApi.url}/v1/events`, { method: 'POST', body: opening + rest, headers: { 'Content-Type': 'application/json' } });
    expect(expectProblem(event, 400, 'invalid-input')).toEqual([key]);
    expect(event.body.errors).toEqual([{ field: key, message: 'unknown field' }]);
    // In a batch only the item holding it is refused; the other is judged on its own (the catalog is
    // empty in this sandbox: 422, an unknown type).
    const other = JSON.stringify(valid);
    const batch = await call<{ results: { index: number; status: string; problem?: { status: number; errors?: unknown[] } }[] }>(`${commandApi.url}/v1/events/batch`, {
      method: 'POST',
      body: `{"events":[${opening}${rest},${other}]}`,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(batch.status).toBe(202);
    expect(batch.body.results).toEqual([
      { index: 0, status: 'rejected', problem: expect.objectContaining({ status: 400, errors: [{ field: `events[0].${key}`, message: 'unknown field' }] }) },
      { index: 1, status: 'rejected', problem: expect.objectContaining({ status: 422 }) },
    ]);
    const wrapped = await call(`${commandApi.url}/v1/events/batch`, { method: 'POST', body: `${opening}"events":[${other}]}`, headers: { 'Content-Type': 'application/json' } });
    expect(expectProblem(wrapped, 400, 'invalid-input')).toEqual([key]);
    const user = await call(`${sandbox.authApi.url}/v1/users`, {
      method: 'POST',
      body: `${opening}"username":"someone-${key.length}","password":"a long enough password","roles":["accountant"]}`,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(expectProblem(user, 400, 'invalid-input')).toEqual([key]);
    const report = await call(`${queryApi.url}/v1/reports/monthly?from=2026-01&to=2026-02&${key}=1`);
    expect(expectProblem(report, 400, 'invalid-input')).toEqual([key]);
  });

  it.each([
    ['a lone %FF in the password', 'grant_type=password&username=someone&password=secret%FF', 'password'],
    ['an overlong NUL in the username', 'grant_type=password&username=some%C0%80one&password=secret', 'username'],
  ])('refuses a token request form with %s, naming the field, instead of decoding it to U+FFFD', async (_what, body, field) => {
    const answer = await call(`${sandbox.authApi.url}/v1/auth/token`, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, token: null });
    expect(expectProblem(answer, 400, 'invalid-input')).toEqual([field]);
  });

  /** One request to the API named, with an empty JSON body when it is a POST. */
  const askApp = (name: string, method: string, path: string) => {
    const app = { 'command-api': commandApi, 'query-api': queryApi, 'auth-api': sandbox.authApi }[name] as RunningApp;
    return call(`${app.url}${path}`, { method, ...(method === 'POST' ? { json: {} } : {}) });
  };

  it.each([
    ['query-api', 'GET', '/v1/events/%E0%A4%A'],
    ['command-api', 'POST', '/v1/events/%FF/void'],
    ['auth-api', 'POST', '/v1/users/%C0%80/disable'],
  ])('answers %s %s %s, a path parameter that is not well-formed percent-encoding, with a 400 naming the path', async (name, method, path) => {
    const answer = await askApp(name, method, path);
    expect(expectProblem(answer, 400, 'invalid-input')).toEqual(['path']);
  });

  it.each([
    ['command-api', 'POST', '/health/live'],
    ['query-api', 'DELETE', '/metrics'],
    ['auth-api', 'POST', '/docs-json'],
  ])('answers %s %s %s, a read-only path outside the OpenAPI document, with 405 and Allow', async (name, method, path) => {
    const answer = await askApp(name, method, path);
    expectProblem(answer, 405, 'method-not-allowed');
    expect(answer.headers.get('allow')).toBe('GET, HEAD');
  });
});

import { ApiAnswer, call } from '../support/api-client';
import { expectProblem } from '../support/expect-problem';
import { clientToken, userToken } from '../support/principals';
import { createSandbox, endOffsets, removeSandbox, RunningApp, Sandbox, startApp } from '../support/stack';

const ACCOUNTANT_LIMIT = 5;
const ANONYMOUS_LIMIT = 3;
const INGEST_LIMIT = 5;
const WINDOW_SECONDS = 60;
const ACCOUNTING_PAGE = 'https://accounting.example.org';

/**
 * Rate limits are counted per principal (per client address without a valid token) in Redis, so
 * two instances of an app limit together; every app sends security headers and allows CORS only
 * for the configured origin.
 */
describe('rate limits shared by two instances, security headers and CORS', () => {
  let sandbox: Sandbox;
  let queryApis: RunningApp[];
  let commandApi: RunningApp;
  let projector: RunningApp;
  let accountant: string;
  let otherAccountant: string;

  beforeAll(async () => {
    sandbox = await createSandbox();
    const limited = {
      ...sandbox.env,
      RATE_LIMIT_ACCOUNTANT: String(ACCOUNTANT_LIMIT),
      RATE_LIMIT_ANONYMOUS: String(ANONYMOUS_LIMIT),
      RATE_LIMIT_INGEST: String(INGEST_LIMIT),
      RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
    };
    const pageAllowed = { ...limited, CORS_ORIGIN: ACCOUNTING_PAGE };
    const [first, second, command, project] = await Promise.all([
      startApp('query-api', pageAllowed, { logName: 'query-api-limited-a' }),
      startApp('query-api', pageAllowed, { logName: 'query-api-limited-b' }),
      startApp('command-api', limited, { logName: 'command-api-limited' }),
      startApp('projector', sandbox.env),
    ]);
    queryApis = [first, second];
    commandApi = command;
    projector = project;
    accountant = (await userToken(sandbox, ['accountant'])).token;
    otherAccountant = (await userToken(sandbox, ['accountant'])).token;
  });

  afterAll(async () => {
    await Promise.all([...(queryApis ?? []), commandApi, projector].map((app) => app?.stop()));
    await removeSandbox(sandbox);
  });

  let turn = 0;
  /** Each request goes to the next query-api instance, as a load balancer would send them. */
  const catalog = (token: string | null, headers: Record<string, string> = {}): Promise<ApiAnswer> =>
    call(`${queryApis[turn++ % queryApis.length].url}/v1/event-types`, { token, headers });

  const expectLimited = (answer: ApiAnswer, limit: number) => {
    expectProblem(answer, 429, 'too-many-requests');
    const retryAfter = Number(answer.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(answer.headers.get('ratelimit-limit')).toBe(String(limit));
    expect(answer.headers.get('ratelimit-remaining')).toBe('0');
    expect(answer.headers.get('ratelimit-reset')).toBe(String(retryAfter));
  };

  it("counts a principal's requests on both instances together and answers 429 past its role's limit", async () => {
    for (let i = 1; i <= ACCOUNTANT_LIMIT; i++) {
      const answer = await catalog(accountant);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ratelimit-limit')).toBe(String(ACCOUNTANT_LIMIT));
      expect(answer.headers.get('ratelimit-remaining')).toBe(String(ACCOUNTANT_LIMIT - i));
      expect(Number(answer.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(WINDOW_SECONDS);
    }
    expectLimited(await catalog(accountant), ACCOUNTANT_LIMIT);
    expectLimited(await catalog(accountant), ACCOUNTANT_LIMIT);
  });

  it('limits each principal on its own, and each app on its own', async () => {
    expect((await catalog(otherAccountant)).status).toBe(200);
    expect((await catalog(sandbox.adminToken)).status).toBe(200);
    const elsewhere = await call(`${commandApi.url}/v1/reimbursements`, { json: { caregiverId: 'limits-1', month: '2026-01' }, token: accountant });
    expect(elsewhere.status).toBe(202);
    expect(elsewhere.headers.get('ratelimit-remaining')).toBe(String(ACCOUNTANT_LIMIT - 1));
  });

  it('counts requests without a valid token against the client address, then answers 429 instead of 401', async () => {
    for (let i = 0; i < ANONYMOUS_LIMIT; i++) expectProblem(await catalog(i % 2 === 0 ? null : 'not.a.token'), 401, 'unauthorized');
    expectLimited(await catalog(null), ANONYMOUS_LIMIT);
    expectLimited(await catalog(null, { Authorization: 'Bearer forged.token.here' }), ANONYMOUS_LIMIT);
    // A valid token from the same address is counted against its principal, not the address.
    expect((await catalog(otherAccountant)).status).toBe(200);
  });

  it('counts registrations in the same Redis call as their eventId claim, refused ones too, and writes nothing past the limit', async () => {
    const ingest = (await clientToken(sandbox, ['ingest'])).token;
    expect((await call(`${commandApi.url}/v1/event-types`, { json: { code: 'limits-x-ray', name: 'X-ray', amountCents: 100 }, token: sandbox.adminToken })).status).toBe(202);
    const event = (eventType: string) => ({ caregiverId: 'limits-2', eventType, occurredAt: new Date(Date.now() - 60_000).toISOString() });
    const before = await endOffsets(sandbox.logTopic);
    const answers = [
      await call(`${commandApi.url}/v1/events`, { json: event('limits-x-ray'), token: ingest }),
      await call(`${commandApi.url}/v1/events`, { json: { ...event('limits-x-ray'), amountCents: 1 }, token: ingest }),
      await call(`${commandApi.url}/v1/events`, { json: event('limits-unknown'), token: ingest }),
      await call(`${commandApi.url}/v1/events/batch`, { json: { events: 'not a list' }, token: ingest }),
      await call(`${commandApi.url}/v1/events/batch`, { json: { events: [event('limits-x-ray')] }, token: ingest }),
    ];
    expect(answers.map((a) => [a.status, a.headers.get('ratelimit-remaining')])).toEqual([
      [202, '4'],
      [400, '3'],
      [422, '2'],
      [400, '1'],
      [202, '0'],
    ]);
    expectLimited(await call(`${commandApi.url}/v1/events`, { json: event('limits-x-ray'), token: ingest }), INGEST_LIMIT);
    expectLimited(await call(`${commandApi.url}/v1/events/batch`, { json: { events: [event('limits-x-ray')] }, token: ingest }), INGEST_LIMIT);
    expectLimited(await call(`${commandApi.url}/v1/events`, { json: { not: 'an event' }, token: ingest }), INGEST_LIMIT);
    expectLimited(await call(`${commandApi.url}/v1/events/batch`, { json: { not: 'a batch' }, token: ingest }), INGEST_LIMIT);
    expect(await endOffsets(sandbox.logTopic)).toBe(before + 2);
  });

  it('never limits health and metrics', async () => {
    for (let i = 0; i < ANONYMOUS_LIMIT + 2; i++) {
      const answer = await call(`${queryApis[0].url}/health/live`, { token: null });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ratelimit-limit')).toBeNull();
    }
    expect((await call(`${queryApis[0].url}/metrics`, { token: null })).status).toBe(200);
  });

  it('sends security headers and no X-Powered-By from all four apps', async () => {
    for (const url of [`${queryApis[0].url}/health/live`, `${commandApi.url}/health/live`, `${projector.url}/health/live`, `${sandbox.authApi.url}/health/live`, `${commandApi.url}/v1/events`]) {
      const answer = await call(url, { token: null });
      expect(answer.headers.get('x-powered-by')).toBeNull();
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    }
  });

  it('allows the configured accounting page, and no other origin, to call from a browser', async () => {
    const preflight = (url: string, origin: string) =>
      fetch(url, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
    const allowed = await preflight(`${queryApis[0].url}/v1/reports/monthly`, ACCOUNTING_PAGE);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ACCOUNTING_PAGE);
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect((await preflight(`${queryApis[0].url}/v1/reports/monthly`, 'https://elsewhere.example.org')).headers.get('access-control-allow-origin')).toBeNull();
    // Without CORS_ORIGIN (command-api here) no origin is allowed.
    expect((await preflight(`${commandApi.url}/v1/events`, ACCOUNTING_PAGE)).headers.get('access-control-allow-origin')).toBeNull();

    const read = await call(`${queryApis[1].url}/v1/event-types`, { token: sandbox.adminToken, headers: { Origin: ACCOUNTING_PAGE } });
    expect(read.headers.get('access-control-allow-origin')).toBe(ACCOUNTING_PAGE);
    expect(read.headers.get('access-control-expose-headers')).toContain('RateLimit-Remaining');
  });
});

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ApiAnswer, call, post } from '../support/api-client';
import { clientToken } from '../support/principals';
import { createSandbox, endOffsets, removeSandbox, ROOT, RunningApp, Sandbox, startApp, waitFor } from '../support/stack';

const PROBLEM = /^application\/problem\+json/;

function expectProblem(answer: { status: number; contentType: string; body: Record<string, unknown> }, status: number, kind: string) {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toMatch(PROBLEM);
  expect(answer.body).toMatchObject({ status, type: expect.stringMatching(new RegExp(`/${kind}$`)), title: expect.any(String) });
  const text = JSON.stringify(answer.body);
  expect(text).not.toMatch(/at .*\.(js|ts):\d+|Error:|kafkajs|Mongo|node_modules|stack/i);
}

describe('bad input gets a problem+json and writes nothing', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let queryApi: RunningApp;
  const valid = { caregiverId: 'bad-input-1', eventType: 'x-ray', occurredAt: '2026-01-10T09:00:00+01:00' };

  beforeAll(async () => {
    sandbox = await createSandbox();
    [commandApi, queryApi] = await Promise.all([startApp('command-api', sandbox.env), startApp('query-api', sandbox.env)]);
    expect((await post(`${commandApi.url}/v1/event-types`, { code: 'x-ray', name: 'X-ray', amountCents: 50000 })).status).toBe(202);
  });

  afterAll(async () => {
    await Promise.all([commandApi, queryApi].map((app) => app?.stop()));
    await removeSandbox(sandbox);
  });

  const events = () => `${commandApi.url}/v1/events`;

  /** Sends a request that must be refused, and checks that neither topic got a record from it. */
  async function refused(send: () => Promise<ApiAnswer>): Promise<ApiAnswer> {
    const before = [await endOffsets(sandbox.logTopic), await endOffsets(sandbox.catalogTopic)];
    const answer = await send();
    expect([await endOffsets(sandbox.logTopic), await endOffsets(sandbox.catalogTopic)]).toEqual(before);
    return answer;
  }

  it.each([
    ['malformed JSON', { body: '{"caregiverId": ', headers: { 'Content-Type': 'application/json' } }, 400, 'malformed-json'],
    ['a wrong content type', { body: 'caregiverId=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported-media-type'],
    ['text/plain', { body: JSON.stringify(valid), headers: { 'Content-Type': 'text/plain' } }, 415, 'unsupported-media-type'],
    ['a JSON array', { json: [valid] }, 400, 'invalid-input'],
    // A lone surrogate's bytes (CESU-8) and an overlong NUL: decoded, they would be stored as U+FFFD.
    ['bytes that are not UTF-8 in a string', { body: Buffer.concat([Buffer.from('{"caregiverId": "a'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('b"}')]), headers: { 'Content-Type': 'application/json' } }, 400, 'malformed-json'],
    ['an overlong NUL', { body: Buffer.concat([Buffer.from('{"caregiverId": "a'), Buffer.from([0xc0, 0x80]), Buffer.from('b"}')]), headers: { 'Content-Type': 'application/json' } }, 400, 'malformed-json'],
    ['a charset other than UTF-8', { body: Buffer.from(JSON.stringify(valid), 'utf16le'), headers: { 'Content-Type': 'application/json; charset=utf-16le' } }, 415, 'unsupported-media-type'],
    ['a body over 1 MiB', { json: { ...valid, padding: 'x'.repeat(1_100_000) } }, 413, 'payload-too-large'],
  ])('refuses %s, writing nothing', async (_name, init, status, kind) => {
    expectProblem(await refused(() => call(events(), { method: 'POST', ...init })), status, kind);
  });

  it.each([
    ['no body', {}, ['caregiverId', 'eventType', 'occurredAt']],
    ['an unknown field', { ...valid, amountCents: 1 }, ['amountCents']],
    ['a timestamp without offset', { ...valid, occurredAt: '2026-01-10T09:00:00' }, ['occurredAt']],
    ['an impossible date', { ...valid, occurredAt: '2026-02-30T09:00:00Z' }, ['occurredAt']],
    // Sent by the admin, who may backfill: the bound holds for everyone (months such as `999-06`).
    ['a date in year 999', { ...valid, occurredAt: '0999-06-15T12:00:00Z' }, ['occurredAt']],
    ['a date in year 50', { ...valid, occurredAt: '0050-06-15T12:00:00+01:00' }, ['occurredAt']],
    ['a date before 1970', { ...valid, occurredAt: '1969-12-31T23:59:59Z' }, ['occurredAt']],
    ['a bad caregiverId', { ...valid, caregiverId: 'has space' }, ['caregiverId']],
    ['a too long caregiverId', { ...valid, caregiverId: 'x'.repeat(65) }, ['caregiverId']],
    ['a bad event type code', { ...valid, eventType: 'X-Ray' }, ['eventType']],
    ['a non-UUID eventId', { ...valid, eventId: 'abc' }, ['eventId']],
    ['wrong types', { caregiverId: 4, eventType: null, occurredAt: 1700000000 }, ['caregiverId', 'eventType', 'occurredAt']],
  ])('names the offending fields for %s, writing nothing', async (_name, body, fields) => {
    const answer = await refused(() => post(events(), body));
    expectProblem(answer, 400, 'invalid-input');
    const named = (answer.body.errors as { field: string }[]).map((e) => e.field);
    expect([...new Set(named)].sort()).toEqual([...fields].sort());
  });

  it('refuses an unknown event type with 422, writing nothing', async () => {
    const answer = await refused(() => post(events(), { ...valid, eventType: 'mri' }));
    expectProblem(answer, 422, 'unknown-event-type');
    expect(answer.body.errors).toEqual([{ field: 'eventType', message: 'unknown event type' }]);
  });

  it('refuses an event more than 5 minutes in the future with 422, writing nothing', async () => {
    const inTenMinutes = new Date(Date.now() + 10 * 60_000).toISOString();
    expectProblem(await refused(() => post(events(), { ...valid, occurredAt: inTenMinutes })), 422, 'event-in-future');
  });

  it('refuses an event older than the back-dating window (90 days by default) unless the sender is an admin', async () => {
    const { token: ingest } = await clientToken(sandbox, ['ingest']);
    const old = new Date(Date.now() - 91 * 86_400_000).toISOString();
    const tooOld = await refused(() => post(events(), { ...valid, caregiverId: 'bad-input-old', occurredAt: old }, ingest));
    expectProblem(tooOld, 422, 'outside-backdating-window');
    expect(tooOld.body.errors).toEqual([{ field: 'occurredAt', message: 'must not be more than 90 days in the past' }]);
    const recent = new Date(Date.now() - 89 * 86_400_000).toISOString();
    expect((await post(events(), { ...valid, caregiverId: 'bad-input-recent', occurredAt: recent }, ingest)).status).toBe(202);
    expect((await post(events(), { ...valid, caregiverId: 'bad-input-backfill', occurredAt: old })).status).toBe(202);
  });

  it('refuses an existing event type code with 409 and another currency with 422, writing nothing', async () => {
    const eventTypes = `${commandApi.url}/v1/event-types`;
    expectProblem(await refused(() => post(eventTypes, { code: 'x-ray', name: 'Again', amountCents: 1 })), 409, 'event-type-exists');
    expectProblem(await refused(() => post(eventTypes, { code: 'ct', name: 'CT', amountCents: 1, currency: 'EUR' })), 422, 'currency-not-supported');
    expectProblem(await refused(() => post(eventTypes, { code: 'ct', name: 'CT', amountCents: -5 })), 400, 'invalid-input');
    expectProblem(await refused(() => post(eventTypes, { code: 'ct', name: 'CT', amountCents: 12.5 })), 400, 'invalid-input');
  });

  it('answers unknown routes with a 404 problem', async () => {
    expectProblem(await call(`${commandApi.url}/v1/nothing-here`), 404, 'not-found');
    expectProblem(await call(`${queryApi.url}/v1/nothing-here`), 404, 'not-found');
  });

  it.each([
    ['no period', {}, ['from', 'to']],
    ['a bad month', { from: '2026-13', to: '2026-12' }, ['from']],
    ['to before from', { from: '2026-05', to: '2026-04' }, ['to']],
    ['more than 120 months', { from: '2010-01', to: '2020-01' }, ['to']],
    ['a bad caregiver id', { from: '2026-01', to: '2026-02', caregiverIds: 'ok,not ok' }, ['caregiverIds[1]']],
    ['a limit over 1000', { from: '2026-01', to: '2026-02', limit: '1001' }, ['limit']],
    ['a forged cursor', { from: '2026-01', to: '2026-02', cursor: 'bm9wZQ' }, ['cursor']],
    ['a forged cursor, as CSV (which is not paginated)', { from: '2026-01', to: '2026-02', cursor: 'bm9wZQ', format: 'csv' }, ['cursor']],
    ['a limit over 1000, as CSV for Excel', { from: '2026-01', to: '2026-02', limit: '1001', format: 'csv-excel' }, ['limit']],
    ['an unknown parameter', { from: '2026-01', to: '2026-02', reimbursed: 'true' }, ['reimbursed']],
  ])('refuses a report query with %s', async (_name, params, fields) => {
    const answer = await call(`${queryApi.url}/v1/reports/monthly?${new URLSearchParams(params as Record<string, string>)}`);
    expectProblem(answer, 400, 'invalid-input');
    expect((answer.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([...fields].sort());
  });

  it.each([
    ['auth-api', 'a key rotation', () => `${sandbox.authApi.url}/v1/keys/rotate`, { alg: 'none' }, ['alg'], signingKeys],
    ['query-api', 'a rebuild', () => `${queryApi.url}/v1/ops/projections/read-models/rebuild`, { version: 9, fromScratch: true }, ['version', 'fromScratch'], projectionVersions],
  ])('%s refuses a body on a route that takes none (%s), naming its fields, and does nothing', async (_app, _route, url, body, fields, state) => {
    const before = await state();
    const answer = await call(url(), { json: body });
    expectProblem(answer, 400, 'invalid-input');
    expect(answer.body.errors).toEqual(fields.map((field) => ({ field, message: 'unknown field' })));
    expect(await state()).toEqual(before);
  });

  it.each([
    ['query-api', 'the projections status', () => `${queryApi.url}/v1/ops/projections?verbose=true`, 'GET', ['verbose']],
    ['query-api', 'a rebuild', () => `${queryApi.url}/v1/ops/projections/read-models/rebuild?version=9&dryRun=1`, 'POST', ['version', 'dryRun']],
    ['auth-api', 'the key set', () => `${sandbox.authApi.url}/.well-known/jwks.json?kid=x`, 'GET', ['kid']],
  ])('%s refuses query parameters on a route that takes none (%s), naming each', async (_app, _route, url, method, fields) => {
    const before = await projectionVersions();
    const answer = await call(url(), { method });
    expectProblem(answer, 400, 'invalid-input');
    expect(answer.body.errors).toEqual(fields.map((field) => ({ field, message: 'unknown field' })));
    expect(await projectionVersions()).toEqual(before);
  });

  async function signingKeys(): Promise<string[]> {
    return ((await call<{ keys: { kid: string }[] }>(`${sandbox.authApi.url}/.well-known/jwks.json`)).body.keys ?? []).map((key) => key.kid);
  }

  async function projectionVersions(): Promise<string[]> {
    const status = (await call<{ name: string; versions: { version: string; state: string }[] }[]>(`${queryApi.url}/v1/ops/projections`)).body;
    return status.flatMap((projection) => projection.versions.map((v) => `${projection.name} ${v.version} ${v.state}`));
  }

  it('writes one record for an accepted command (the refusals above are checked against it)', async () => {
    const before = await endOffsets(sandbox.logTopic);
    expect((await post(events(), { ...valid, caregiverId: 'bad-input-accepted' })).status).toBe(202);
    expect(await endOffsets(sandbox.logTopic)).toBe(before + 1);
  });

  it('answers 503 with Retry-After when Kafka cannot be reached', async () => {
    const cut = await startApp(
      'command-api',
      { ...sandbox.env, KAFKA_BROKERS: '127.0.0.1:1', KAFKA_SEND_TIMEOUT_MS: '1000', CATALOG_CATCH_UP_TIMEOUT_MS: '500' },
      { waitReady: false, logName: 'command-api-no-kafka' },
    );
    try {
      await waitFor('command-api without Kafka to be live', async () => (await call(`${cut.url}/health/live`).catch(() => undefined))?.status === 200, 60_000, cut);
      expect((await call(`${cut.url}/health/ready`)).status).toBe(503);
      const refused = await post(`${cut.url}/v1/events`, valid);
      expectProblem(refused, 503, 'dependency-unavailable');
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await cut.stop();
    }
  });

  it('answers 503 with Retry-After once the bound has passed when the read models do not reach a position (no projector here)', async () => {
    const written = await post(events(), { ...valid, caregiverId: 'bad-input-ryw' });
    expect(written.status).toBe(202);
    const started = Date.now();
    const answer = await call(`${queryApi.url}/v1/reports/monthly?${new URLSearchParams({ from: '2026-01', to: '2026-01', minPosition: written.body.position as string })}`);
    expectProblem(answer, 503, 'position-not-reached');
    expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    // It waited (READ_YOUR_WRITES_TIMEOUT_MS, 5 s) before giving up; that it gave up at all is the
    // bound, so no upper limit on a machine's speed is asserted here.
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
    expectProblem(await call(`${queryApi.url}/v1/event-types?minPosition=garbage`), 400, 'invalid-input');
  });

  it('refuses to start with a wrong setting, naming the variable but not its value', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'dist/apps/query-api/src/main.js')], {
      env: { PATH: process.env.PATH, BUSINESS_TIME_ZONE: 'Mars/Olympus_Mons', REDIS_URL: 'http://secret-host' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('BUSINESS_TIME_ZONE');
    expect(result.stderr).toContain('REDIS_URL');
    expect(result.stderr).not.toContain('secret-host');
  });
});

import { randomUUID } from 'node:crypto';
import { ApiAnswer, call } from '../support/api-client';
import { logOf } from '../support/auth-api';
import { clientToken, userToken } from '../support/principals';
import { createSandbox, removeSandbox, RunningApp, Sandbox, startApp } from '../support/stack';

/** Who calls: nobody, and one principal of each kind api.md's Roles section distinguishes. */
const CALLERS = ['none', 'ingest', 'ingestScoped', 'accountant', 'managerScoped', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
type App = 'auth-api' | 'command-api' | 'query-api';
type Statuses = Record<Caller, number>;

interface Row {
  /** A request the allowed callers succeed with; made afresh per caller where it must be new each time. */
  request: () => Promise<{ path: string; json?: unknown }> | { path: string; json?: unknown };
  expected: Statuses;
}

/** `ok` for the callers holding one of the roles (admin holds them all), 403 for the others, 401 without a token. */
function only(ok: number, ...allowed: Exclude<Caller, 'none' | 'admin'>[]): Statuses {
  return Object.fromEntries(CALLERS.map((c) => [c, c === 'none' ? 401 : c === 'admin' || (allowed as Caller[]).includes(c) ? ok : 403])) as Statuses;
}

/** The same answer for everyone: an endpoint that needs no token. */
function open(ok: number): Statuses {
  return Object.fromEntries(CALLERS.map((c) => [c, ok])) as Statuses;
}

const IN_SCOPE = 'rt-in';
const now = () => new Date().toISOString();
const month = now().slice(0, 7);

/**
 * Every endpoint of the three APIs against every kind of caller, asserting the exact status on
 * the real stack. The endpoints come from the OpenAPI documents the apps serve, so an endpoint
 * added later without a row here fails this suite.
 */
describe('the role table: every endpoint × every kind of caller', () => {
  let sandbox: Sandbox;
  let commandApi: RunningApp;
  let queryApi: RunningApp;
  let projector: RunningApp;
  const tokens = {} as Record<Exclude<Caller, 'none'>, string>;
  const fixtures = { eventId: '', reimbursementId: '', accountantSubject: '', signIn: { username: 'rt-signer', password: `rt-password-${randomUUID()}` } };

  beforeAll(async () => {
    sandbox = await createSandbox();
    const env = { ...sandbox.env, LOG_LEVEL: 'debug' };
    [commandApi, queryApi, projector] = await Promise.all([
      startApp('command-api', env, { logName: 'command-api-roles' }),
      startApp('query-api', env, { logName: 'query-api-roles' }),
      startApp('projector', sandbox.env),
    ]);
    tokens.admin = sandbox.adminToken;
    tokens.ingest = (await clientToken(sandbox, ['ingest'])).token;
    tokens.ingestScoped = (await clientToken(sandbox, ['ingest'], [IN_SCOPE])).token;
    const accountant = await userToken(sandbox, ['accountant']);
    tokens.accountant = accountant.token;
    fixtures.accountantSubject = accountant.subject;
    tokens.managerScoped = (await userToken(sandbox, ['manager'], [IN_SCOPE])).token;
    const signer = await call(`${sandbox.authApi.url}/v1/users`, { json: { ...fixtures.signIn, roles: ['accountant'] } });
    expect(signer.status).toBe(201);

    expect((await call(`${commandApi.url}/v1/event-types`, { json: { code: 'rt-visit', name: 'Visit', amountCents: 10000 } })).status).toBe(202);
    const event = await call(`${commandApi.url}/v1/events`, { json: { caregiverId: IN_SCOPE, eventType: 'rt-visit', occurredAt: now() } });
    expect(event.status).toBe(202);
    fixtures.eventId = event.body.eventId as string;
    const reimbursement = await call(`${commandApi.url}/v1/reimbursements`, { json: { caregiverId: IN_SCOPE, month }, token: tokens.accountant });
    expect(reimbursement.status).toBe(202);
    fixtures.reimbursementId = reimbursement.body.reimbursementId as string;
    const decided = await call(`${queryApi.url}/v1/reimbursements/${fixtures.reimbursementId}?minPosition=${reimbursement.body.position as string}`);
    expect(decided.status).toBe(200);
  });

  afterAll(async () => {
    await Promise.all([commandApi, queryApi, projector].map((app) => app?.stop()));
    await removeSandbox(sandbox);
  });

  const event = () => ({ caregiverId: IN_SCOPE, eventType: 'rt-visit', occurredAt: now() });
  const newUser = () => ({ username: `rt-${randomUUID().slice(0, 8)}`, password: `rt-password-${randomUUID()}`, roles: ['accountant'] });
  const newClient = async () => {
    const created = await call<{ clientId: string }>(`${sandbox.authApi.url}/v1/clients`, { json: { name: 'Row clinic', roles: ['ingest'] } });
    return created.body.clientId;
  };
  const report = { from: month, to: month };

  const table: Record<string, Row> = {
    'command-api POST /v1/events': { request: () => ({ path: '/v1/events', json: event() }), expected: only(202, 'ingest', 'ingestScoped') },
    'command-api POST /v1/events/batch': { request: () => ({ path: '/v1/events/batch', json: { events: [event()] } }), expected: only(202, 'ingest', 'ingestScoped') },
    'command-api POST /v1/events/{eventId}/void': {
      request: () => ({ path: `/v1/events/${randomUUID()}/void`, json: { caregiverId: IN_SCOPE, reason: 'entered twice' } }),
      expected: only(202, 'ingest', 'ingestScoped'),
    },
    'command-api POST /v1/reimbursements': { request: () => ({ path: '/v1/reimbursements', json: { caregiverId: IN_SCOPE, month: '2020-01' } }), expected: only(202, 'accountant') },
    'command-api POST /v1/event-types': {
      request: () => ({ path: '/v1/event-types', json: { code: `rt-${randomUUID().slice(0, 8)}`, name: 'Row type', amountCents: 100 } }),
      expected: only(202),
    },
    'command-api POST /v1/event-types/{code}/rates': {
      request: () => ({ path: '/v1/event-types/rt-visit/rates', json: { amountCents: 12000, effectiveFrom: '2099-01-01' } }),
      expected: only(202),
    },
    'query-api GET /v1/reports/monthly': { request: () => ({ path: `/v1/reports/monthly?${new URLSearchParams(report)}` }), expected: only(200, 'accountant', 'managerScoped') },
    'query-api POST /v1/reports/monthly/query': { request: () => ({ path: '/v1/reports/monthly/query', json: report }), expected: only(200, 'accountant', 'managerScoped') },
    // Ingest reads the catalog too: care-giver systems need the valid codes (documented in the OpenAPI operation).
    'query-api GET /v1/event-types': { request: () => ({ path: '/v1/event-types' }), expected: only(200, 'ingest', 'ingestScoped', 'accountant', 'managerScoped') },
    'query-api GET /v1/events/{eventId}': { request: () => ({ path: `/v1/events/${fixtures.eventId}` }), expected: only(200, 'accountant', 'managerScoped') },
    'query-api GET /v1/events': { request: () => ({ path: `/v1/events?caregiverId=${IN_SCOPE}&month=${month}` }), expected: only(200, 'accountant', 'managerScoped') },
    'query-api GET /v1/reimbursements/{reimbursementId}': {
      request: () => ({ path: `/v1/reimbursements/${fixtures.reimbursementId}` }),
      expected: only(200, 'accountant', 'managerScoped'),
    },
    'query-api GET /v1/reimbursements': { request: () => ({ path: `/v1/reimbursements?caregiverId=${IN_SCOPE}` }), expected: only(200, 'accountant', 'managerScoped') },
    'query-api GET /v1/ops/projections': { request: () => ({ path: '/v1/ops/projections' }), expected: only(200) },
    // Nothing is stuck here: an admin's skip is refused with 409 (test/ops covers the 202).
    'query-api POST /v1/ops/projections/{name}/skip': {
      request: () => ({ path: '/v1/ops/projections/read-models/skip', json: { topic: sandbox.logTopic, partition: 0, offset: 0, reason: 'nothing is stuck' } }),
      expected: only(409),
    },
    // An admin's rebuild starts one (its projector takes it); switch, replay and drop name a version that does not exist.
    'query-api POST /v1/ops/projections/{name}/rebuild': { request: () => ({ path: '/v1/ops/projections/read-models/rebuild', json: {} }), expected: only(202) },
    'query-api POST /v1/ops/projections/{name}/switch': { request: () => ({ path: '/v1/ops/projections/read-models/switch', json: { version: 'v99' } }), expected: only(404) },
    'query-api POST /v1/ops/projections/{name}/replay': {
      request: () => ({ path: '/v1/ops/projections/read-models/replay', json: { version: 'v99', fromPosition: 'e30' } }),
      expected: only(404),
    },
    'query-api DELETE /v1/ops/projections/{name}/versions/{version}': { request: () => ({ path: '/v1/ops/projections/read-models/versions/v99' }), expected: only(404) },
    'auth-api POST /v1/auth/token': { request: () => ({ path: '/v1/auth/token', json: { grant_type: 'password', ...fixtures.signIn } }), expected: open(200) },
    'auth-api GET /.well-known/jwks.json': { request: () => ({ path: '/.well-known/jwks.json' }), expected: open(200) },
    'auth-api POST /v1/users': { request: () => ({ path: '/v1/users', json: newUser() }), expected: only(201) },
    'auth-api POST /v1/users/{username}/disable': {
      request: async () => {
        const user = newUser();
        await call(`${sandbox.authApi.url}/v1/users`, { json: user });
        return { path: `/v1/users/${user.username}/disable` };
      },
      expected: only(200),
    },
    'auth-api POST /v1/clients': { request: () => ({ path: '/v1/clients', json: { name: 'Row clinic', roles: ['ingest'] } }), expected: only(201) },
    'auth-api POST /v1/clients/{clientId}/secret': { request: async () => ({ path: `/v1/clients/${await newClient()}/secret` }), expected: only(201) },
    'auth-api POST /v1/clients/{clientId}/revoke': { request: async () => ({ path: `/v1/clients/${await newClient()}/revoke` }), expected: only(200) },
    // The subject itself (here the accountant) or an admin.
    'auth-api GET /v1/principals/{subject}': { request: () => ({ path: `/v1/principals/${fixtures.accountantSubject}` }), expected: only(200, 'accountant') },
    'auth-api POST /v1/keys/rotate': { request: () => ({ path: '/v1/keys/rotate' }), expected: only(201) },
  };

  const appUrl = (app: App) => (app === 'auth-api' ? sandbox.authApi : app === 'command-api' ? commandApi : queryApi).url;

  it('has a row for exactly the endpoints the three OpenAPI documents serve', async () => {
    const served: string[] = [];
    for (const app of ['auth-api', 'command-api', 'query-api'] as const) {
      const document = await call<{ paths: Record<string, Record<string, unknown>> }>(`${appUrl(app)}/docs-json`, { token: null });
      expect(document.status).toBe(200);
      for (const [path, operations] of Object.entries(document.body.paths)) {
        for (const method of Object.keys(operations)) served.push(`${app} ${method.toUpperCase()} ${path}`);
      }
    }
    expect(served.sort()).toEqual(Object.keys(table).sort());
  });

  it('answers each caller of each endpoint with the status api.md gives it, refusals as problem+json', async () => {
    const answered: Record<string, Statuses> = {};
    const notProblems: string[] = [];
    for (const [endpoint, row] of Object.entries(table)) {
      const [app, method] = endpoint.split(' ') as [App, string];
      answered[endpoint] = {} as Statuses;
      for (const caller of CALLERS) {
        const { path, json } = await row.request();
        const answer: ApiAnswer = await call(`${appUrl(app)}${path}`, { method, json, token: caller === 'none' ? null : tokens[caller] });
        answered[endpoint][caller] = answer.status;
        if (answer.status >= 400 && !answer.contentType.startsWith('application/problem+json')) notProblems.push(`${endpoint} for ${caller}`);
      }
    }
    expect(answered).toEqual(Object.fromEntries(Object.entries(table).map(([endpoint, row]) => [endpoint, row.expected])));
    expect(notProblems).toEqual([]);
  });

  it('documents the roles of each protected operation (x-roles) and the bearer scheme', async () => {
    for (const app of ['command-api', 'query-api'] as const) {
      const document = await call<{ paths: Record<string, Record<string, { 'x-roles'?: string[]; security?: unknown[] }>>; components: { securitySchemes?: object } }>(
        `${appUrl(app)}/docs-json`,
        { token: null },
      );
      expect(document.body.components.securitySchemes).toHaveProperty('bearer');
      for (const operations of Object.values(document.body.paths)) {
        for (const operation of Object.values(operations)) {
          expect(operation['x-roles']).toEqual(expect.arrayContaining(['admin']));
          expect(operation.security).toEqual([{ bearer: [] }]);
        }
      }
    }
  });

  it('never wrote a token to the logs of the apps it called (at debug level)', async () => {
    const logs = [await logOf(commandApi, 'command-api-roles'), await logOf(queryApi, 'query-api-roles')];
    for (const log of logs) {
      expect(log).toContain('request completed');
      for (const token of Object.values(tokens)) {
        expect(log).not.toContain(token);
        // Not even a token's signature part on its own.
        expect(log).not.toContain(token.split('.')[2]);
      }
    }
  });
});

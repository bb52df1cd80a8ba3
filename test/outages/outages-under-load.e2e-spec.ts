import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { ApiAnswer, call, post, useToken } from '../support/api-client';
import { createAuthSandbox, passwordToken } from '../support/auth-api';
import { ownServers, OwnServers, ServerName } from '../support/own-servers';
import { allRows } from '../support/report';
import { asExpected, ExpectedRow, stockholmMonth, TYPES } from '../support/random-load';
import { AppName, RunningApp, startApp, waitFor } from '../support/stack';

const OUTAGE_MS = Number(process.env.OUTAGE_BROKER_MS ?? 30_000);
const MONGO_OUTAGE_MS = Number(process.env.OUTAGE_MONGO_MS ?? 15_000);
const TEST_TIMEOUT_MS = 600_000;

/**
 * Load that keeps registering events, each under its own eventId, retried with the same id after
 * anything but a 202 (a 503 or a dropped connection may or may not have written it: api.md), and
 * the sums a correct projection must show, computed from what was acknowledged.
 */
class Load {
  readonly answers: { status: number; retryAfter: string | null; at: number }[] = [];
  readonly expected = new Map<string, ExpectedRow>();
  private stopping = false;
  private readonly workers: Promise<void>[];
  acknowledged = 0;

  constructor(
    private readonly target: () => string,
    private readonly caregivers: string[],
    concurrency = 4,
  ) {
    this.workers = Array.from({ length: concurrency }, () => this.work());
  }

  /** Ends the load: every event begun is retried until acknowledged. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.workers);
  }

  sawSince(since: number, test: (a: { status: number; retryAfter: string | null }) => boolean): boolean {
    return this.answers.some((a) => a.at >= since && test(a));
  }

  private async work(): Promise<void> {
    while (!this.stopping) {
      const body = {
        eventId: randomUUID(),
        caregiverId: this.caregivers[Math.floor(Math.random() * this.caregivers.length)],
        eventType: Math.random() < 0.7 ? 'x-ray' : 'ct',
        occurredAt: new Date(Date.now() - Math.floor(Math.random() * 60) * 86_400_000).toISOString(),
      };
      for (let attempt = 0; ; attempt++) {
        const answer = await post(`${this.target()}/v1/events`, body).catch(() => undefined);
        this.answers.push({ status: answer?.status ?? 0, retryAfter: answer?.headers.get('retry-after') ?? null, at: Date.now() });
        if (answer?.status === 202) break;
        if (answer && answer.status !== 503) throw new Error(`event refused with ${answer.status}: ${JSON.stringify(answer.body)}`);
        if (attempt > 600) throw new Error('an event was not acknowledged after 600 attempts');
        // A bounded back-off between retries of the same request (Retry-After is seconds; this load is a test).
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      this.acknowledged += 1;
      const key = `${body.caregiverId}/${stockholmMonth(new Date(body.occurredAt))}`;
      const amount = TYPES[body.eventType as keyof typeof TYPES];
      const row = this.expected.get(key) ?? { eventCount: 0, totalCents: 0, byType: {} };
      row.eventCount += 1;
      row.totalCents += amount;
      const byType = (row.byType[body.eventType] ??= { count: 0, totalCents: 0 });
      byType.count += 1;
      byType.totalCents += amount;
      this.expected.set(key, row);
    }
  }
}

/**
 * Outages of each server, and kill -9 of each app, while a load runs, on servers of the suite's own
 * (started with the repo's scripts on other ports, so the shared ones are never stopped). After each,
 * the read models must equal the sums of the acknowledged events: nothing acknowledged lost, nothing
 * counted twice, and no app restarted unless the test killed it.
 */
describe('outages under load', () => {
  let servers: OwnServers;
  const apps = {} as Record<AppName, RunningApp>;
  let env: Record<string, string>;
  let authEnv: Record<string, string>;
  let adminToken: string;

  const url = (name: AppName) => apps[name].url;

  /** Starts an app, or starts it again on the port it had (the others know auth-api by its URL). */
  async function restart(name: AppName): Promise<void> {
    const port = apps[name] ? Number(new URL(apps[name].url).port) : undefined;
    apps[name] = await startApp(name, name === 'auth-api' ? authEnv : env, { logName: `${name}-outages`, port });
  }

  beforeAll(async () => {
    servers = await ownServers();
    await servers.startAll();
    const identity = createAuthSandbox();
    authEnv = { ...identity.env, MONGODB_URI: servers.mongoUri, REDIS_URL: servers.redisUrl, AUTH_TOKEN_TTL_SECONDS: '86400', AUTH_SCRYPT_LOG_N: '10' };
    await restart('auth-api');
    env = {
      KAFKA_BROKERS: servers.kafkaBrokers,
      MONGODB_URI: servers.mongoUri,
      REDIS_URL: servers.redisUrl,
      AUTH_JWKS_URL: `${url('auth-api')}/.well-known/jwks.json`,
      AUTH_PRINCIPALS_URL: url('auth-api'),
      KAFKA_SEND_TIMEOUT_MS: '3000',
      // The driver's own account of its monitor and server selection, in each app's log (README: outages under load).
      ...(process.env.OUTAGE_DRIVER_LOG ? { MONGODB_LOG_TOPOLOGY: 'debug', MONGODB_LOG_SERVER_SELECTION: 'debug', MONGODB_LOG_PATH: 'stderr' } : {}),
      READ_YOUR_WRITES_TIMEOUT_MS: '2000',
      ...Object.fromEntries(['ANONYMOUS', 'INGEST', 'ACCOUNTANT', 'MANAGER', 'ADMIN'].map((role) => [`RATE_LIMIT_${role}`, '10000000'])),
    };
    await Promise.all((['command-api', 'query-api', 'projector'] as const).map(restart));
    adminToken = await passwordToken(url('auth-api'), identity.admin.username, identity.admin.password);
    useToken(adminToken);
    for (const [code, amountCents] of Object.entries(TYPES)) {
      expect((await post(`${url('command-api')}/v1/event-types`, { code, name: code, amountCents })).status).toBe(202);
    }
    // A broker's first start takes minutes on two busy cores.
  }, 600_000);

  afterAll(async () => {
    useToken(undefined);
    await Promise.all(Object.values(apps).map((app) => app.stop()));
    await servers?.remove();
  }, 120_000);

  /** Runs `scenario` with a load on `caregivers`, stopping the load whatever happens. */
  async function underLoad(caregivers: string[], scenario: (load: Load) => Promise<void>): Promise<Load> {
    const load = new Load(() => url('command-api'), caregivers);
    try {
      await scenario(load);
    } finally {
      await load.stop();
    }
    return load;
  }

  const caregiversOf = (test: string) => Array.from({ length: 4 }, (_, i) => `${test}-${randomBytes(2).toString('hex')}-${i}`);

  /** Waits until the report over `caregivers` equals what the load acknowledged. */
  async function expectReadModelsEqualOracle(load: Load, caregivers: string[]): Promise<void> {
    const params = { from: stockholmMonth(new Date(Date.now() - 70 * 86_400_000)), to: stockholmMonth(new Date()), caregiverIds: caregivers.join(',') };
    const expected = Object.fromEntries(load.expected);
    let last: unknown;
    await waitFor(
      'read models equal to the acknowledged load',
      async () => {
        last = asExpected(await allRows(url('query-api'), params).catch(() => []));
        return JSON.stringify(sorted(last as Record<string, ExpectedRow>)) === JSON.stringify(sorted(expected));
      },
      180_000,
    ).catch(async (error) => {
      throw new Error(`${(error as Error).message}\nexpected ${JSON.stringify(sorted(expected))}\nlast ${JSON.stringify(last)}\n${await projectorDiagnosis()}`);
    });
  }

  /** Tells a stuck projector from a stuck database: a new client's ping and write, the projector's readiness and counters. */
  async function projectorDiagnosis(): Promise<string> {
    const fresh = new MongoClient(servers.mongoUri, { serverSelectionTimeoutMS: 5000, socketTimeoutMS: 5000 });
    const database = await fresh
      .connect()
      .then(async () => {
        await fresh.db('admin').command({ ping: 1 });
        await fresh.db('outage_diagnosis').collection<{ _id: string; n: number }>('probe').updateOne({ _id: 'probe' }, { $inc: { n: 1 } }, { upsert: true });
        return 'a new client pings and writes';
      })
      .catch((error: Error) => `a new client fails: ${error.message}`)
      .finally(() => fresh.close());
    const ready = await call(`${url('projector')}/health/ready`).then((a) => `${a.status} ${JSON.stringify(a.body)}`, (e: Error) => e.message);
    const metrics = await fetch(`${url('projector')}/metrics`)
      .then((r) => r.text())
      .then((text) => text.split('\n').filter((line) => /^projector_(records_applied_total|consumer_restarts|flushes_total)/.test(line)).join('; '))
      .catch((e: Error) => e.message);
    return `database: ${database}\nprojector ready: ${ready}\nprojector: ${metrics}`;
  }

  function expectRunning(...names: AppName[]): void {
    for (const name of names) expect({ app: name, exited: apps[name].process.exitCode ?? apps[name].process.signalCode }).toEqual({ app: name, exited: null });
  }

  async function outage(server: ServerName, downMs: number, whileDown: (since: number) => Promise<void>): Promise<void> {
    await servers.stop(server);
    const since = Date.now();
    await whileDown(since);
    const left = downMs - (Date.now() - since);
    // The outage lasts as long as the scenario says, whatever the checks above took.
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    await servers.start(server);
  }

  it('the broker stops for 30 s: 503 with Retry-After meanwhile, no restart, the projector resumes, nothing lost or doubled', async () => {
    const caregivers = caregiversOf('broker');
    const load = await underLoad(caregivers, async (load) => {
      await waitFor('a first acknowledged event', async () => load.acknowledged > 0);
      await outage('kafka', OUTAGE_MS, (since) =>
        waitFor('a 503 with Retry-After from the command API', async () => load.sawSince(since, (a) => a.status === 503 && a.retryAfter !== null), 30_000),
      );
      const back = Date.now();
      await waitFor('an event acknowledged after the broker came back', async () => load.sawSince(back, (a) => a.status === 202), 120_000);
    });
    // Only 202s, 503s and connections refused: no other answer, and never a 2xx for a record not in the log (the oracle below).
    expect(load.answers.filter((a) => ![202, 503, 0].includes(a.status))).toEqual([]);
    await expectReadModelsEqualOracle(load, caregivers);
    expectRunning('command-api', 'projector', 'query-api');
  }, TEST_TIMEOUT_MS);

  it('the MongoDB-wire server stops and comes back: the projector pauses and resumes, queries answer 503 with Retry-After or from the cache', async () => {
    const caregivers = caregiversOf('mongo');
    const report = `${url('query-api')}/v1/reports/monthly?from=2024-01&to=2030-12&caregiverIds=${caregivers[0]}`;
    const queries: ApiAnswer[] = [];
    const load = await underLoad(caregivers, async (load) => {
      await waitFor('a first acknowledged event', async () => load.acknowledged > 0);
      await outage('mongo', MONGO_OUTAGE_MS, () =>
        waitFor('a query refused with 503 while the database is away', async () => {
          const answer = await call(report);
          queries.push(answer);
          return answer.status === 503;
        }),
      );
    });
    expect(queries.some((answer) => answer.status === 503)).toBe(true);
    for (const answer of queries.filter((a) => a.status !== 200)) {
      expect({ status: answer.status, type: answer.contentType, retryAfter: answer.headers.get('retry-after') !== null }).toEqual({
        status: 503,
        type: expect.stringMatching(/^application\/problem\+json/),
        retryAfter: true,
      });
    }
    await expectReadModelsEqualOracle(load, caregivers);
    expectRunning('command-api', 'projector', 'query-api');
  }, TEST_TIMEOUT_MS);

  it('Redis stops and comes back: writes and reports go on, and afterwards reports equal the oracle (no stale cached answer)', async () => {
    const caregivers = caregiversOf('redis');
    const report = `${url('query-api')}/v1/reports/monthly?from=2024-01&to=2030-12&caregiverIds=${caregivers.join(',')}`;
    const load = await underLoad(caregivers, async (load) => {
      await waitFor('a first acknowledged event', async () => load.acknowledged > 5);
      expect((await call(report)).status).toBe(200); // cached now
      await outage('redis', 10_000, async (since) => {
        // Writes go on (the recent-id check and the rate limit fail open), reports are read from MongoDB.
        await waitFor('an event acknowledged without Redis', async () => load.sawSince(since, (a) => a.status === 202), 30_000);
        expect((await call(report)).status).toBe(200);
      });
    });
    await expectReadModelsEqualOracle(load, caregivers);
    expectRunning('command-api', 'projector', 'query-api', 'auth-api');
  }, TEST_TIMEOUT_MS);

  it.each(['command-api', 'projector', 'query-api', 'auth-api'] as const)('%s killed with kill -9 under load and restarted: nothing acknowledged lost, nothing counted twice', async (name) => {
    const caregivers = caregiversOf(`kill-${name}`);
    const load = await underLoad(caregivers, async (load) => {
      await waitFor('some acknowledged events', async () => load.acknowledged > 20);
      expect((await apps[name].kill9()).signal).toBe('SIGKILL');
      await restart(name);
      const back = Date.now();
      await waitFor('an event acknowledged after the restart', async () => load.sawSince(back, (a) => a.status === 202), 60_000);
    });
    await expectReadModelsEqualOracle(load, caregivers);
  }, TEST_TIMEOUT_MS);
});

function sorted(rows: Record<string, ExpectedRow>): [string, ExpectedRow][] {
  return Object.entries(rows)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, row]) => [key, { ...row, byType: Object.fromEntries(Object.entries(row.byType).sort(([a], [b]) => a.localeCompare(b))) }]);
}

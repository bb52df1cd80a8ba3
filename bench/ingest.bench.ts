/**
 * Ingestion benchmark: POST /v1/events and POST /v1/events/batch through a real command-api process,
 * each beside its raw limit on the same broker in the same run: a bare kafkajs producer with the
 * API's settings, send() of one message with as many senders as the API has clients, and
 * sendBatch() of BENCH_BATCH messages with as many senders as the batch run has clients.
 *
 *   npm run build && npm run bench:ingest
 *   BENCH_EVENTS=20000 BENCH_CONCURRENCY=64 BENCH_BATCH=500 BENCH_BATCH_EVENTS=100000 BENCH_BATCH_CONCURRENCY=4
 *   BENCH_WARMUP=1000 BENCH_PORT_BASE=3101
 *
 * Uses its own topics (bench-<stamp>.log, 6 partitions; bench-<stamp>.catalog) and deletes them
 * at the end; an auth-api of its own (port BENCH_PORT_BASE + 10, database bench_auth_<stamp>,
 * dropped at the end) gives the admin token the requests carry. Exits 1 when the log does not hold
 * exactly one record per accepted event (a 202 of POST /v1/events, an accepted batch item).
 */
import { businessMonthOf } from '@reimbursements/domain/time/business-month';
import { EventRegisteredPayload } from '@reimbursements/domain/events/event-registered.record';
import { Admin, CompressionTypes, Producer } from 'kafkajs';
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { benchKafka, benchTopicNames, createBenchTopics, deleteBenchTopics, topicOffsets } from './support/bench-kafka';
import { ChildApp } from './support/child-app';
import { CpuMeter, cpuTable, describeMachine, printableMachine, standardProcessGroups } from './support/machine';
import {
  BENCH_CURRENCY,
  BENCH_EVENT_TYPES,
  caregiverId,
  eventRegisteredMessage,
  valueBytes,
} from './support/records';
import { checkLines, envInt, fixed, Latencies, LatencySummary, msSince, note, out, table, thousands } from './support/report';
import { runBenchmark } from './support/bench-main';

const EVENTS = envInt('BENCH_EVENTS', 20000);
const CONCURRENCY = envInt('BENCH_CONCURRENCY', 64);
const BATCH = envInt('BENCH_BATCH', 500);
const BATCH_EVENTS = envInt('BENCH_BATCH_EVENTS', 100000);
const BATCH_CONCURRENCY = envInt('BENCH_BATCH_CONCURRENCY', 4);
const WARMUP = envInt('BENCH_WARMUP', 1000);
const CAREGIVERS = envInt('BENCH_CAREGIVERS', 500);
const PORT = envInt('BENCH_PORT_BASE', 3101);
const AUTH_PORT = PORT + 10;
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';

/** The bench admin's access token, sent with every request to the command-api. */
let bearerToken = '';

interface EventInput {
  eventId: string;
  caregiverId: string;
  eventType: string;
  occurredAt: string;
}

interface RunResult {
  name: string;
  requests: number;
  ok: number;
  seconds: number;
  latency: LatencySummary;
  statuses: Map<string, number>;
  cpu?: ReturnType<typeof CpuMeter.between>;
}

/** Events over the last 30 days (inside any back-dating window), caregivers in turn. */
function makeEvents(count: number, salt: number): EventInput[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    eventId: randomUUID(),
    caregiverId: caregiverId((i + salt) % CAREGIVERS),
    eventType: BENCH_EVENT_TYPES[i % BENCH_EVENT_TYPES.length].code,
    occurredAt: new Date(now - 60_000 - (((i + salt) * 7919) % (30 * 86400)) * 1000).toISOString(),
  }));
}

/** The API run's records per second as a share of its raw limit's, judged against issue 9's target share. */
function percent(api: RunResult, raw: RunResult, target: number): string {
  const share = api.ok / api.seconds / (raw.ok / raw.seconds);
  return `${fixed(100 * share, 0)}% (target ≥ ${fixed(100 * target, 0)}%: ${share >= target ? 'met' : 'NOT met'})`;
}

function payloadOf(input: EventInput): EventRegisteredPayload {
  const type = BENCH_EVENT_TYPES.find((t) => t.code === input.eventType);
  const month = businessMonthOf(new Date(input.occurredAt), 'Europe/Stockholm');
  return { ...input, amountCents: type?.amountCents ?? 0, currency: BENCH_CURRENCY, month };
}

async function adminToken(admin: { username: string; password: string }): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${AUTH_PORT}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'password', ...admin }),
  });
  if (response.status !== 200) throw new Error(`auth-api refused the bench admin: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function dropDatabase(name: string): Promise<void> {
  const client = await new MongoClient(MONGODB_URI).connect();
  try {
    await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}

/** Runs `count` jobs with `workers` concurrent loops, each awaiting its own job before the next. */
async function drive(count: number, workers: number, job: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(workers, count) }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

function post(agent: http.Agent, path: string, body: unknown): Promise<{ status: number; body: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port: PORT,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${bearerToken}` },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

async function apiRun(name: string, agent: http.Agent, events: EventInput[], meter: CpuMeter): Promise<RunResult> {
  const latencies = new Latencies(events.length);
  const statuses = new Map<string, number>();
  const samples: string[] = [];
  let ok = 0;
  const cpuBefore = meter.sample();
  const start = process.hrtime.bigint();
  await drive(events.length, CONCURRENCY, async (i) => {
    const t0 = process.hrtime.bigint();
    let status: string;
    try {
      const answer = await post(agent, '/v1/events', events[i]);
      status = String(answer.status);
      if (answer.status === 202) ok++;
      else if (samples.length < 3) samples.push(`${answer.status} ${answer.body.slice(0, 300)}`);
    } catch (error) {
      status = `error: ${(error as Error).message}`;
    }
    latencies.record(msSince(t0));
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  });
  const seconds = msSince(start) / 1000;
  for (const sample of samples) note(`${name}: non-202 answer: ${sample}`);
  return {
    name,
    requests: events.length,
    ok,
    seconds,
    latency: latencies.summary(),
    statuses,
    cpu: CpuMeter.between(cpuBefore, meter.sample()),
  };
}

interface BatchAnswer {
  accepted: number;
  rejected: number;
}

/** POST /v1/events/batch of BATCH events per call from BATCH_CONCURRENCY keep-alive clients; ok counts accepted items. */
async function batchApiRun(agent: http.Agent, events: EventInput[], meter: CpuMeter): Promise<RunResult> {
  const calls = Math.ceil(events.length / BATCH);
  const latencies = new Latencies(calls);
  const statuses = new Map<string, number>();
  const samples: string[] = [];
  let ok = 0;
  const cpuBefore = meter.sample();
  const start = process.hrtime.bigint();
  await drive(calls, BATCH_CONCURRENCY, async (c) => {
    const t0 = process.hrtime.bigint();
    let status: string;
    try {
      const answer = await post(agent, '/v1/events/batch', { events: events.slice(c * BATCH, (c + 1) * BATCH) });
      status = String(answer.status);
      if (answer.status === 202) {
        const { accepted, rejected } = JSON.parse(answer.body) as BatchAnswer;
        ok += accepted;
        if (rejected > 0) status = '202 with rejected items';
      }
      if (status !== '202' && samples.length < 3) samples.push(`${answer.status} ${answer.body.slice(0, 300)}`);
    } catch (error) {
      status = `error: ${(error as Error).message}`;
    }
    latencies.record(msSince(t0));
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  });
  const seconds = msSince(start) / 1000;
  for (const sample of samples) note(`batch: unexpected answer: ${sample}`);
  return {
    name: `POST /v1/events/batch of ${BATCH} via command-api, ${BATCH_CONCURRENCY} keep-alive clients`,
    requests: calls,
    ok,
    seconds,
    latency: latencies.summary(),
    statuses,
    cpu: CpuMeter.between(cpuBefore, meter.sample()),
  };
}

async function naiveProducerRun(producer: Producer, topic: string, partitions: number, events: EventInput[], meter: CpuMeter): Promise<RunResult> {
  const latencies = new Latencies(events.length);
  const statuses = new Map<string, number>();
  let ok = 0;
  const cpuBefore = meter.sample();
  const start = process.hrtime.bigint();
  await drive(events.length, CONCURRENCY, async (i) => {
    const message = eventRegisteredMessage(topic, partitions, payloadOf(events[i]));
    const t0 = process.hrtime.bigint();
    let status = 'acked';
    try {
      await producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages: [message] });
      ok++;
    } catch (error) {
      status = `error: ${(error as Error).message}`;
    }
    latencies.record(msSince(t0));
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  });
  return {
    name: `kafkajs send(), 1 message each, ${CONCURRENCY} concurrent senders`,
    requests: events.length,
    ok,
    seconds: msSince(start) / 1000,
    latency: latencies.summary(),
    statuses,
    cpu: CpuMeter.between(cpuBefore, meter.sample()),
  };
}

/** sendBatch() of BATCH messages from BATCH_CONCURRENCY concurrent senders sharing one producer, as the API's batch run has clients. */
async function batchedProducerRun(producer: Producer, topic: string, partitions: number, events: EventInput[], meter: CpuMeter): Promise<RunResult> {
  const batches = Math.ceil(events.length / BATCH);
  const latencies = new Latencies(batches);
  const statuses = new Map<string, number>();
  let ok = 0;
  const cpuBefore = meter.sample();
  const start = process.hrtime.bigint();
  await drive(batches, BATCH_CONCURRENCY, async (b) => {
    const slice = events.slice(b * BATCH, (b + 1) * BATCH);
    const messages = slice.map((e) => eventRegisteredMessage(topic, partitions, payloadOf(e)));
    const t0 = process.hrtime.bigint();
    let status = 'acked';
    try {
      await producer.sendBatch({ acks: -1, compression: CompressionTypes.None, topicMessages: [{ topic, messages }] });
      ok += messages.length;
    } catch (error) {
      status = `error: ${(error as Error).message}`;
    }
    latencies.record(msSince(t0));
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  });
  return {
    name: `kafkajs sendBatch(), ${BATCH} messages each, ${BATCH_CONCURRENCY} concurrent senders`,
    requests: batches,
    ok,
    seconds: msSince(start) / 1000,
    latency: latencies.summary(),
    statuses,
    cpu: CpuMeter.between(cpuBefore, meter.sample()),
  };
}

async function main(): Promise<void> {
  const stamp = `${Date.now()}`;
  const topics = benchTopicNames('bench', stamp);
  const machine = await describeMachine(undefined);
  out('# Ingest benchmark');
  out();
  for (const line of printableMachine(machine)) out(line);
  out(`topics:    ${topics.log} (${topics.logPartitions} partitions), ${topics.catalog}`);
  out(`load:      ${thousands(EVENTS)} records per single-event run, ${CONCURRENCY} concurrent clients; ${thousands(BATCH_EVENTS)} records per batch run, ${BATCH} per call, ${BATCH_CONCURRENCY} concurrent clients; ${CAREGIVERS} caregivers, warm-up ${WARMUP}`);
  out();

  const kafka = benchKafka(topics, `bench-ingest-${stamp}`);
  const admin: Admin = kafka.admin();
  await admin.connect();
  let commandApi: ChildApp | undefined;
  let authApi: ChildApp | undefined;
  const authDatabase = `bench_auth_${stamp}`.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 63);
  let producer: Producer | undefined;
  let failed = false;
  try {
    await createBenchTopics(admin, topics);
    note(`created ${topics.log} and ${topics.catalog}`);
    const benchAdmin = { username: 'bench-admin', password: randomBytes(18).toString('base64url') };
    authApi = await ChildApp.start(
      'auth-api',
      AUTH_PORT,
      { MONGODB_URI, AUTH_MONGODB_DB: authDatabase, AUTH_REDIS_KEY_PREFIX: `${authDatabase}:`, BOOTSTRAP_ADMIN_USERNAME: benchAdmin.username, BOOTSTRAP_ADMIN_PASSWORD: benchAdmin.password },
      `bench-${stamp}`,
    );
    await authApi.waitReady();
    bearerToken = await adminToken(benchAdmin);
    commandApi = await ChildApp.start(
      'command-api',
      PORT,
      {
        KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
        LOG_TOPIC: topics.log,
        CATALOG_TOPIC: topics.catalog,
        KAFKA_CLIENT_ID: `bench-command-api-${stamp}`,
        AUTH_JWKS_URL: `http://127.0.0.1:${AUTH_PORT}/.well-known/jwks.json`,
        AUTH_PRINCIPALS_URL: `http://127.0.0.1:${AUTH_PORT}`,
        // Measure the API, not its rate limit (the per-request count in Redis stays in the path).
        RATE_LIMIT_ADMIN: '10000000',
      },
      `bench-${stamp}`,
    );
    await commandApi.waitReady();
    const api = commandApi;
    const meter = new CpuMeter(
      standardProcessGroups(undefined, [{ name: 'command-api', match: (p) => p.pid === api.pid }]),
    );

    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    for (const type of BENCH_EVENT_TYPES) {
      const answer = await post(agent, '/v1/event-types', type);
      if (answer.status !== 202) throw new Error(`defining ${type.code}: ${answer.status} ${answer.body}`);
    }
    note(`defined ${BENCH_EVENT_TYPES.length} event types through the API`);

    if (WARMUP > 0) {
      const warm = await apiRun('warm-up', agent, makeEvents(WARMUP, 7), meter);
      note(`warm-up: ${warm.ok}/${warm.requests} accepted in ${fixed(warm.seconds, 2)} s`);
    }

    const before = await topicOffsets(admin, topics.log);
    const apiResult = await apiRun(`POST /v1/events via command-api, ${CONCURRENCY} keep-alive clients`, agent, makeEvents(EVENTS, 0), meter);
    const after = await topicOffsets(admin, topics.log);
    const apiRecords = after.records - before.records;
    const batchApiResult = await batchApiRun(agent, makeEvents(BATCH_EVENTS, 4), meter);
    const batchApiAfter = await topicOffsets(admin, topics.log);
    const batchApiRecords = batchApiAfter.records - after.records;
    agent.destroy();

    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    const naiveBefore = await topicOffsets(admin, topics.log);
    const naive = await naiveProducerRun(producer, topics.log, topics.logPartitions, makeEvents(EVENTS, 1), meter);
    const naiveAfter = await topicOffsets(admin, topics.log);
    const batched = await batchedProducerRun(producer, topics.log, topics.logPartitions, makeEvents(BATCH_EVENTS, 2), meter);
    const batchedAfter = await topicOffsets(admin, topics.log);
    const sample = eventRegisteredMessage(topics.log, topics.logPartitions, payloadOf(makeEvents(1, 3)[0]));

    const runs = [apiResult, naive, batchApiResult, batched];
    out('## Results');
    out();
    out(
      table(
        ['run', 'requests', 'records ok', 'seconds', 'records/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
        runs.map((r) => [
          r.name,
          thousands(r.requests),
          thousands(r.ok),
          fixed(r.seconds, 2),
          thousands(r.ok / r.seconds),
          fixed(r.latency.p50, 1),
          fixed(r.latency.p95, 1),
          fixed(r.latency.p99, 1),
          fixed(r.latency.max, 1),
        ]),
      ),
    );
    out();
    out(`Latency is per request: one HTTP POST (of one event, or of ${BATCH}), one send() of one message, or one sendBatch() of ${BATCH} messages.`);
    out(`POST /v1/events: ${percent(apiResult, naive, 0.8)} of bare send(); POST /v1/events/batch: ${percent(batchApiResult, batched, 0.5)} of bare sendBatch().`);
    out(`Record value ${valueBytes(sample)} bytes (JSON envelope), key = caregiverId, idempotent producer, acks=-1, no compression.`);
    for (const r of runs) {
      const other = [...r.statuses].filter(([status]) => status !== '202' && status !== 'acked');
      if (other.length > 0) out(`${r.name}: other outcomes: ${other.map(([s, n]) => `${s} x${n}`).join(', ')}`);
    }
    out();

    out('## CPU seconds per phase (2 cores are shared by everything)');
    out();
    out(cpuTable('run', runs.map((r) => ({ stage: r.name, cpu: r.cpu })), 2));
    out();
    const apiCpu = (r: RunResult) => (r.cpu?.groups.get('command-api') ?? NaN) * 1000;
    const msPerRequest = apiCpu(apiResult) / apiResult.requests;
    out(`command-api CPU: ${fixed(msPerRequest, 3)} ms per POST /v1/events (target ≤ 0.4 ms: ${msPerRequest <= 0.4 ? 'met' : 'NOT met'}); ${fixed(apiCpu(batchApiResult) / batchApiResult.requests, 2)} ms per batch call (${fixed((1000 * apiCpu(batchApiResult)) / Math.max(1, batchApiResult.ok), 1)} µs per event).`);
    out();

    out('## Checks');
    out();
    const checks: [string, boolean][] = [
      [`log grew by ${apiRecords} records during the API run; 202 answers: ${apiResult.ok}`, apiRecords === apiResult.ok],
      [`log grew by ${batchApiRecords} records during the batch API run; accepted items: ${batchApiResult.ok}`, batchApiRecords === batchApiResult.ok],
      [`log grew by ${naiveAfter.records - naiveBefore.records} records during the send() run; acked: ${naive.ok}`, naiveAfter.records - naiveBefore.records === naive.ok],
      [`log grew by ${batchedAfter.records - naiveAfter.records} records during the sendBatch() run; acked: ${batched.ok}`, batchedAfter.records - naiveAfter.records === batched.ok],
    ];
    for (const line of checkLines(checks)) out(line);
    failed = checks.some(([, passed]) => !passed);
    if (apiResult.ok !== EVENTS) out(`note: ${EVENTS - apiResult.ok} API requests were not answered 202 (see "other outcomes" above)`);
    if (batchApiResult.ok !== BATCH_EVENTS) out(`note: ${BATCH_EVENTS - batchApiResult.ok} batch items were not accepted (see "other outcomes" above)`);
  } finally {
    await commandApi?.stop().catch((error: Error) => note(`stopping command-api: ${error.message}`));
    await authApi?.stop().catch((error: Error) => note(`stopping auth-api: ${error.message}`));
    await dropDatabase(authDatabase).catch((error: Error) => note(`dropping ${authDatabase}: ${error.message}`));
    await producer?.disconnect().catch(() => undefined);
    await deleteBenchTopics(admin, topics);
    // The command-api's catalog view reads under a group of its own per start: remove ours.
    const catalogGroups = (await admin.listGroups().catch(() => ({ groups: [] }))).groups
      .map((g) => g.groupId)
      .filter((id) => id.startsWith(`bench-command-api-${stamp}-catalog-`));
    await admin.deleteGroups(catalogGroups).catch(() => undefined);
    await admin.disconnect();
  }
  if (failed) {
    out('FAILED: the log does not hold exactly one record per accepted event');
    process.exitCode = 1;
  }
}

runBenchmark('ingest', main);

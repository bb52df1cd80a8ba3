/**
 * Rebuild benchmark: a new version of the read models folded from the start of the log through the
 * ops API (issue 11), beside the raw limits it is made of, in the same run.
 *
 *   npm run build && npm run bench:rebuild
 *
 * Settings (environment):
 *   BENCH_REBUILD_EVENTS=1_000_000  events registered (the mixed workload of bench:fold:mixed on top:
 *                              BENCH_MIXED_VOID_PCT=10, BENCH_MIXED_REIMBURSED_PCT=20, BENCH_MIXED_BY_MONTH=10,
 *                              BENCH_FOLD_CAREGIVERS=500, BENCH_MIXED_MONTHS=24, BENCH_MIXED_SEED, ...)
 *   BENCH_WRITE_CHUNK           PROJECTOR_WRITE_CHUNK; default: the projector's default on FerretDB, else 1000
 *   BENCH_HOLD_RECORDS          PROJECTOR_HOLD_RECORDS, for the projector and (a'); default: the projector's
 *   BENCH_MAX_BYTES_PER_PARTITION  PROJECTOR_MAX_BYTES_PER_PARTITION, also for (a) and (a'); default: the projector's
 *   BENCH_REBUILD_POLL_MS=1000 (GET /v1/ops/projections, one at a time), BENCH_REBUILD_TIMEOUT_S=7200, BENCH_STALL_S=120, BENCH_DIRECT_MAX_S=0 (no cap on (c)),
 *   BENCH_PORT_BASE=3101 (projector base + 6, query-api base + 7, auth-api base + 10),
 *   BENCH_PROJECTOR_LOG_LEVEL (e.g. info), BENCH_KEEP_TOPICS=1 keeps the topics when the run failed
 *   MONGODB_URI, REDIS_URL, KAFKA_BROKERS, BENCH_POSTGRES_PIDFILES (default: STATE_DIR's or .local's server) as for the other benchmarks
 *
 * 1. preloads the mixed workload into topics of its own and computes what the read models must hold;
 * 2. (a) reads the log with a bare kafkajs consumer; (a') folds it in memory with the projector's
 *    fold, recording the ledger documents each flush inserts (for (c));
 * 3. makes the live version v2 look caught up without folding it: its projection_offsets are set
 *    to the end offsets and its consumer group is committed there (v2's read models stay empty; the
 *    rebuild does not read them);
 * 4. (b) starts auth-api, query-api and the projector, POSTs /v1/ops/projections/read-models/rebuild
 *    and times from the 202 until GET /v1/ops/projections shows lag 0 on every partition of the new
 *    version (polled every second);
 * 5. (c) inserts (a')'s ledger_events documents straight into a scratch database (insertMany of
 *    1 000, as many writers as the projector's partitions at once).
 * Exits 1 when the rebuilt read models differ from what the generator expects, or the rebuild did
 * not catch up.
 */
import { EVENT_REGISTERED_SCHEMA_VERSION } from '@reimbursements/domain/events/event-registered.record';
import { projectionVersion } from '@reimbursements/domain/ops/projection-version';
import { versionDatabase } from '@reimbursements/domain/ops/projection-versions';
import { READ_MODELS_PROJECTION } from '@reimbursements/domain/projections/read-models-projection';
import { ensureIndexes } from '@reimbursements/mongo/collections';
import { MongoFoldProgress } from '@reimbursements/mongo/mongo-fold-progress';
import { Admin } from 'kafkajs';
import { MongoClient } from 'mongodb';
import os from 'node:os';
import path from 'node:path';
import { validateEnvironment } from '@reimbursements/platform/config/validate-environment';
import { ProjectorSettings } from '../apps/projector/src/projector.settings';
import { authDatabaseOf, BenchAuthApi, startBenchAuthApi } from './support/bench-auth-api';
import { benchKafka, benchTopicNames, createBenchTopics, deleteBenchGroups, deleteBenchTopics, TopicOffsets, topicOffsets } from './support/bench-kafka';
import { ChildApp, sleep } from './support/child-app';
import { consumeAll } from './support/consume-all';
import { chargeLocalPostgres, codeVersion, collectGarbage, CpuMeter, describeMachine, loadAverage, measureCpu, printableMachine, projectorCpuMeter } from './support/machine';
import { checkReadModels, expectedTotals, generateMixedWorkload, mixedWorkloadSettings, preloadMixedWorkload, REIMBURSED } from './support/mixed-workload';
import { benchProjectorGroup, consumerTrouble, crashLine, projectorEnv, withTimeout } from './support/projector-run';
import { envInt, fixed, msSince, note, out, table, thousands } from './support/report';
import { foldInMemory, insertEvents, INSERT_CHUNK, planSize, replay } from './support/write-plan';
import { failOnChecks, printNotesCpuAndChecks, runBenchmark } from './support/bench-main';

const EVENTS = envInt('BENCH_REBUILD_EVENTS', 1_000_000);
const PORT_BASE = envInt('BENCH_PORT_BASE', 3101);
const TIMEOUT_S = envInt('BENCH_REBUILD_TIMEOUT_S', 7200);
const STALL_S = envInt('BENCH_STALL_S', 120);
const DIRECT_MAX_S = envInt('BENCH_DIRECT_MAX_S', 0);
/** The projector's settings as the projector child reads them from this environment, which it inherits; the bench's own two on top. */
const DEFAULTS = validateEnvironment(ProjectorSettings, process.env);
const PROJECTOR: ProjectorSettings = Object.assign(validateEnvironment(ProjectorSettings, process.env), {
  PROJECTOR_HOLD_RECORDS: envInt('BENCH_HOLD_RECORDS', DEFAULTS.PROJECTOR_HOLD_RECORDS),
  PROJECTOR_MAX_BYTES_PER_PARTITION: envInt('BENCH_MAX_BYTES_PER_PARTITION', DEFAULTS.PROJECTOR_MAX_BYTES_PER_PARTITION),
});
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PROJECTION = projectionVersion(READ_MODELS_PROJECTION);
/** How often the ops status is asked while the rebuild runs. */
const POLL_MS = envInt('BENCH_REBUILD_POLL_MS', 1000);

type CpuDelta = ReturnType<typeof CpuMeter.between>;

interface Row {
  stage: string;
  records?: number;
  docs?: number;
  batches?: number;
  seconds: number;
  startupSeconds?: number;
  cpu?: CpuDelta;
}

interface VersionStatus {
  version: string;
  state: string;
  lag: number;
  recordsPerSecond: number;
  etaSeconds: number | null;
  partitions: { topic: string; partition: number; appliedOffset: number; endOffset: number; lag: number; stuck: unknown }[];
}

/** The query-api's ops endpoints, with the bench admin's token. */
class OpsApi {
  constructor(
    private readonly port: number,
    private readonly token: string,
  ) {}

  async versions(): Promise<VersionStatus[]> {
    const answer = await this.call('GET', '/v1/ops/projections');
    if (answer.status !== 200) throw new Error(`GET /v1/ops/projections answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    const projections = JSON.parse(answer.text) as { name: string; versions: VersionStatus[] }[];
    return projections.find((p) => p.name === PROJECTION.name)?.versions ?? [];
  }

  async rebuild(): Promise<string> {
    const answer = await this.call('POST', `/v1/ops/projections/${PROJECTION.name}/rebuild`);
    if (answer.status !== 202) throw new Error(`POST rebuild answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    return (JSON.parse(answer.text) as { version: string }).version;
  }

  private async call(method: string, route: string): Promise<{ status: number; text: string }> {
    const response = await fetch(`http://127.0.0.1:${this.port}${route}`, { method, headers: { authorization: `Bearer ${this.token}` } });
    return { status: response.status, text: await response.text() };
  }
}

/** Every partition of both topics listed for the version, each with lag 0. */
function caughtUp(status: VersionStatus | undefined, logEnd: TopicOffsets, catalogEnd: TopicOffsets, topics: { log: string; catalog: string }): boolean {
  if (!status) return false;
  const wanted = [...[...logEnd.end.keys()].map((p) => `${topics.log}#${p}`), ...[...catalogEnd.end.keys()].map((p) => `${topics.catalog}#${p}`)];
  const lags = new Map(status.partitions.map((p) => [`${p.topic}#${p.partition}`, p.lag]));
  return wanted.every((key) => lags.get(key) === 0);
}

function appliedLogRecords(status: VersionStatus | undefined, logTopic: string): number {
  return (status?.partitions ?? []).filter((p) => p.topic === logTopic).reduce((sum, p) => sum + p.appliedOffset + 1, 0);
}

/**
 * The live version looks caught up without folding it: its stored offsets (where a version's fold
 * resumes) and its consumer group's committed offsets at the end of both topics.
 */
async function markLiveCaughtUp(admin: Admin, progress: MongoFoldProgress, groupId: string, ends: [string, TopicOffsets][]): Promise<void> {
  for (const [topic, offsets] of ends) {
    for (const [partition, end] of offsets.end) if (end > 0) await progress.apply(READ_MODELS_PROJECTION, topic, partition, end - 1, []);
    await admin.setOffsets({ groupId, topic, partitions: [...offsets.end].map(([partition, end]) => ({ partition, offset: String(end) })) });
  }
}

interface RebuildRun {
  outcome: 'caught up' | 'STALLED' | 'EXITED' | 'TIMEOUT';
  version: string;
  /** POST until its 202. */
  askSeconds: number;
  /** From the 202 until the status showed lag 0 everywhere. */
  seconds: number;
  /** From the 202 until the first log records were applied (the first flush). */
  startupSeconds?: number;
  records: number;
  cpu: CpuDelta;
  /** One-minute load averages sampled every poll. */
  load: number[];
  /** Highest recordsPerSecond the status reported. */
  reportedPeak: number;
  /** How long each GET /v1/ops/projections took, ms: the end is known to within the last one. */
  pollMs: number[];
}

async function rebuildToCaughtUp(ops: OpsApi, projector: ChildApp, logEnd: TopicOffsets, catalogEnd: TopicOffsets, topics: { log: string; catalog: string }): Promise<RebuildRun> {
  const meter = projectorCpuMeter(MONGODB_URI, projector);
  const before = meter.sample();
  const asked = process.hrtime.bigint();
  const version = await ops.rebuild();
  const askSeconds = msSince(asked) / 1000;
  const start = process.hrtime.bigint();
  note(`rebuild answered 202 (version ${version}) after ${fixed(askSeconds, 1)} s; polling GET /v1/ops/projections every ${POLL_MS} ms`);
  let outcome: RebuildRun['outcome'] = 'TIMEOUT';
  let startupSeconds: number | undefined;
  let records = 0;
  let lastChange = Date.now();
  let lastReport = 0;
  let reportedPeak = 0;
  const load: number[] = [];
  const pollMs: number[] = [];
  while (msSince(start) < TIMEOUT_S * 1000) {
    if (!projector.isAlive()) {
      outcome = 'EXITED';
      break;
    }
    const polled = process.hrtime.bigint();
    const status = (await ops.versions()).find((v) => v.version === version);
    pollMs.push(msSince(polled));
    load.push(os.loadavg()[0]);
    const applied = appliedLogRecords(status, topics.log);
    if (startupSeconds === undefined && applied > 0) startupSeconds = msSince(start) / 1000;
    if (applied !== records) lastChange = Date.now();
    records = applied;
    reportedPeak = Math.max(reportedPeak, status?.recordsPerSecond ?? 0);
    if (caughtUp(status, logEnd, catalogEnd, topics)) {
      outcome = 'caught up';
      break;
    }
    if (Date.now() - lastChange > STALL_S * 1000) {
      outcome = 'STALLED';
      note(`${version} applied nothing for ${STALL_S} s; ${crashLine(projector.logFile) ?? 'no crash in the projector log'}`);
      break;
    }
    if (Date.now() - lastReport >= 10000) {
      lastReport = Date.now();
      note(
        `${version} ${status?.state ?? '(not listed yet)'}: ${thousands(applied)} of ${thousands(logEnd.records)} log records after ${fixed(msSince(start) / 1000, 0)} s, ` +
          `lag ${thousands(status?.lag ?? NaN)}, ${thousands(status?.recordsPerSecond ?? NaN)} records/s, ETA ${status?.etaSeconds ?? '-'} s, load ${fixed(os.loadavg()[0], 1)}`,
      );
    }
    await sleep(POLL_MS);
  }
  const seconds = msSince(start) / 1000;
  return { outcome, version, askSeconds, seconds, startupSeconds, records, cpu: CpuMeter.between(before, meter.sample()), load, reportedPeak, pollMs };
}

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '..', '..');
  chargeLocalPostgres(repoRoot);
  const stamp = `${Date.now()}`;
  const topics = benchTopicNames('bench-rebuild', stamp);
  const dbName = `bench_rebuild_${stamp}`;
  const directDbName = `bench_rebuild_${stamp}_direct`;
  const machine = await describeMachine(MONGODB_URI);
  const writeChunk = envInt('BENCH_WRITE_CHUNK', machine.mongoWire.startsWith('FerretDB') ? DEFAULTS.PROJECTOR_WRITE_CHUNK : 1000);
  const writers = PROJECTOR.PROJECTOR_PARTITIONS_CONCURRENTLY;
  const consume = { maxBytesPerPartition: PROJECTOR.PROJECTOR_MAX_BYTES_PER_PARTITION, partitionsConcurrently: writers };

  const w = generateMixedWorkload(mixedWorkloadSettings(EVENTS, PROJECTOR.BUSINESS_TIME_ZONE));
  const expected = expectedTotals(w);
  const total = EVENTS + w.voids.length + w.reimbursements.length;
  const s = w.settings;

  out('# Rebuild benchmark: a new projection version through the ops API, from the start of the log');
  out();
  for (const line of printableMachine(machine)) out(line);
  out(`code:      ${codeVersion(repoRoot)}`);
  out(`loadavg:   ${loadAverage()} at the start (the machine is shared with whatever else runs)`);
  out(`topics:    ${topics.log} (${topics.logPartitions} partitions), ${topics.catalog}, ${topics.log}.control; database ${dbName}`);
  out(
    `load:      the mixed workload of bench:fold:mixed: ${thousands(total)} log records: ${thousands(EVENTS)} EventRegistered (v${EVENT_REGISTERED_SCHEMA_VERSION}; ` +
      `${s.caregivers} caregivers x ${s.months} months, in time order), ${thousands(w.voids.length)} EventVoided (${s.voidPct} %), ` +
      `${thousands(w.byIdCount)} ReimbursementRequested by eventIds (${s.reimbursedPct} % of the events) and ${w.reimbursements.length - w.byIdCount} by month; seed ${s.seed}`,
  );
  out(
    `projector: PROJECTOR_WRITE_CHUNK=${writeChunk}, PROJECTOR_HOLD_RECORDS=${PROJECTOR.PROJECTOR_HOLD_RECORDS}, PROJECTOR_PARTITIONS_CONCURRENTLY=${writers}, ` +
      `PROJECTOR_MAX_BYTES_PER_PARTITION=${PROJECTOR.PROJECTOR_MAX_BYTES_PER_PARTITION}, PROJECTOR_FETCH_MAX_WAIT_MS=${PROJECTOR.PROJECTOR_FETCH_MAX_WAIT_MS}`,
  );
  out(
    `live v2:   made to look caught up, NOT folded: its projection_offsets and its consumer group set to the end offsets before the rebuild ` +
      `(its read models stay empty; the rebuild neither reads nor waits for them)`,
  );
  out();

  const kafka = benchKafka(topics, `bench-rebuild-${stamp}`);
  const admin: Admin = kafka.admin();
  await admin.connect();
  const mongo = await new MongoClient(MONGODB_URI, { serverSelectionTimeoutMS: 5000, maxPoolSize: 20 }).connect();
  const db = mongo.db(dbName);
  const directDb = mongo.db(directDbName);
  const liveGroup = benchProjectorGroup(stamp);
  const groups = [`bench-rebuild-raw-${stamp}`, `bench-rebuild-decode-${stamp}`, liveGroup];
  const databases = [dbName, directDbName, authDatabaseOf(stamp)];
  const rows: Row[] = [];
  const checks: [string, boolean][] = [];
  const notes: string[] = [];
  const apps: ChildApp[] = [];
  let safeToDrop = true;
  const measure = <T>(run: () => Promise<T>) => measureCpu(MONGODB_URI, run);
  const progress = (row: Row) => note(`${row.stage}: ${fixed(row.seconds, 1)} s`);
  try {
    await createBenchTopics(admin, topics);
    note(`created the topics; preloading ${thousands(total)} records`);
    const [loaded, loadCpu] = await measure(() => preloadMixedWorkload(kafka, topics, w));
    rows.push({ stage: 'preload: kafkajs sendBatch()', records: loaded.records, seconds: loaded.seconds, cpu: loadCpu });
    progress(rows[rows.length - 1]);
    const logEnd = await topicOffsets(admin, topics.log);
    const catalogEnd = await topicOffsets(admin, topics.catalog);
    checks.push([`log topic holds ${thousands(logEnd.records)} records; preloaded ${thousands(total)}`, logEnd.records === total]);

    const [raw, rawCpu] = await measure(() => consumeAll(kafka, topics.log, groups[0], { total, ...consume }, () => undefined));
    rows.push({ stage: '(a) kafkajs consumer, eachBatch, no processing', records: total, batches: raw.batches, seconds: raw.seconds, startupSeconds: raw.startupSeconds, cpu: rawCpu });
    progress(rows[rows.length - 1]);

    // Only the plan outlives (a'): the in-memory read models it was recorded from would stay on this
    // process's heap through (b), and its garbage collector's threads would take their share of the
    // two cores from the rebuild being measured.
    const { folded, foldCpu, plan } = await (async () => {
      const [{ store, run }, cpu] = await measure(() => foldInMemory(kafka, topics, groups[1], { total, ...consume }, PROJECTOR));
      return { folded: { run }, foldCpu: cpu, plan: store.writePlan() };
    })();
    const planned = planSize(plan);
    rows.push({
      stage: "(a') + decode + the projector's fold in memory, no I/O",
      records: total,
      docs: planned.totals + planned.inserts,
      batches: folded.run.batches,
      seconds: folded.run.seconds,
      startupSeconds: folded.run.startupSeconds,
      cpu: foldCpu,
    });
    progress(rows[rows.length - 1]);

    await markLiveCaughtUp(admin, new MongoFoldProgress(db), liveGroup, [
      [topics.log, logEnd],
      [topics.catalog, catalogEnd],
    ]);
    const auth: BenchAuthApi = await startBenchAuthApi(PORT_BASE + 10, MONGODB_URI, stamp);
    apps.push(auth.app);
    const queryApi = await ChildApp.start(
      'query-api',
      PORT_BASE + 7,
      {
        KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
        LOG_TOPIC: topics.log,
        CATALOG_TOPIC: topics.catalog,
        MONGODB_URI,
        MONGODB_DATABASE: dbName,
        REDIS_URL,
        RATE_LIMIT_ADMIN: '10000000',
        RATE_LIMIT_KEY_PREFIX: `${dbName}:rate:`,
        ...auth.verifierEnv,
      },
      `bench-${stamp}`,
    );
    apps.push(queryApi);
    const projector = await ChildApp.start(
      'projector',
      PORT_BASE + 6,
      projectorEnv({
        topics,
        dbName,
        stamp,
        mongoUri: MONGODB_URI,
        env: {
          PROJECTOR_WRITE_CHUNK: String(writeChunk),
          PROJECTOR_HOLD_RECORDS: String(PROJECTOR.PROJECTOR_HOLD_RECORDS),
          PROJECTOR_PARTITIONS_CONCURRENTLY: String(writers),
          PROJECTOR_MAX_BYTES_PER_PARTITION: String(PROJECTOR.PROJECTOR_MAX_BYTES_PER_PARTITION),
        },
      }),
      `bench-${stamp}`,
    );
    apps.push(projector);
    await Promise.all([queryApi.waitReady(120000), projector.waitReady(120000)]);
    const ops = new OpsApi(queryApi.port, auth.adminToken);
    const deadline = Date.now() + 120000;
    while (!caughtUp((await ops.versions()).find((v) => v.version === PROJECTION.version && v.state === 'live'), logEnd, catalogEnd, topics)) {
      if (Date.now() > deadline) throw new Error(`the live version ${PROJECTION.version} does not show lag 0 within 120 s`);
      await sleep(POLL_MS);
    }
    const heapBefore = process.memoryUsage().heapUsed;
    collectGarbage();
    note(
      `${PROJECTION.version} is live with lag 0; asking for a rebuild (this process's heap: ${thousands(heapBefore / 2 ** 20)} MiB used, ` +
        `${thousands(process.memoryUsage().heapUsed / 2 ** 20)} MiB after collecting its garbage)`,
    );

    const rebuild = await rebuildToCaughtUp(ops, projector, logEnd, catalogEnd, topics);
    const rebuiltDbName = versionDatabase(dbName, PROJECTION.version, rebuild.version);
    databases.push(rebuiltDbName);
    rows.push({ stage: `(b) rebuild ${rebuild.version}: from the 202 to lag 0 on every partition (${rebuild.outcome})`, records: rebuild.records, docs: planned.totals + planned.inserts, seconds: rebuild.seconds, cpu: rebuild.cpu });
    progress(rows[rows.length - 1]);
    checks.push([`the rebuild caught up (timeout ${TIMEOUT_S} s, stall ${STALL_S} s): ${rebuild.outcome}`, rebuild.outcome === 'caught up']);
    for (const app of [...apps].reverse()) await app.stop();
    notes.push(
      `(b) POST rebuild answered 202 after ${fixed(rebuild.askSeconds, 1)} s (it waits until the projector took the command); ` +
        `the first flush was applied ${fixed(rebuild.startupSeconds ?? NaN, 1)} s after the 202 (the fold holds up to ${PROJECTOR.PROJECTOR_HOLD_RECORDS} records per partition first); the documents column is what (a') planned; the status reported at most ${thousands(rebuild.reportedPeak)} records/s; ` +
        `${rebuild.pollMs.length} status polls took ${thousands(rebuild.pollMs.reduce((a, b) => a + b, 0) / Math.max(1, rebuild.pollMs.length))} ms on average, at most ${thousands(Math.max(...rebuild.pollMs))} ms (the last one ${thousands(rebuild.pollMs[rebuild.pollMs.length - 1] ?? NaN)} ms: the end is known to within it); ` +
        `${consumerTrouble(projector.logFile)} (${projector.logFile})`,
    );
    if (rebuild.outcome === 'caught up') {
      await checkReadModels(mongo.db(rebuiltDbName), w, expected, checks, notes);
    } else {
      safeToDrop = false;
    }
    if (checks.some(([, passed]) => !passed)) safeToDrop = false;

    if (!safeToDrop) {
      note("waiting 60 s for the server to finish the stopped projector's writes");
      await sleep(60000);
    }
    await ensureIndexes(directDb);
    const [direct, directCpu] = await measure(() => replay(plan, { writers, maxSeconds: DIRECT_MAX_S }, insertEvents(directDb)));
    rows.push({
      stage: `(c) insertMany of the ledger_events documents, up to ${INSERT_CHUNK} each, ${writers} writers${direct.capped ? `, CAPPED at ${DIRECT_MAX_S} s` : ''}`,
      docs: direct.docs,
      batches: direct.calls,
      seconds: direct.seconds,
      cpu: directCpu,
    });
    progress(rows[rows.length - 1]);

    const rebuildRate = rebuild.records / rebuild.seconds;
    const insertRate = direct.docs / direct.seconds;
    const rawRate = total / raw.seconds;
    const load = rebuild.load;
    out('## Results');
    out();
    out(
      `loadavg during the rebuild (1 min, sampled every poll): min ${fixed(Math.min(...load), 2)}, mean ${fixed(load.reduce((a, b) => a + b, 0) / Math.max(1, load.length), 2)}, ` +
        `max ${fixed(Math.max(...load), 2)}; at the end: ${loadAverage()}`,
    );
    out();
    out(
      table(
        ['stage', 'records', 'batches / calls', 'documents', 'seconds', 'of which startup s', 'records/s', 'docs/s'],
        rows.map((r) => [
          r.stage,
          r.records === undefined ? '-' : thousands(r.records),
          r.batches === undefined ? '-' : thousands(r.batches),
          r.docs === undefined ? '-' : thousands(r.docs),
          fixed(r.seconds, 1),
          r.startupSeconds === undefined ? '-' : fixed(r.startupSeconds, 1),
          r.records === undefined ? '-' : thousands(r.records / r.seconds),
          r.docs === undefined ? '-' : thousands(r.docs / r.seconds),
        ]),
      ),
    );
    out();
    const met = rebuildRate / insertRate >= 0.5;
    out(`rebuild ÷ bare insertMany: ${thousands(rebuildRate)} records/s ÷ ${thousands(insertRate)} docs/s = ${fixed((100 * rebuildRate) / insertRate, 0)} % (target ≥ 50 %: ${met ? 'met' : 'NOT met'})`);
    out(`rebuild ÷ bare consumer:   ${thousands(rebuildRate)} records/s ÷ ${thousands(rawRate)} records/s = ${fixed((100 * rebuildRate) / rawRate, 1)} %`);
    out(`projector CPU during the rebuild: ${fixed(rebuild.cpu.groups.get('projector') ?? NaN, 1)} s over ${fixed(rebuild.seconds, 1)} s (it also ran the idle live version)`);
    out();
    notes.push(
      `(a') ${thousands(planned.flushes)} flushes: ${thousands(planned.totals)} caregiver totals documents and ${thousands(planned.inserts)} ledger inserts ` +
        `(${thousands(planned.events)} ledger_events, the documents (c) inserts)`,
    );
    notes.push(`reimbursed events: ${thousands(w.status.reduce((n, st) => n + (st === REIMBURSED ? 1 : 0), 0))}; caregiver-months: ${thousands(expected.size)}`);
    printNotesCpuAndChecks(notes, rows, checks);
  } catch (error) {
    safeToDrop = false;
    throw error;
  } finally {
    for (const app of [...apps].reverse()) await app.stop().catch((error: Error) => note(`stopping ${app.name}: ${error.message}`));
    // The identity database holds nothing to look at: always dropped.
    for (const name of safeToDrop ? databases : [authDatabaseOf(stamp)]) await mongo.db(name).dropDatabase().catch((error: Error) => note(`dropping ${name}: ${error.message}`));
    if (!safeToDrop) note(`left databases ${databases.filter((d) => d !== authDatabaseOf(stamp)).join(', ')} in place (evidence, or the server may still be writing); drop them once the server is idle`);
    await withTimeout(mongo.close(), 10000);
    await deleteBenchGroups(admin, groups, liveGroup);
    if (safeToDrop || process.env.BENCH_KEEP_TOPICS !== '1') await deleteBenchTopics(admin, topics);
    await admin.disconnect();
  }
  failOnChecks(checks);
}

runBenchmark('rebuild', main);

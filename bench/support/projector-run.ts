import { READ_MODELS_PROJECTION } from '@reimbursements/domain/projections/read-models-projection';
import { PROJECTION_OFFSETS, ProjectionOffsetDocument } from '@reimbursements/mongo/collections';
import { Db } from 'mongodb';
import { readFileSync } from 'node:fs';
import { Admin } from 'kafkajs';
import { BenchTopics, benchTopicNames, createBenchTopics, deleteBenchTopics, TopicOffsets } from './bench-kafka';
import { ChildApp, metricValue, sleep } from './child-app';
import { CpuMeter, CpuSample } from './machine';
import { fixed, msSince, note, thousands } from './report';

/**
 * The projector (dist/apps/projector/src/main.js) started cold on a benchmark's topics and
 * database, watched through projection_offsets until every partition of both topics is applied up
 * to its end offset - 1, then stopped (stage (b) of bench:fold and bench:fold:mixed).
 */
export interface ProjectorRunOptions {
  topics: BenchTopics;
  db: Db;
  dbName: string;
  stamp: string;
  port: number;
  mongoUri: string;
  /** Extra projector settings (PROJECTOR_WRITE_CHUNK, ...). */
  env: Record<string, string>;
  logEnd: TopicOffsets;
  catalogEnd: TopicOffsets;
  timeoutSeconds: number;
  stallSeconds: number;
  meterFor: (child: ChildApp) => CpuMeter;
  /** Record counts whose crossing is timed (the fold's rate as the read models grow). */
  milestones?: number[];
  /** Per log partition, the offset applied before this run (a restart): `resumeSeconds` is until one moves past it. */
  appliedBefore?: Map<number, number>;
}

export interface ProjectorRunResult {
  outcome: 'caught up' | 'STALLED' | 'EXITED' | 'TIMEOUT' | 'WEDGED';
  caughtUp: boolean;
  /** Log records applied when the run ended (sum over partitions of appliedOffset + 1). */
  records: number;
  seconds: number;
  /** Until the first log offset was applied. */
  startupSeconds?: number;
  cpu: ReturnType<typeof CpuMeter.between>;
  /** The projector's /metrics text just before it was stopped ('' if it did not answer). */
  metrics: string;
  logFile: string;
  /** Per log partition, the applied offset when the run ended (-1: nothing). */
  applied: Map<number, number>;
  /** Seconds from the start until each milestone was reached. */
  milestoneSeconds: [number, number][];
  /** With appliedBefore: seconds until the projector applied a record past it. */
  resumeSeconds?: number;
}

/** The projector's consumer group on a benchmark's topics (a rebuilt version's: `<group>-v3`, ...). */
export function benchProjectorGroup(stamp: string): string {
  return `bench-projector-${stamp}`;
}

/** The projector's settings for a benchmark's topics and database, `env` on top. */
export function projectorEnv(options: Pick<ProjectorRunOptions, 'topics' | 'dbName' | 'stamp' | 'mongoUri' | 'env'>): Record<string, string> {
  return {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    LOG_TOPIC: options.topics.log,
    CATALOG_TOPIC: options.topics.catalog,
    MONGODB_URI: options.mongoUri,
    MONGODB_DATABASE: options.dbName,
    PROJECTOR_GROUP_ID: benchProjectorGroup(options.stamp),
    KAFKA_CLIENT_ID: benchProjectorGroup(options.stamp),
    // BENCH_PROJECTOR_LOG_LEVEL=info keeps the projector's own log lines (ChildApp's default: warn).
    ...(process.env.BENCH_PROJECTOR_LOG_LEVEL ? { LOG_LEVEL: process.env.BENCH_PROJECTOR_LOG_LEVEL } : {}),
    ...options.env,
  };
}

export async function runProjectorToCaughtUp(options: ProjectorRunOptions): Promise<ProjectorRunResult> {
  const { topics, db, logEnd, catalogEnd } = options;
  const start = process.hrtime.bigint();
  const projector = await ChildApp.start('projector', options.port, projectorEnv(options), `bench-${options.stamp}`);
  const meter = options.meterFor(projector);
  const cpuBefore: CpuSample = meter.sample();
  const total = logEnd.records;
  let outcome: ProjectorRunResult['outcome'] = 'TIMEOUT';
  let startupSeconds: number | undefined;
  let resumeSeconds: number | undefined;
  const milestoneSeconds: [number, number][] = [];
  const milestones = [...(options.milestones ?? [])].sort((a, b) => a - b);
  let applied = new Map<string, number>();
  try {
    const targets = new Map<string, number>();
    for (const [partition, end] of logEnd.end) targets.set(`${topics.log}#${partition}`, end - 1);
    for (const [partition, end] of catalogEnd.end) targets.set(`${topics.catalog}#${partition}`, end - 1);
    const offsets = db.collection<ProjectionOffsetDocument>(PROJECTION_OFFSETS);
    let lastReport = Date.now();
    let lastDone = -1;
    let lastChange = Date.now();
    while (msSince(start) < options.timeoutSeconds * 1000) {
      if (!projector.isAlive()) {
        outcome = 'EXITED';
        note(`the projector exited; see ${projector.logFile}`);
        break;
      }
      const docs = await withTimeout(
        offsets.find({ projection: READ_MODELS_PROJECTION }, { projection: { topic: 1, partition: 1, appliedOffset: 1 } }).toArray(),
        30000,
      );
      if (docs === undefined) {
        outcome = 'WEDGED';
        note('the MongoDB-wire server did not answer a read of projection_offsets within 30 s: it is wedged (see docs/mongodb-wire-server.md)');
        break;
      }
      applied = new Map(docs.map((d) => [`${d.topic}#${d.partition}`, d.appliedOffset]));
      if (startupSeconds === undefined && docs.some((d) => d.topic === topics.log && d.appliedOffset >= 0)) startupSeconds = msSince(start) / 1000;
      const before = options.appliedBefore;
      if (before && resumeSeconds === undefined && docs.some((d) => d.topic === topics.log && d.appliedOffset > (before.get(d.partition) ?? -1))) {
        resumeSeconds = msSince(start) / 1000;
      }
      const reached = appliedRecords(applied, topics, logEnd);
      while (milestones.length > 0 && reached >= milestones[0]) milestoneSeconds.push([milestones.shift() as number, msSince(start) / 1000]);
      if ([...targets].every(([key, target]) => applied.get(key) === target)) {
        outcome = 'caught up';
        break;
      }
      const done = appliedRecords(applied, topics, logEnd);
      if (done !== lastDone) {
        lastDone = done;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > options.stallSeconds * 1000) {
        outcome = 'STALLED';
        note(`the projector applied nothing for ${options.stallSeconds} s; ${crashLine(projector.logFile) ?? 'no crash in its log'}`);
        break;
      }
      if (Date.now() - lastReport > 15000) {
        lastReport = Date.now();
        note(`projector: ${thousands(done)} of ${thousands(total)} records applied after ${fixed(msSince(start) / 1000, 0)} s`);
      }
      await sleep(100);
    }
    const seconds = msSince(start) / 1000;
    const cpu = CpuMeter.between(cpuBefore, meter.sample());
    const metrics = await projector.metrics().catch(() => '');
    if (outcome === 'TIMEOUT') note(`the projector did not catch up within ${options.timeoutSeconds} s`);
    return {
      outcome,
      caughtUp: outcome === 'caught up',
      records: appliedRecords(applied, topics, logEnd),
      seconds,
      startupSeconds,
      cpu,
      metrics,
      logFile: projector.logFile,
      applied: new Map([...logEnd.end.keys()].map((p) => [p, applied.get(`${topics.log}#${p}`) ?? -1])),
      milestoneSeconds,
      resumeSeconds,
    };
  } finally {
    await projector.stop();
  }
}

/**
 * The CPU seconds a projector spends starting with nothing to fold (loading its code, Nest,
 * connecting to Kafka and MongoDB, joining its groups): the same build and settings on empty topics
 * and a database of their own, sampled once it is ready and its CPU has settled (less than 50 ms in
 * a second, for at most 20 s). The fixed cost that a CPU figure per record leaves out.
 */
export async function projectorStartupCpu(
  options: Pick<ProjectorRunOptions, 'stamp' | 'port' | 'mongoUri' | 'env' | 'meterFor'> & { admin: Admin; dropDatabase: (name: string) => Promise<unknown> },
): Promise<{ seconds: number; settled: boolean }> {
  const stamp = `${options.stamp}-idle`;
  const topics = benchTopicNames('bench-idle', stamp, 6);
  const dbName = `bench_idle_${options.stamp}`;
  await createBenchTopics(options.admin, topics);
  const projector = await ChildApp.start('projector', options.port, projectorEnv({ ...options, topics, dbName, stamp }), `bench-${stamp}`);
  // Sampled as (b) samples it, right after the start.
  const meter = options.meterFor(projector);
  const before = meter.sample();
  const spent = () => CpuMeter.between(before, meter.sample()).groups.get('projector') ?? NaN;
  try {
    await projector.waitReady();
    let seconds = spent();
    for (let waited = 0; waited < 20; waited++) {
      await sleep(1000);
      const now = spent();
      if (now - seconds < 0.05) return { seconds: now, settled: true };
      seconds = now;
    }
    return { seconds, settled: false };
  } finally {
    await projector.stop();
    await deleteBenchTopics(options.admin, topics).catch(() => undefined);
    await options.dropDatabase(dbName).catch(() => undefined);
  }
}

/** Per log batch of the projector: how many took longer than `le` seconds (from its histogram). */
export function batchesOver(metrics: string, topic: string, le: number): number {
  return metricValue(metrics, 'projector_batch_seconds_count', { topic }) - metricValue(metrics, 'projector_batch_seconds_bucket', { topic, le: String(le) });
}

/** The last line of the app's log that says its consumer crashed, if any. */
export function crashLine(logFile: string): string | undefined {
  try {
    const lines = readFileSync(logFile, 'utf8').split('\n').filter((line) => line.includes('Crash'));
    const last = lines[lines.length - 1];
    if (!last) return undefined;
    const parsed = JSON.parse(last) as { time?: number; msg?: string };
    return `its log says at ${new Date(parsed.time ?? 0).toISOString()}: ${parsed.msg ?? last}`;
  } catch {
    return undefined;
  }
}

/** The promise's value, or undefined when it takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function appliedRecords(applied: Map<string, number>, topics: BenchTopics, logEnd: TopicOffsets): number {
  return [...logEnd.end.keys()].reduce((sum, p) => sum + (applied.get(`${topics.log}#${p}`) ?? -1) + 1, 0);
}

/** How often the projector's consumer lost its group membership or crashed, from its log. */
export function consumerTrouble(logFile: string): string {
  try {
    const text = readFileSync(logFile, 'utf8');
    const count = (needle: string) => text.split('\n').filter((line) => line.includes(needle)).length;
    return `${count('re-joining the group')} re-joins, ${count('kafkajs: Crash')} consumer crashes, ${count('Error when calling eachBatch')} failed batches in its log`;
  } catch {
    return 'no log';
  }
}

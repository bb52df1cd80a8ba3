/**
 * Mixed-workload fold benchmark: the ledger fold (registrations, voids, reimbursements) from cold
 * start to caught up, beside the raw limits of the parts it is made of, in the same run.
 *
 *   npm run build && npm run bench:fold:mixed
 *
 * Settings (environment):
 *   BENCH_MIXED_EVENTS=200_000  BENCH_FOLD_CAREGIVERS=500  BENCH_MIXED_MONTHS=24
 *   BENCH_MIXED_VOID_PCT=10     events voided (EventVoided on the caregiver's partition, after all registrations)
 *   BENCH_MIXED_REIMBURSED_PCT=20  events reimbursed by eventIds (groups of 1 to BENCH_MIXED_GROUP_MAX=100
 *                            events of one caregiver, all pending), after the voids
 *   BENCH_MIXED_BY_MONTH=10     reimbursements by month (caregiver-months picked at random), last in the log
 *   BENCH_MIXED_SEED=20261124   seed of the choices above (event and record ids are random UUIDs)
 *   MONGODB_URI=mongodb://127.0.0.1:27017  FERRETDB_BACKEND=postgresql (a label only)
 *   BENCH_POSTGRES_PIDFILES     PostgreSQL's postmaster.pid, to charge its CPU (default: the local
 *                               server's, <STATE_DIR or .local>/mongo/postgres/postmaster.pid, if present)
 *   BENCH_WRITE_CHUNK           PROJECTOR_WRITE_CHUNK, and the chunk of (c'); default: the projector's default on FerretDB, else 1000
 *   BENCH_MAX_BYTES_PER_PARTITION  PROJECTOR_MAX_BYTES_PER_PARTITION, also for (a) and (a'); default: the projector's
 *   BENCH_MIXED_PHASES=raw,decode,projector,inserts,totals
 *   BENCH_MIXED_TIMEOUT_S=3600, BENCH_STALL_S=120 (projector), BENCH_DIRECT_MAX_S=0 (no cap on (c) and (c')),
 *   BENCH_PORT_BASE=3101 (the projector listens on base + 4), BENCH_PROJECTOR_LOG_LEVEL (e.g. info; default warn),
 *   BENCH_KEEP_TOPICS=1 keeps the topics when the run failed (the databases are kept then anyway)
 *
 * 1. preloads, into topics of its own, N EventRegistered records (schema version 2, `month` set),
 *    then the EventVoided records, then the ReimbursementRequested records, built and keyed by
 *    caregiverId as the command-api writes them; computes what the read models must hold;
 * 2. (a) reads the log with a bare kafkajs consumer; (a') also decodes it and folds it with the
 *    projector's own ExactlyOnceFold over in-memory read models, no I/O, recording each flush's writes;
 * 3. (b) starts the projector cold and waits until projection_offsets shows every record applied;
 * 4. (c) inserts (a')'s ledger_events documents straight into a scratch collection (insertMany, in
 *    the projector's chunks and order); (c') replays (a')'s caregiver-totals writes likewise.
 * Exits 1 when the read models differ from what the generator expects (or the projector failed).
 */
import { EVENT_REGISTERED_SCHEMA_VERSION } from '@reimbursements/domain/events/event-registered.record';
import { monthlyTotalsId } from '@reimbursements/domain/projections/monthly-totals';
import { ensureIndexes, LEDGER_EVENTS } from '@reimbursements/mongo/collections';
import { Admin } from 'kafkajs';
import { MongoClient } from 'mongodb';
import path from 'node:path';
import { validateEnvironment } from '@reimbursements/platform/config/validate-environment';
import { ProjectorSettings } from '../apps/projector/src/projector.settings';
import { benchKafka, benchTopicNames, createBenchTopics, deleteBenchGroups, deleteBenchTopics, topicOffsets } from './support/bench-kafka';
import { ChildApp, metricValue } from './support/child-app';
import { consumeAll } from './support/consume-all';
import { chargeLocalPostgres, codeVersion, CpuMeter, describeMachine, loadAverage, measureCpu, printableMachine, projectorCpuMeter } from './support/machine';
import {
  checkReadModels,
  ExpectedTotals,
  expectedTotals,
  generateMixedWorkload,
  mixedWorkloadSettings,
  preloadMixedWorkload,
  REIMBURSED,
  SEND_BATCH,
  SEND_BATCH_REIMBURSEMENTS,
  totalsDiff,
} from './support/mixed-workload';
import { batchesOver, benchProjectorGroup, consumerTrouble, projectorStartupCpu, runProjectorToCaughtUp, withTimeout } from './support/projector-run';
import { envInt, fixed, msSince, note, out, table, thousands } from './support/report';
import { foldInMemory, insertEvents, INSERT_CHUNK, planSize, replay, upsertTotals, WritePlan } from './support/write-plan';
import { failOnChecks, printNotesCpuAndChecks, runBenchmark } from './support/bench-main';

const EVENTS = envInt('BENCH_MIXED_EVENTS', 200_000);
const PROJECTOR_PORT = envInt('BENCH_PORT_BASE', 3101) + 4;
const TIMEOUT_S = envInt('BENCH_MIXED_TIMEOUT_S', 3600);
const STALL_S = envInt('BENCH_STALL_S', 120);
const DIRECT_MAX_S = envInt('BENCH_DIRECT_MAX_S', 0);
/** The projector's settings as the projector child reads them from this environment, which it inherits: a PROJECTOR_* given to the bench applies to (a') too. */
const PROJECTOR_SETTINGS = validateEnvironment(ProjectorSettings, process.env);
const MAX_BYTES_PER_PARTITION = envInt('BENCH_MAX_BYTES_PER_PARTITION', PROJECTOR_SETTINGS.PROJECTOR_MAX_BYTES_PER_PARTITION);
const PARTITIONS_CONCURRENTLY = PROJECTOR_SETTINGS.PROJECTOR_PARTITIONS_CONCURRENTLY;
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const PHASES = new Set((process.env.BENCH_MIXED_PHASES ?? 'raw,decode,projector,inserts,totals').split(','));
const TIME_ZONE = PROJECTOR_SETTINGS.BUSINESS_TIME_ZONE;

type CpuDelta = ReturnType<typeof CpuMeter.between>;

interface Row {
  stage: string;
  records?: number;
  /** Monthly-totals documents updated (one per document per batch). */
  totals?: number;
  /** Insert-only ledger documents (events, settlements, refusals, reimbursement outcomes). */
  inserts?: number;
  batches?: number;
  seconds: number;
  startupSeconds?: number;
  cpu?: CpuDelta;
  /** The rows issue 9's targets compare; (c) at the projector's writer count. */
  target?: 'raw' | 'decode' | 'projector' | 'inserts';
}

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '..', '..');
  chargeLocalPostgres(repoRoot);
  const stamp = `${Date.now()}`;
  const topics = benchTopicNames('bench-mixed', stamp);
  const dbName = `bench_mixed_${stamp}`;
  const directDbName = `bench_mixed_${stamp}_direct`;
  const machine = await describeMachine(MONGODB_URI);
  const ferret = machine.mongoWire.startsWith('FerretDB');
  const writeChunk = envInt('BENCH_WRITE_CHUNK', ferret ? PROJECTOR_SETTINGS.PROJECTOR_WRITE_CHUNK : 1000);

  const generatedAt = process.hrtime.bigint();
  const w = generateMixedWorkload(mixedWorkloadSettings(EVENTS, TIME_ZONE));
  const { caregivers: CAREGIVERS, months: MONTHS, voidPct: VOID_PCT, reimbursedPct: REIMBURSED_PCT, groupMax: GROUP_MAX, seed: SEED } = w.settings;
  const expected = expectedTotals(w);
  const byMonth = w.reimbursements.length - w.byIdCount;
  const reimbursedEvents = w.status.reduce((n, s) => n + (s === REIMBURSED ? 1 : 0), 0);
  const byIdEvents = w.reimbursements.slice(0, w.byIdCount).reduce((n, r) => n + r.events.length, 0);
  const total = EVENTS + w.voids.length + w.reimbursements.length;
  note(`generated the workload in ${fixed(msSince(generatedAt) / 1000, 1)} s`);

  out('# Mixed-workload fold benchmark (registrations, voids, reimbursements)');
  out();
  for (const line of printableMachine(machine)) out(line);
  out(`code:      ${codeVersion(repoRoot)}`);
  out(`loadavg:   ${loadAverage()} at the start (the machine is shared with whatever else runs)`);
  out(`topics:    ${topics.log} (${topics.logPartitions} partitions), ${topics.catalog}; database ${dbName}`);
  out(
    `load:      ${thousands(total)} log records: ${thousands(EVENTS)} EventRegistered (v${EVENT_REGISTERED_SCHEMA_VERSION}, month set; ` +
      `${CAREGIVERS} caregivers x ${MONTHS} months, in time order), then ${thousands(w.voids.length)} EventVoided (${VOID_PCT} %), ` +
      `then ${thousands(w.byIdCount)} ReimbursementRequested by eventIds (${thousands(byIdEvents)} events, ${REIMBURSED_PCT} %, 1 to ${GROUP_MAX} per request) ` +
      `and ${byMonth} by month (${thousands(reimbursedEvents - byIdEvents)} events); seed ${SEED}`,
  );
  out(
    `projector: PROJECTOR_WRITE_CHUNK=${writeChunk}, PROJECTOR_PARTITIONS_CONCURRENTLY=${PARTITIONS_CONCURRENTLY}, ` +
      `PROJECTOR_MAX_BYTES_PER_PARTITION=${MAX_BYTES_PER_PARTITION}, PROJECTOR_FETCH_MAX_WAIT_MS=${PROJECTOR_SETTINGS.PROJECTOR_FETCH_MAX_WAIT_MS}`,
  );
  out();

  const kafka = benchKafka(topics, `bench-mixed-${stamp}`);
  const admin: Admin = kafka.admin();
  await admin.connect();
  const mongo = await new MongoClient(MONGODB_URI, { serverSelectionTimeoutMS: 5000, maxPoolSize: 20 }).connect();
  const db = mongo.db(dbName);
  const directDb = mongo.db(directDbName);
  const groups = [`bench-mixed-raw-${stamp}`, `bench-mixed-decode-${stamp}`, benchProjectorGroup(stamp)];
  const rows: Row[] = [];
  const checks: [string, boolean][] = [];
  const notes: string[] = [];
  let safeToDrop = true;
  let projectorStartup: number | undefined;
  const meterFor = (child?: ChildApp) => projectorCpuMeter(MONGODB_URI, child);
  const measure = <T>(run: () => Promise<T>) => measureCpu(MONGODB_URI, run);
  const progress = (row: Row) => note(`${row.stage}: ${fixed(row.seconds, 1)} s`);
  const projectorEnvironment = {
    PROJECTOR_WRITE_CHUNK: String(writeChunk),
    PROJECTOR_PARTITIONS_CONCURRENTLY: String(PARTITIONS_CONCURRENTLY),
    PROJECTOR_MAX_BYTES_PER_PARTITION: String(MAX_BYTES_PER_PARTITION),
  };
  try {
    await createBenchTopics(admin, topics);
    note(`created ${topics.log} and ${topics.catalog}; preloading ${thousands(total)} records`);
    const [loaded, loadCpu] = await measure(() => preloadMixedWorkload(kafka, topics, w));
    rows.push({ stage: `preload: kafkajs sendBatch(), ${SEND_BATCH} records each (reimbursements ${SEND_BATCH_REIMBURSEMENTS})`, records: loaded.records, seconds: loaded.seconds, cpu: loadCpu });
    progress(rows[rows.length - 1]);
    const logEnd = await topicOffsets(admin, topics.log);
    const catalogEnd = await topicOffsets(admin, topics.catalog);
    checks.push([`log topic holds ${thousands(logEnd.records)} records; preloaded ${thousands(total)}`, logEnd.records === total]);
    notes.push(
      `record value ${fixed(loaded.valueBytes, 0)} bytes on average; ${thousands(expected.size)} caregiver-months; ` +
        `per partition ${[...logEnd.end.values()].map((n) => thousands(n)).join(', ')} records`,
    );

    if (PHASES.has('raw')) {
      const [raw, cpu] = await measure(() => consumeAll(kafka, topics.log, groups[0], { total, maxBytesPerPartition: MAX_BYTES_PER_PARTITION, partitionsConcurrently: PARTITIONS_CONCURRENTLY }, () => undefined));
      rows.push({ stage: '(a) kafkajs consumer, eachBatch, no processing', records: total, batches: raw.batches, seconds: raw.seconds, startupSeconds: raw.startupSeconds, cpu, target: 'raw' });
      progress(rows[rows.length - 1]);
    }

    let plan: WritePlan = new Map();
    let planned: { totals: number; inserts: number; events: number } | undefined;
    if (PHASES.has('decode') || PHASES.has('inserts') || PHASES.has('totals')) {
      const [folded, cpu] = await measure(() =>
        foldInMemory(kafka, topics, groups[1], { total, maxBytesPerPartition: MAX_BYTES_PER_PARTITION, partitionsConcurrently: PARTITIONS_CONCURRENTLY }, PROJECTOR_SETTINGS),
      );
      const { store, decided, run: decoded } = folded;
      plan = store.writePlan();
      const size = planSize(plan);
      planned = size;
      rows.push({
        stage: "(a') + decode + the projector's fold in memory (exactly-once-fold.ts over InMemoryReadModels), no I/O",
        target: 'decode',
        records: total,
        totals: planned.totals,
        inserts: planned.inserts,
        batches: decoded.batches,
        seconds: decoded.seconds,
        startupSeconds: decoded.startupSeconds,
        cpu,
      });
      progress(rows[rows.length - 1]);
      const kinds = [...decided].sort(([a], [b]) => a.localeCompare(b));
      const want = new Map<string, number>([
        ['registered', EVENTS],
        ['voided', w.voids.length],
        ['reimbursed', w.reimbursements.length],
      ]);
      checks.push([
        `(a') decisions ${kinds.map(([k, n]) => `${k} ${thousands(n)}`).join(', ')}; expected registered ${thousands(EVENTS)}, voided ${thousands(w.voids.length)}, reimbursed ${thousands(w.reimbursements.length)}`,
        kinds.length === want.size && kinds.every(([k, n]) => want.get(k) === n),
      ]);
      const inMemory = new Map<string, ExpectedTotals>();
      for (const [caregiver, doc] of store.totals) for (const [month, sums] of Object.entries(doc.months)) inMemory.set(monthlyTotalsId(caregiver, month), sums);
      const wrongInMemory = [...expected].filter(([id, e]) => {
        const t = inMemory.get(id);
        return !t || totalsDiff(t, e) !== '';
      });
      checks.push([`(a') in-memory monthly totals that differ from the generator's: ${wrongInMemory.length} of ${thousands(expected.size)}`, wrongInMemory.length === 0 && inMemory.size === expected.size]);
      notes.push(
        `(a') ${thousands(size.flushes)} flushes of ${thousands(decoded.batches)} log batches: ${fixed(planned.totals / Math.max(1, size.flushes), 0)} caregiver totals documents and ${fixed(planned.inserts / Math.max(1, size.flushes), 0)} ledger inserts per flush on average`,
      );
    }

    if (PHASES.has('projector')) {
      const projected = await runProjectorToCaughtUp({
        topics,
        db,
        dbName,
        stamp,
        port: PROJECTOR_PORT,
        mongoUri: MONGODB_URI,
        env: projectorEnvironment,
        logEnd,
        catalogEnd,
        timeoutSeconds: TIMEOUT_S,
        stallSeconds: STALL_S,
        meterFor: (child) => meterFor(child),
      });
      const m = projected.metrics;
      const totalsWritten = metricValue(m, 'projector_documents_written_total');
      const batches = metricValue(m, 'projector_batch_seconds_count', { topic: topics.log });
      rows.push({
        stage: `(b) projector, cold start to ${projected.outcome}`,
        target: 'projector',
        records: projected.records,
        totals: totalsWritten,
        inserts: projected.caughtUp ? planned?.inserts : undefined,
        batches,
        seconds: projected.seconds,
        startupSeconds: projected.startupSeconds,
        cpu: projected.cpu,
      });
      progress(rows[rows.length - 1]);
      checks.push([`the projector caught up (timeout ${TIMEOUT_S} s, stall ${STALL_S} s): ${projected.outcome}`, projected.caughtUp]);
      const decisionKinds = ['registered', 'retry', 'conflict', 'voided', 'void-refused', 'void-ignored', 'reimbursed', 'reimbursement-rejected', 'reimbursement-repeated']
        .map((kind) => [kind, metricValue(m, 'projector_decisions_total', { kind })] as const)
        .filter(([, n]) => n > 0);
      notes.push(
        `(b) projector: ${thousands(metricValue(m, 'projector_documents_written_total', { outcome: 'written' }))} monthly-totals documents written on the first try, ` +
          `${thousands(metricValue(m, 'projector_documents_written_total', { outcome: 'recovered' }))} recovered; ` +
          `${fixed(metricValue(m, 'projector_batch_seconds_sum', { topic: topics.log }), 1)} s summed inside ${thousands(batches)} log batches ` +
          `(up to ${PARTITIONS_CONCURRENTLY} partitions at once), ${batchesOver(m, topics.log, 5)} over 5 s and ${batchesOver(m, topics.log, 10)} over 10 s; ` +
          `${fixed(metricValue(m, 'process_cpu_seconds_total'), 1)} CPU s in the projector process; ` +
          `first log offset applied after ${fixed(projected.startupSeconds ?? NaN, 1)} s; ` +
          `decisions ${decisionKinds.map(([k, n]) => `${k} ${thousands(n)}`).join(', ')}; records skipped ${metricValue(m, 'projector_records_skipped_total')}; ` +
          `${consumerTrouble(projected.logFile)} (${projected.logFile})`,
      );
      if (!projected.caughtUp) {
        notes.push(`(b) applied offsets per partition at the end: ${[...projected.applied].map(([p, o]) => `${p}: ${o} of ${(logEnd.end.get(p) ?? 0) - 1}`).join(', ')}`);
        safeToDrop = false;
      } else {
        const right = await checkReadModels(db, w, expected, checks, notes);
        if (!right || checks.some(([, passed]) => !passed)) safeToDrop = false;
      }
    }

    if ((PHASES.has('inserts') || PHASES.has('totals')) && planned) {
      if (!safeToDrop) {
        note("waiting 60 s for the server to finish the stopped projector's writes");
        await new Promise((resolve) => setTimeout(resolve, 60000));
      }
      await ensureIndexes(directDb);
      // The projector's writer count is the baseline; half as many is measured too, because on a
      // 2-core machine more writers can make the bare inserts slower, not faster.
      for (const writers of PHASES.has('inserts') ? [...new Set([PARTITIONS_CONCURRENTLY, Math.max(1, Math.floor(PARTITIONS_CONCURRENTLY / 2))])] : []) {
        const [direct, cpu] = await measure(() => replay(plan, { writers, maxSeconds: DIRECT_MAX_S }, insertEvents(directDb)));
        rows.push({
          stage: `(c) insertMany of the ledger_events documents, up to ${INSERT_CHUNK} each, ${writers} writers${direct.capped ? `, CAPPED at ${DIRECT_MAX_S} s` : ''}`,
          inserts: direct.docs,
          batches: direct.calls,
          seconds: direct.seconds,
          cpu,
          ...(writers === PARTITIONS_CONCURRENTLY && !direct.capped ? { target: 'inserts' as const } : {}),
        });
        progress(rows[rows.length - 1]);
        await directDb.collection(LEDGER_EVENTS).drop();
        await ensureIndexes(directDb);
      }
      if (PHASES.has('totals')) {
        const [direct, cpu] = await measure(() => replay(plan, { writers: PARTITIONS_CONCURRENTLY, maxSeconds: DIRECT_MAX_S }, upsertTotals(directDb, writeChunk)));
        rows.push({
          stage: `(c') the caregiver-totals writes, ${writeChunk} each: new ones inserted, others read and replaced on lastOffset${direct.capped ? `, CAPPED at ${DIRECT_MAX_S} s` : ''}`,
          totals: direct.docs,
          batches: direct.calls,
          seconds: direct.seconds,
          cpu,
        });
        progress(rows[rows.length - 1]);
      }
    }

    // Last, so that nothing of the idle projector (its topics and database being deleted) runs beside a measured stage.
    if (PHASES.has('projector')) {
      const startup = await projectorStartupCpu({
        stamp,
        port: PROJECTOR_PORT,
        mongoUri: MONGODB_URI,
        env: projectorEnvironment,
        meterFor: (child) => meterFor(child),
        admin,
        dropDatabase: (name) => mongo.db(name).dropDatabase(),
      });
      projectorStartup = startup.seconds;
      notes.push(
        `(b) the projector started on empty topics of its own (after every stage) spent ${fixed(startup.seconds, 2)} CPU s until ready and ` +
          `${startup.settled ? 'settled (under 50 ms in a second)' : 'NOT settled after 20 s'}: its start-up, left out of its CPU per record`,
      );
    }

    out('## Results');
    out();
    out(`loadavg at the end: ${loadAverage()}`);
    out();
    out(
      table(
        ['stage', 'records', 'calls / batches', 'totals docs', 'ledger inserts', 'seconds', 'of which startup s', 'records/s', 'docs/s'],
        rows.map((r) => {
          const docs = (r.totals ?? 0) + (r.inserts ?? 0);
          return [
            r.stage,
            r.records === undefined ? '-' : thousands(r.records),
            r.batches === undefined ? '-' : thousands(r.batches),
            r.totals === undefined ? '-' : thousands(r.totals),
            r.inserts === undefined ? '-' : thousands(r.inserts),
            fixed(r.seconds, 1),
            r.startupSeconds === undefined ? '-' : fixed(r.startupSeconds, 1),
            r.records === undefined ? '-' : thousands(r.records / r.seconds),
            r.totals === undefined && r.inserts === undefined ? '-' : thousands(docs / r.seconds),
          ];
        }),
      ),
    );
    out();
    printNotesCpuAndChecks(notes, rows, checks);
    out();
    out("## Against issue 9's targets (same run)");
    out();
    for (const line of againstTargets(rows, projectorStartup)) out(`- ${line}`);
  } catch (error) {
    safeToDrop = false;
    throw error;
  } finally {
    if (safeToDrop) {
      await db.dropDatabase().catch((error: Error) => note(`dropping ${dbName}: ${error.message}`));
      await directDb.dropDatabase().catch((error: Error) => note(`dropping ${directDbName}: ${error.message}`));
    } else {
      note(`left databases ${dbName} and ${directDbName} in place (evidence, or the server may still be writing); drop them once the server is idle`);
    }
    await withTimeout(mongo.close(), 10000);
    await deleteBenchGroups(admin, groups, benchProjectorGroup(stamp));
    if (safeToDrop || process.env.BENCH_KEEP_TOPICS !== '1') await deleteBenchTopics(admin, topics);
    await admin.disconnect();
  }
  failOnChecks(checks);
}

/**
 * Issue 9's ratios, from the rows measured; a ratio whose rows were not measured (phases left out)
 * is said so. The CPU target is per record: the projector's start-up (`startup`, measured apart) is
 * left out of it, and its CPU with the start-up is shown beside.
 */
function againstTargets(rows: Row[], startup: number | undefined): string[] {
  const row = (target: Row['target']) => rows.find((r) => r.target === target);
  const [raw, decode, projector, inserts] = [row('raw'), row('decode'), row('projector'), row('inserts')];
  const rate = (r: Row) => (r.records ?? 0) / r.seconds;
  const judged = (met: boolean) => (met ? 'met' : 'NOT met');
  const lines: string[] = [];
  if (raw && decode) {
    const share = rate(decode) / rate(raw);
    lines.push(`(a') ÷ (a), the in-memory fold beside the bare consumer: ${percent(share)} (target ≥ 50 %: ${judged(share >= 0.5)})`);
  } else lines.push("(a') ÷ (a): not measured (BENCH_MIXED_PHASES needs raw and decode)");
  if (projector && inserts) {
    const share = rate(projector) / ((inserts.inserts ?? 0) / inserts.seconds);
    lines.push(`(b) ÷ (c), the projector's records/s beside the bare insertMany's docs/s with ${PARTITIONS_CONCURRENTLY} writers: ${percent(share)} (target ≥ 50 %: ${judged(share >= 0.5)})`);
  } else lines.push('(b) ÷ (c): not measured (BENCH_MIXED_PHASES needs projector and inserts, uncapped)');
  const projectorCpu = projector?.cpu?.groups.get('projector');
  const foldCpu = decode?.cpu?.groups.get('bench (this process)');
  if (projectorCpu !== undefined && foldCpu !== undefined && foldCpu > 0) {
    const times = (projectorCpu - (startup ?? 0)) / foldCpu;
    lines.push(
      `the projector's CPU per record ÷ the in-memory fold's: (${fixed(projectorCpu, 1)} − ${fixed(startup ?? 0, 2)} s of start-up) ÷ ${fixed(foldCpu, 1)} s = ${fixed(times, 2)} ` +
        `(target ≤ 1.5: ${judged(times <= 1.5)}; with the start-up ${fixed(projectorCpu / foldCpu, 2)})`,
    );
  } else lines.push("the projector's CPU ÷ the in-memory fold's: not measured (BENCH_MIXED_PHASES needs decode and projector)");
  return lines;
}

function percent(share: number): string {
  return `${fixed(100 * share, 0)} %`;
}

runBenchmark('mixed fold', main);

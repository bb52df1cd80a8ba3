/**
 * Fold benchmark: how fast the log is folded into the monthly totals, against the raw limits of
 * the parts it is made of.
 *
 *   npm run build && npm run bench:fold
 *
 * Settings (environment):
 *   BENCH_FOLD_EVENTS=1_000_000  BENCH_FOLD_CAREGIVERS=500  BENCH_FOLD_MONTHS=60
 *   MONGODB_URI=mongodb://127.0.0.1:27017  FERRETDB_BACKEND=postgresql (a label only: the backend is not visible on the wire)
 *   BENCH_WRITE_CHUNK        documents per bulk write, for the projector (PROJECTOR_WRITE_CHUNK) and
 *                            for (c); default: the projector's default on FerretDB, else 1000
 *   BENCH_MAX_BYTES_PER_PARTITION  PROJECTOR_MAX_BYTES_PER_PARTITION, also for (a) and (a');
 *                            default: the projector's default
 *   BENCH_FOLD_PHASES=raw,decode,projector,direct
 *   BENCH_FOLD_TIMEOUT_S=3600, BENCH_STALL_S=120 (projector), BENCH_DIRECT_MAX_S=0 (no cap), BENCH_PORT_BASE=3101
 *
 * 1. preloads N EventRegistered records (as the command-api writes them) into its own log topic;
 * 2. (a) reads them with a bare kafkajs consumer; (a') also decodes and groups them in memory,
 *    recording which documents each batch would write;
 * 3. (b) starts the projector cold and waits until projection_offsets says it has caught up;
 * 4. (c) replays (a')'s document writes straight to the MongoDB-wire server.
 * Exits 1 when the monthly totals do not count exactly N events (or the projector timed out).
 */
import { EVENT_REGISTERED } from '@reimbursements/domain/events/event-registered.record';
import { effectsOf } from '@reimbursements/domain/ledger/batch-effects';
import { decideBatch } from '@reimbursements/domain/ledger/decide-batch';
import { InMemoryLedger, upcastLogRecords } from '@reimbursements/domain/ledger/in-memory-ledger';
import { changeAfter } from '@reimbursements/domain/projections/monthly-totals.fold';
import { monthlyTotalsId } from '@reimbursements/domain/projections/monthly-totals';
import { StoredLogRecord } from '@reimbursements/domain/records/log-record';
import { PositionedRecord } from '@reimbursements/domain/records/record-envelope';
import { partitionForKey } from '@reimbursements/kafka/partition-for-key';
import { decodeRecord } from '@reimbursements/kafka/record-codec';
import { CAREGIVER_TOTALS, CaregiverTotalsDocument } from '@reimbursements/mongo/collections';
import { monthsOf } from '@reimbursements/mongo/caregiver-totals-years';
import { MongoReadModelWrites } from '@reimbursements/mongo/mongo-read-model-writes';
import { Admin, CompressionTypes, EachBatchPayload, Kafka, Message } from 'kafkajs';
import { Db, MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { validateEnvironment } from '@reimbursements/platform/config/validate-environment';
import { ProjectorSettings } from '../apps/projector/src/projector.settings';
import { BenchTopics, benchKafka, benchTopicNames, createBenchTopics, deleteBenchGroups, deleteBenchTopics, topicOffsets, TopicOffsets } from './support/bench-kafka';
import { ChildApp, metricValue, sleep } from './support/child-app';
import { consumeAll } from './support/consume-all';
import { batchesOver, benchProjectorGroup, runProjectorToCaughtUp, withTimeout } from './support/projector-run';
import { CpuMeter, describeMachine, measureCpu, printableMachine, projectorCpuMeter } from './support/machine';
import { BENCH_CURRENCY, BENCH_EVENT_TYPES, caregiverId, eventRegisteredMessage, eventTypeDefinedMessage, valueBytes } from './support/records';
import { envInt, fixed, msSince, note, out, table, thousands } from './support/report';
import { failOnChecks, printNotesCpuAndChecks, runBenchmark } from './support/bench-main';

const EVENTS = envInt('BENCH_FOLD_EVENTS', 1_000_000);
const CAREGIVERS = envInt('BENCH_FOLD_CAREGIVERS', 500);
const MONTHS = envInt('BENCH_FOLD_MONTHS', 60);
const SEND_BATCH = envInt('BENCH_SEND_BATCH', 5000);
const PROJECTOR_PORT = envInt('BENCH_PORT_BASE', 3101) + 2;
const TIMEOUT_S = envInt('BENCH_FOLD_TIMEOUT_S', 3600);
const DIRECT_MAX_S = envInt('BENCH_DIRECT_MAX_S', 0);
const STALL_S = envInt('BENCH_STALL_S', 120);
/** Events appended after the projector caught up, for the restart stage (d). */
const RESTART_EVENTS = envInt('BENCH_FOLD_RESTART_EVENTS', 6000);
/** The projector's settings as the projector child reads them from this environment, which it inherits, so (a), (a') and (c) match it. */
const PROJECTOR_SETTINGS = validateEnvironment(ProjectorSettings, process.env);
const MAX_BYTES_PER_PARTITION = envInt('BENCH_MAX_BYTES_PER_PARTITION', PROJECTOR_SETTINGS.PROJECTOR_MAX_BYTES_PER_PARTITION);
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const PHASES = new Set((process.env.BENCH_FOLD_PHASES ?? 'raw,decode,projector,direct').split(','));
const TIME_ZONE = 'Europe/Stockholm';
const PARTITIONS_CONCURRENTLY = PROJECTOR_SETTINGS.PROJECTOR_PARTITIONS_CONCURRENTLY;
const FIRST_YEAR = 2021;

type CpuDelta = ReturnType<typeof CpuMeter.between>;

interface Row {
  stage: string;
  records?: number;
  docs?: number;
  bulkWrites?: number;
  batches?: number;
  seconds: number;
  startupSeconds?: number;
  cpu?: CpuDelta;
}

/** The month of the i-th event: the log is in time order, as live ingestion writes it (integer arithmetic only). */
function monthOf(i: number): { year: number; month: number; day: number } {
  const m = Math.floor((i * MONTHS) / EVENTS);
  const within = i * MONTHS - m * EVENTS; // 0 <= within < EVENTS
  const day = 1 + Math.floor((within * 28) / EVENTS);
  return { year: FIRST_YEAR + Math.floor(m / 12), month: (m % 12) + 1, day };
}

function eventMessage(topic: string, partitions: number, i: number): { message: Message; id: string; amountCents: number } {
  const { year, month, day } = monthOf(i);
  const pad = (n: number) => String(n).padStart(2, '0');
  const caregiver = caregiverId(i % CAREGIVERS);
  const type = BENCH_EVENT_TYPES[Math.floor(i / CAREGIVERS) % BENCH_EVENT_TYPES.length];
  const message = eventRegisteredMessage(topic, partitions, {
    eventId: randomUUID(),
    caregiverId: caregiver,
    eventType: type.code,
    occurredAt: `${year}-${pad(month)}-${pad(day)}T12:00:00+01:00`,
    month: `${year}-${pad(month)}`,
    amountCents: type.amountCents,
    currency: BENCH_CURRENCY,
  });
  return { message, id: monthlyTotalsId(caregiver, `${year}-${pad(month)}`), amountCents: type.amountCents };
}

interface Preloaded {
  /** Per monthly-totals document, the number of events the log holds for it. */
  expected: Map<string, number>;
  documents: number;
  totalCents: number;
  valueBytes: number;
  seconds: number;
}

async function preload(kafka: Kafka, topics: BenchTopics, from = 0, to = EVENTS, expectedSoFar = new Map<string, number>()): Promise<Preloaded> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const expected = expectedSoFar;
  let totalCents = 0;
  let bytes = 0;
  const start = process.hrtime.bigint();
  try {
    if (from === 0) {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [{ topic: topics.catalog, messages: BENCH_EVENT_TYPES.map((t) => eventTypeDefinedMessage(topics.catalog, t)) }],
      });
    }
    let inFlight: Promise<unknown> = Promise.resolve();
    let lastReport = Date.now();
    for (let first = from; first < to; first += SEND_BATCH) {
      const messages: Message[] = [];
      for (let i = first; i < Math.min(to, first + SEND_BATCH); i++) {
        const { message, id, amountCents } = eventMessage(topics.log, topics.logPartitions, i);
        expected.set(id, (expected.get(id) ?? 0) + 1);
        totalCents += amountCents;
        bytes += valueBytes(message);
        messages.push(message);
      }
      // Build the next batch while the previous one is in flight (one request at a time).
      await inFlight;
      inFlight = producer.sendBatch({ acks: -1, compression: CompressionTypes.None, topicMessages: [{ topic: topics.log, messages }] });
      if (Date.now() - lastReport > 10000) {
        lastReport = Date.now();
        note(`preload: ${thousands(first)} of ${thousands(EVENTS)}`);
      }
    }
    await inFlight;
  } finally {
    await producer.disconnect();
  }
  return { expected, documents: expected.size, totalCents, valueBytes: bytes / (to - from), seconds: msSince(start) / 1000 };
}


/** Per partition, in log order, the document ids each batch changes: the projector's writes. */
type WritePlan = Map<number, string[][]>;

/** What the projector computes per batch, without writing: decode, decide, derive the effects. */
function decodeAndGroup(plan: WritePlan) {
  const ledger = new InMemoryLedger(TIME_ZONE, BENCH_CURRENCY);
  return ({ batch }: EachBatchPayload): void => {
    const stored: PositionedRecord<StoredLogRecord>[] = [];
    for (const message of batch.messages) {
      const record = decodeRecord(message.value, message.headers);
      if (record?.type === EVENT_REGISTERED) {
        stored.push({ topic: batch.topic, partition: batch.partition, offset: Number(message.offset), record });
      }
    }
    const records = upcastLogRecords(stored, TIME_ZONE);
    const effects = effectsOf(records, decideBatch(ledger, records), BENCH_CURRENCY);
    ledger.apply(effects);
    const ids = effects.totals
      .filter((group) => changeAfter(group, -1) !== undefined)
      .map((group) => group.caregiverId);
    const batches = plan.get(batch.partition) ?? [];
    batches.push(ids);
    plan.set(batch.partition, batches);
  };
}

interface ProjectorRun extends Row {
  caughtUp: boolean;
  /** Log batches that took longer than 5 s, and than 10 s (the consumer's session timeout). */
  slowBatches: [number, number];
  documentsWritten: number;
  documentsRecovered: number;
  batchSecondsSum: number;
  projectorCpuSeconds: number;
  milestoneSeconds: [number, number][];
  resumeSeconds?: number;
  applied: Map<number, number>;
  heapUsedBytes: number;
  /** Memory outside the heap the process's objects hold: array buffers (the decision state's columns) among it. */
  externalBytes: number;
  residentBytes: number;
  ledgerEvents: number;
}

/** The fold's rate between milestones, and a linear extrapolation to 10 million from the last one. */
function rateNotes(milestones: [number, number][]): string[] {
  const lines: string[] = [];
  let previous: [number, number] = [0, 0];
  for (const [records, seconds] of milestones) {
    lines.push(`(b) ${thousands(records)} records applied after ${fixed(seconds, 1)} s: ${thousands((records - previous[0]) / (seconds - previous[1]))} records/s since ${thousands(previous[0])}`);
    previous = [records, seconds];
  }
  if (milestones.length >= 2) {
    const [[r1, s1], [r2, s2]] = milestones.slice(-2);
    const rate = (r2 - r1) / (s2 - s1);
    lines.push(`(b) extrapolated from the rate of the last segment (${thousands(rate)} records/s): 10,000,000 records in ${fixed((s2 + (10_000_000 - r2) / rate) / 60, 0)} min`);
  }
  return lines;
}

/** (b): the projector cold start to caught up (support/projector-run.ts), as this benchmark reports it. */
async function runProjector(
  topics: BenchTopics,
  db: Db,
  dbName: string,
  stamp: string,
  writeChunk: number,
  logEnd: TopicOffsets,
  catalogEnd: TopicOffsets,
  meterFor: (child: ChildApp) => CpuMeter,
  extra: { milestones?: number[]; appliedBefore?: Map<number, number>; stage?: string } = {},
): Promise<ProjectorRun> {
  const run = await runProjectorToCaughtUp({
    milestones: extra.milestones,
    appliedBefore: extra.appliedBefore,
    topics,
    db,
    dbName,
    stamp,
    port: PROJECTOR_PORT,
    mongoUri: MONGODB_URI,
    env: {
      PROJECTOR_WRITE_CHUNK: String(writeChunk),
      PROJECTOR_PARTITIONS_CONCURRENTLY: String(PARTITIONS_CONCURRENTLY),
      PROJECTOR_MAX_BYTES_PER_PARTITION: String(MAX_BYTES_PER_PARTITION),
    },
    logEnd,
    catalogEnd,
    timeoutSeconds: TIMEOUT_S,
    stallSeconds: STALL_S,
    meterFor,
  });
  const { metrics } = run;
  return {
    stage: `${extra.stage ?? '(b) projector, cold start'} to ${run.outcome}`,
    milestoneSeconds: run.milestoneSeconds,
    resumeSeconds: run.resumeSeconds,
    applied: run.applied,
    heapUsedBytes: metricValue(metrics, 'nodejs_heap_size_used_bytes'),
    externalBytes: metricValue(metrics, 'nodejs_external_memory_bytes'),
    residentBytes: metricValue(metrics, 'process_resident_memory_bytes'),
    ledgerEvents: metricValue(metrics, 'projector_ledger_events'),
    caughtUp: run.caughtUp,
    records: run.records,
    docs: metricValue(metrics, 'projector_documents_written_total'),
    documentsWritten: metricValue(metrics, 'projector_documents_written_total', { outcome: 'written' }),
    documentsRecovered: metricValue(metrics, 'projector_documents_written_total', { outcome: 'recovered' }),
    batches: metricValue(metrics, 'projector_batch_seconds_count', { topic: topics.log }),
    batchSecondsSum: metricValue(metrics, 'projector_batch_seconds_sum', { topic: topics.log }),
    slowBatches: [batchesOver(metrics, topics.log, 5), batchesOver(metrics, topics.log, 10)],
    projectorCpuSeconds: metricValue(metrics, 'process_cpu_seconds_total'),
    seconds: run.seconds,
    startupSeconds: run.startupSeconds,
    cpu: run.cpu,
  };
}

async function monthlyTotalsSums(
  db: Db,
  expected: Map<string, number>,
): Promise<{ documents: number; eventCount: number; totalCents: number; wrong: string[] }> {
  const cursor = db.collection<CaregiverTotalsDocument>(CAREGIVER_TOTALS).find({}).batchSize(1000);
  const sums = { documents: 0, eventCount: 0, totalCents: 0, wrong: [] as string[] };
  for await (const doc of cursor) {
    for (const [month, totals] of Object.entries(monthsOf(doc))) {
      const id = monthlyTotalsId(doc.caregiverId, month);
      sums.documents += 1;
      sums.eventCount += totals.eventCount;
      sums.totalCents += totals.totalCents;
      const want = expected.get(id) ?? 0;
      if (totals.eventCount !== want) sums.wrong.push(`${id}: eventCount ${totals.eventCount}, expected ${want}, lastOffset ${doc.lastOffset}`);
    }
  }
  return sums;
}

/**
 * (c) The server's own rate for the projector's writes: the same caregivers in the same order,
 * written by the projector's MongoReadModelWrites into a scratch database (a document inserted the
 * first time, read and replaced after), `chunk` documents at a time, one writer per partition and
 * PARTITIONS_CONCURRENTLY at once, as the projector does.
 */
async function directWrites(scratch: Db, plan: WritePlan, chunk: number): Promise<{ seconds: number; docs: number; bulkWrites: number; capped: boolean }> {
  const writes = new MongoReadModelWrites(scratch, chunk);
  const written = new Set<string>();
  const partitions = [...plan.keys()].sort((a, b) => a - b);
  let docs = 0;
  let bulkWrites = 0;
  let capped = false;
  const start = process.hrtime.bigint();
  const overTime = () => DIRECT_MAX_S > 0 && msSince(start) > DIRECT_MAX_S * 1000;
  await Promise.all(
    Array.from({ length: PARTITIONS_CONCURRENTLY }, async (_, worker) => {
      const mine = partitions.filter((_p, index) => index % PARTITIONS_CONCURRENTLY === worker).map((p) => plan.get(p) ?? []);
      // Interleave this worker's partitions batch by batch, as the consumer hands them out.
      const rounds = Math.max(0, ...mine.map((batches) => batches.length));
      let offset = 0;
      for (let round = 0; round < rounds; round++) {
        for (const batches of mine) {
          const ids = batches[round];
          if (!ids) continue;
          offset += 1;
          for (let first = 0; first < ids.length; first += chunk) {
            if (overTime()) {
              capped = true;
              return;
            }
            const chunkIds = ids.slice(first, first + chunk);
            const absent = new Set(chunkIds.filter((id) => !written.has(id)));
            for (const id of chunkIds) written.add(id);
            await writes.addTotals(chunkIds.map((id) => ({ caregiverId: id, contributions: [{ offset, month: directMonth(offset), delta: DIRECT_DELTA }] })), { absent, mayBeApplied: false }, async () => undefined);
            docs += chunkIds.length;
            bulkWrites += 1;
          }
        }
      }
    }),
  );
  return { seconds: msSince(start) / 1000, docs, bulkWrites, capped };
}

/** One month's sums added to a caregiver's document by (c). */
const DIRECT_DELTA = {
  eventCount: 30,
  totalCents: 2_000_000,
  pendingCents: 2_000_000,
  reimbursedCents: 0,
  byType: Object.fromEntries(BENCH_EVENT_TYPES.map((type) => [type.code, { count: 8, totalCents: 8 * type.amountCents }])),
};

function directMonth(offset: number): string {
  return `2026-${String((offset % 12) + 1).padStart(2, '0')}`;
}

async function main(): Promise<void> {
  const stamp = `${Date.now()}`;
  const topics = benchTopicNames('bench-fold', stamp);
  const dbName = `bench_fold_${stamp}`;
  const machine = await describeMachine(MONGODB_URI);
  const ferret = machine.mongoWire.startsWith('FerretDB');
  // The projector's own default on FerretDB (larger bulk writes wedge it), 1000 on MongoDB.
  const writeChunk = envInt('BENCH_WRITE_CHUNK', ferret ? PROJECTOR_SETTINGS.PROJECTOR_WRITE_CHUNK : 1000);
  out('# Fold benchmark');
  out();
  for (const line of printableMachine(machine)) out(line);
  out(`topics:    ${topics.log} (${topics.logPartitions} partitions), ${topics.catalog}; database ${dbName}`);
  out(`load:      ${thousands(EVENTS)} EventRegistered records, ${CAREGIVERS} caregivers x ${MONTHS} months, in time order`);
  out(
    `projector: PROJECTOR_WRITE_CHUNK=${writeChunk}, PROJECTOR_PARTITIONS_CONCURRENTLY=${PARTITIONS_CONCURRENTLY}, ` +
      `PROJECTOR_MAX_BYTES_PER_PARTITION=${MAX_BYTES_PER_PARTITION}`,
  );
  out();
  if (EVENTS < CAREGIVERS * MONTHS) note('BENCH_FOLD_EVENTS below caregivers x months: not every caregiver-month gets an event');

  const kafka = benchKafka(topics, `bench-fold-${stamp}`);
  const admin: Admin = kafka.admin();
  await admin.connect();
  const mongo = await new MongoClient(MONGODB_URI, { serverSelectionTimeoutMS: 5000, maxPoolSize: 20 }).connect();
  const db = mongo.db(dbName);
  const groups = [`bench-raw-${stamp}`, `bench-decode-${stamp}`, benchProjectorGroup(stamp)];
  const rows: Row[] = [];
  const checks: [string, boolean][] = [];
  const notes: string[] = [];
  /** Dropping a FerretDB database while a write to it still runs crashed FerretDB (SIGBUS): only when quiet. */
  let safeToDrop = true;
  const meterFor = (child?: ChildApp) => projectorCpuMeter(MONGODB_URI, child);
  const measure = <T>(run: () => Promise<T>) => measureCpu(MONGODB_URI, run);
  const progress = (row: Row) => note(`${row.stage}: ${fixed(row.seconds, 1)} s`);
  try {
    await createBenchTopics(admin, topics);
    note(`created ${topics.log} and ${topics.catalog}; preloading ${thousands(EVENTS)} records`);

    const [loaded, loadCpu] = await measure(() => preload(kafka, topics));
    rows.push({
      stage: `preload: kafkajs sendBatch(), ${SEND_BATCH} records each`,
      records: EVENTS,
      batches: Math.ceil(EVENTS / SEND_BATCH),
      seconds: loaded.seconds,
      cpu: loadCpu,
    });
    progress(rows[rows.length - 1]);
    const logEnd = await topicOffsets(admin, topics.log);
    const catalogEnd = await topicOffsets(admin, topics.catalog);
    checks.push([`log topic holds ${logEnd.records} records; preloaded ${EVENTS}`, logEnd.records === EVENTS]);
    notes.push(`record value ${fixed(loaded.valueBytes, 0)} bytes on average; ${thousands(loaded.documents)} caregiver-months`);

    if (PHASES.has('raw')) {
      const [raw, cpu] = await measure(() => consumeAll(kafka, topics.log, groups[0], { total: EVENTS, maxBytesPerPartition: MAX_BYTES_PER_PARTITION, partitionsConcurrently: PARTITIONS_CONCURRENTLY }, () => undefined));
      rows.push({ stage: '(a) kafkajs consumer, eachBatch, no processing', records: EVENTS, batches: raw.batches, seconds: raw.seconds, startupSeconds: raw.startupSeconds, cpu });
      progress(rows[rows.length - 1]);
    }
    const plan: WritePlan = new Map();
    if (PHASES.has('decode') || PHASES.has('direct')) {
      const [decoded, cpu] = await measure(() => consumeAll(kafka, topics.log, groups[1], { total: EVENTS, maxBytesPerPartition: MAX_BYTES_PER_PARTITION, partitionsConcurrently: PARTITIONS_CONCURRENTLY }, decodeAndGroup(plan)));
      const docs = [...plan.values()].reduce((sum, batches) => sum + batches.reduce((s, ids) => s + ids.length, 0), 0);
      rows.push({
        stage: "(a') + decodeRecord + the ledger fold in memory, no writes",
        records: EVENTS,
        docs,
        batches: decoded.batches,
        seconds: decoded.seconds,
        startupSeconds: decoded.startupSeconds,
        cpu,
      });
      progress(rows[rows.length - 1]);
    }

    if (PHASES.has('projector')) {
      const milestones = [EVENTS / 4, EVENTS / 2, EVENTS].map(Math.floor);
      const projected = await runProjector(topics, db, dbName, stamp, writeChunk, logEnd, catalogEnd, (child) => meterFor(child), { milestones });
      rows.push(projected);
      progress(projected);
      checks.push([`the projector caught up (timeout ${TIMEOUT_S} s, stall ${STALL_S} s)`, projected.caughtUp]);
      if (projected.caughtUp) {
        await sleep(2000);
        const sums = await monthlyTotalsSums(db, loaded.expected);
        checks.push([`sum of eventCount over caregiver_totals' months is ${sums.eventCount}; events ${EVENTS}`, sums.eventCount === EVENTS]);
        checks.push([`sum of totalCents is ${sums.totalCents}; expected ${loaded.totalCents}`, sums.totalCents === loaded.totalCents]);
        checks.push([`caregiver_totals holds ${sums.documents} months; caregiver-months ${loaded.documents}`, sums.documents === loaded.documents]);
        checks.push([`months whose eventCount differs from the log: ${sums.wrong.length}`, sums.wrong.length === 0]);
        for (const line of sums.wrong.slice(0, 20)) notes.push(`wrong: ${line} (partition ${partitionForKey(topics.log, line.split('#')[0], topics.logPartitions)})`);
        // Keep the evidence: a wrong read model is worth looking at.
        if (sums.wrong.length > 0) safeToDrop = false;
      } else {
        safeToDrop = false;
      }
      notes.push(
        `projector: ${thousands(projected.documentsWritten)} documents written on the first try, ${thousands(projected.documentsRecovered)} recovered; ` +
          `${fixed(projected.batchSecondsSum, 1)} s summed inside log batches (up to ${PARTITIONS_CONCURRENTLY} partitions at once), ` +
          `${projected.slowBatches[0]} batches over 5 s and ${projected.slowBatches[1]} over 10 s (the consumer's session timeout); ` +
          `${fixed(projected.projectorCpuSeconds, 1)} CPU s in the projector process; first log offset applied after ${fixed(projected.startupSeconds ?? NaN, 1)} s`,
      );
      notes.push(...rateNotes(projected.milestoneSeconds));
      // Every record of this log registers an event, and the fold holds each for its decisions (the
      // gauge counts only what was loaded at start: none on a cold start).
      notes.push(memoryNote('when caught up', projected, EVENTS));

      if (projected.caughtUp && RESTART_EVENTS > 0) {
        // (d) A restart at this size: what the decisions read is loaded again before folding the new records.
        const more = await preload(kafka, topics, EVENTS, EVENTS + RESTART_EVENTS, loaded.expected);
        const moreEnd = await topicOffsets(admin, topics.log);
        const restarted = await runProjector(topics, db, dbName, stamp, writeChunk, moreEnd, catalogEnd, (child) => meterFor(child), {
          appliedBefore: projected.applied,
          stage: `(d) projector restart at ${thousands(EVENTS)} events, ${thousands(RESTART_EVENTS)} more`,
        });
        rows.push({ ...restarted, records: RESTART_EVENTS });
        progress(rows[rows.length - 1]);
        notes.push(memoryNote('after the restart loaded the decision state and folded the new records', restarted, restarted.ledgerEvents + RESTART_EVENTS));
        checks.push([`(d) the restarted projector folded again after ${fixed(restarted.resumeSeconds ?? NaN, 1)} s (target 60 s) and caught up`, restarted.caughtUp && (restarted.resumeSeconds ?? Infinity) <= 60]);
        if (restarted.caughtUp) {
          const sums = await monthlyTotalsSums(db, more.expected);
          checks.push([`(d) sum of eventCount is ${sums.eventCount}; events ${EVENTS + RESTART_EVENTS}`, sums.eventCount === EVENTS + RESTART_EVENTS]);
          checks.push([`(d) months whose eventCount differs from the log: ${sums.wrong.length}`, sums.wrong.length === 0]);
        }
      }
    }

    if (PHASES.has('direct')) {
      if (!safeToDrop) {
        // The server may still be finishing the projector's last bulk writes (other collections).
        note('waiting 60 s for the server to finish the stopped projector\'s writes');
        await sleep(60000);
      }
      {
        const scratch = mongo.db(`${dbName}_scratch`);
        const [direct, cpu] = await measure(() => directWrites(scratch, plan, writeChunk));
        rows.push({
          stage: `(c) the projector's totals writes, ${writeChunk} documents at a time: inserted, or read and replaced on lastOffset${direct.capped ? `, CAPPED at ${DIRECT_MAX_S} s` : ''}`,
          docs: direct.docs,
          bulkWrites: direct.bulkWrites,
          seconds: direct.seconds,
          cpu,
        });
        progress(rows[rows.length - 1]);
        if (direct.capped) {
          const reached = await scratch.collection(CAREGIVER_TOTALS).countDocuments();
          notes.push(
            `(c): stopped after ${DIRECT_MAX_S} s (BENCH_DIRECT_MAX_S) with ${thousands(direct.docs)} of the planned writes done; ` +
              `the collection had grown to ${thousands(reached)} documents of ${thousands(loaded.documents)}`,
          );
        }
      }
    }

    out('## Results');
    out();
    out(
      table(
        ['stage', 'records', 'documents', 'batches', 'docs/batch', 'bulk writes', 'seconds', 'of which startup s', 'records/s', 'docs/s'],
        rows.map((r) => [
          r.stage,
          r.records === undefined ? '-' : thousands(r.records),
          r.docs === undefined ? '-' : thousands(r.docs),
          r.batches === undefined ? '-' : thousands(r.batches),
          r.docs === undefined || !r.batches ? '-' : fixed(r.docs / r.batches, 0),
          r.bulkWrites === undefined ? '-' : thousands(r.bulkWrites),
          fixed(r.seconds, 1),
          r.startupSeconds === undefined ? '-' : fixed(r.startupSeconds, 1),
          r.records === undefined ? '-' : thousands(r.records / r.seconds),
          r.docs === undefined ? '-' : thousands(r.docs / r.seconds),
        ]),
      ),
    );
    out();
    printNotesCpuAndChecks(notes, rows, checks);
  } catch (error) {
    safeToDrop = false;
    throw error;
  } finally {
    if (safeToDrop) {
      await db.dropDatabase().catch((error: Error) => note(`dropping ${dbName}: ${error.message}`));
      await mongo.db(`${dbName}_scratch`).dropDatabase().catch((error: Error) => note(`dropping ${dbName}_scratch: ${error.message}`));
    } else note(`left database ${dbName} in place: the server may still be running writes to it; drop it once the server is idle`);
    await withTimeout(mongo.close(), 10000);
    await deleteBenchGroups(admin, groups, benchProjectorGroup(stamp));
    await deleteBenchTopics(admin, topics);
    await admin.disconnect();
  }
  failOnChecks(checks);
}

runBenchmark('fold', main);

/** The projector's memory beside the events it holds for its decisions: an upper bound per million, the whole heap counted. */
function memoryNote(when: string, run: { heapUsedBytes: number; externalBytes: number; residentBytes: number }, eventsHeld: number): string {
  const heapMiB = run.heapUsedBytes / 2 ** 20;
  const externalMiB = run.externalBytes / 2 ** 20;
  const perMillion = eventsHeld > 0 ? `${fixed(((heapMiB + externalMiB) / eventsHeld) * 1e6, 0)} MiB` : 'not known';
  return (
    `memory ${when}: ${thousands(eventsHeld)} events held for decisions, heap ${fixed(heapMiB, 0)} MiB and external ${fixed(externalMiB, 0)} MiB ` +
    `(array buffers among it), resident ${fixed(run.residentBytes / 2 ** 20, 0)} MiB: at most ${perMillion} of heap and external memory per million events (all of both counted)`
  );
}

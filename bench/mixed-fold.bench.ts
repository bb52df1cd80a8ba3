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
 *                               server's, .local/mongo/postgres/postmaster.pid, if present)
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
 * 2. (a) reads the log with a bare kafkajs consumer; (a') also decodes it and folds it with
 *    InMemoryLedger (upcast, lookups, decideBatch, effectsOf, apply), recording each batch's writes;
 * 3. (b) starts the projector cold and waits until projection_offsets shows every record applied;
 * 4. (c) inserts (a')'s ledger_events documents straight into a scratch collection (insertMany, in
 *    the projector's chunks and order); (c') replays (a')'s monthly-totals upserts likewise.
 * Exits 1 when the read models differ from what the generator expects (or the projector failed).
 */
import { EVENT_REGISTERED_SCHEMA_VERSION } from '@reimbursements/domain/events/event-registered.record';
import { ExactlyOnceFold } from '@reimbursements/domain/fold/exactly-once-fold';
import { InMemoryReadModels } from '@reimbursements/domain/fold/in-memory-read-models';
import { InMemoryRecordSkips } from '@reimbursements/domain/fold/in-memory-record-skips';
import { LedgerDecisionKind } from '@reimbursements/domain/ledger/ledger-decision';
import { LedgerInserts, TotalsWriteHints, TotalsWriteOutcome } from '@reimbursements/domain/ports/read-model-writes.port';
import { CaregiverTotalsChange, CaregiverTotalsContributions, changeAfter } from '@reimbursements/domain/projections/monthly-totals.fold';
import { monthlyTotalsId } from '@reimbursements/domain/projections/monthly-totals';
import { KnownRecord } from '@reimbursements/domain/records/log-record';
import { PositionedRecord } from '@reimbursements/domain/records/record-envelope';
import { businessMonthOf } from '@reimbursements/domain/time/business-month';
import { parseRfc3339Instant } from '@reimbursements/domain/time/rfc3339-instant';
import { partitionForKey } from '@reimbursements/kafka/partition-for-key';
import { decodeRecord } from '@reimbursements/kafka/record-codec';
import {
  ensureIndexes,
  EVENT_SETTLEMENTS,
  LEDGER_EVENTS,
  LedgerEventDocument,
  CAREGIVER_TOTALS,
  CaregiverTotalsDocument,
  REIMBURSEMENTS,
  ReimbursementDocument,
  SettlementDocument,
  VOID_REFUSALS,
} from '@reimbursements/mongo/collections';
import { Admin, CompressionTypes, EachBatchPayload, Kafka, Message } from 'kafkajs';
import { AnyBulkWriteOperation, Db, Document, MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProjectorSettings } from '../apps/projector/src/projector.settings';
import { BenchTopics, benchKafka, benchTopicNames, createBenchTopics, deleteBenchTopics, topicOffsets } from './support/bench-kafka';
import { ChildApp, metricValue } from './support/child-app';
import { consumeAll } from './support/consume-all';
import { CpuMeter, describeMachine, measureCpu, printableMachine, projectorCpuMeter } from './support/machine';
import { SeededRandom } from './support/prng';
import { batchesOver, runProjectorToCaughtUp, withTimeout } from './support/projector-run';
import {
  BENCH_CURRENCY,
  BENCH_EVENT_TYPES,
  caregiverId,
  eventRegisteredMessage,
  eventTypeDefinedMessage,
  eventVoidedMessage,
  reimbursementRequestedMessage,
  valueBytes,
} from './support/records';
import { envInt, fixed, msSince, note, out, table, thousands } from './support/report';

const EVENTS = envInt('BENCH_MIXED_EVENTS', 200_000);
const CAREGIVERS = envInt('BENCH_FOLD_CAREGIVERS', 500);
const MONTHS = envInt('BENCH_MIXED_MONTHS', 24);
const VOID_PCT = envInt('BENCH_MIXED_VOID_PCT', 10);
const REIMBURSED_PCT = envInt('BENCH_MIXED_REIMBURSED_PCT', 20);
const GROUP_MAX = envInt('BENCH_MIXED_GROUP_MAX', 100);
const BY_MONTH = envInt('BENCH_MIXED_BY_MONTH', 10);
const SEED = envInt('BENCH_MIXED_SEED', 20261124);
const SEND_BATCH = envInt('BENCH_SEND_BATCH', 5000);
/** Reimbursement records are up to ~4 KiB (100 event ids): fewer per produce request. */
const SEND_BATCH_REIMBURSEMENTS = 250;
const PROJECTOR_PORT = envInt('BENCH_PORT_BASE', 3101) + 4;
const TIMEOUT_S = envInt('BENCH_MIXED_TIMEOUT_S', 3600);
const STALL_S = envInt('BENCH_STALL_S', 120);
const DIRECT_MAX_S = envInt('BENCH_DIRECT_MAX_S', 0);
const PROJECTOR_DEFAULTS = new ProjectorSettings();
const MAX_BYTES_PER_PARTITION = envInt('BENCH_MAX_BYTES_PER_PARTITION', PROJECTOR_DEFAULTS.PROJECTOR_MAX_BYTES_PER_PARTITION);
const PARTITIONS_CONCURRENTLY = PROJECTOR_DEFAULTS.PROJECTOR_PARTITIONS_CONCURRENTLY;
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const PHASES = new Set((process.env.BENCH_MIXED_PHASES ?? 'raw,decode,projector,inserts,totals').split(','));
const TIME_ZONE = PROJECTOR_DEFAULTS.BUSINESS_TIME_ZONE;
const FIRST_YEAR = 2024;
/** mongo-ledger.ts inserts ledger documents in insertMany calls of this many. */
const INSERT_CHUNK = 1000;
const VOID_REASON = 'registered twice';

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
}

// ---------------------------------------------------------------------------------------------
// The workload, and what the read models must hold after it (plain arithmetic, not the domain).

const PENDING = 0;
const VOIDED = 1;
const REIMBURSED = 2;

interface Reimbursement {
  reimbursementId: string;
  caregiver: number;
  /** Indexes of the events it pays out (for a by-month request: those pending when it is decided). */
  events: number[];
  month?: string;
}

interface Workload {
  eventIds: string[];
  caregiverOf: Int32Array;
  typeOf: Int32Array;
  monthOf: string[];
  occurredAt: string[];
  /** Each event's final status. */
  status: Uint8Array;
  /** Indexes of the voided events, in log order. */
  voids: number[];
  /** By eventIds first, then by month: in log order. */
  reimbursements: Reimbursement[];
  byIdCount: number;
}

/** The i-th event's day: the registrations are in time order, as live ingestion writes them (integer arithmetic). */
function dayOf(i: number): { year: number; month: number; day: number } {
  const m = Math.floor((i * MONTHS) / EVENTS);
  const within = i * MONTHS - m * EVENTS;
  const day = 1 + Math.floor((within * 28) / EVENTS);
  return { year: FIRST_YEAR + Math.floor(m / 12), month: (m % 12) + 1, day };
}

function generate(): Workload {
  const random = new SeededRandom(SEED);
  const pad = (n: number) => String(n).padStart(2, '0');
  const w: Workload = {
    eventIds: new Array<string>(EVENTS),
    caregiverOf: new Int32Array(EVENTS),
    typeOf: new Int32Array(EVENTS),
    monthOf: new Array<string>(EVENTS),
    occurredAt: new Array<string>(EVENTS),
    status: new Uint8Array(EVENTS),
    voids: [],
    reimbursements: [],
    byIdCount: 0,
  };
  for (let i = 0; i < EVENTS; i++) {
    const { year, month, day } = dayOf(i);
    w.eventIds[i] = randomUUID();
    w.caregiverOf[i] = i % CAREGIVERS;
    w.typeOf[i] = Math.floor(i / CAREGIVERS) % BENCH_EVENT_TYPES.length;
    w.occurredAt[i] = `${year}-${pad(month)}-${pad(day)}T12:00:00+01:00`;
    // As registerEvent does: the month of occurredAt in the business time zone.
    w.monthOf[i] = businessMonthOf(parseRfc3339Instant(w.occurredAt[i]) as Date, TIME_ZONE);
  }
  const order = random.shuffle(Array.from({ length: EVENTS }, (_, i) => i));
  const voidCount = Math.round((EVENTS * VOID_PCT) / 100);
  const reimbursedCount = Math.round((EVENTS * REIMBURSED_PCT) / 100);
  w.voids = order.slice(0, voidCount);
  for (const i of w.voids) w.status[i] = VOIDED;
  // Reimbursed by eventIds: per caregiver, its chosen events in groups of 1 to GROUP_MAX.
  const chosen = new Map<number, number[]>();
  for (const i of order.slice(voidCount, voidCount + reimbursedCount)) {
    w.status[i] = REIMBURSED;
    const list = chosen.get(w.caregiverOf[i]) ?? [];
    list.push(i);
    chosen.set(w.caregiverOf[i], list);
  }
  const byIds: Reimbursement[] = [];
  for (const [caregiver, list] of chosen) {
    for (let first = 0; first < list.length; ) {
      const size = random.int(1, GROUP_MAX);
      byIds.push({ reimbursementId: randomUUID(), caregiver, events: list.slice(first, first + size) });
      first += size;
    }
  }
  w.reimbursements = random.shuffle(byIds);
  w.byIdCount = byIds.length;
  // By month, last: everything still pending in a caregiver-month picked at random.
  const pendingByCaregiverMonth = new Map<string, number[]>();
  for (let i = 0; i < EVENTS; i++) {
    if (w.status[i] !== PENDING) continue;
    const key = monthlyTotalsId(caregiverId(w.caregiverOf[i]), w.monthOf[i]);
    const list = pendingByCaregiverMonth.get(key) ?? [];
    list.push(i);
    pendingByCaregiverMonth.set(key, list);
  }
  const candidates = random.shuffle([...pendingByCaregiverMonth.keys()].sort()).slice(0, BY_MONTH);
  for (const key of candidates) {
    const events = pendingByCaregiverMonth.get(key) as number[];
    for (const i of events) w.status[i] = REIMBURSED;
    w.reimbursements.push({ reimbursementId: randomUUID(), caregiver: w.caregiverOf[events[0]], events, month: w.monthOf[events[0]] });
  }
  return w;
}

interface ExpectedTotals {
  eventCount: number;
  totalCents: number;
  pendingCents: number;
  reimbursedCents: number;
  byType: Record<string, { count: number; totalCents: number }>;
}

function expectedTotals(w: Workload): Map<string, ExpectedTotals> {
  const totals = new Map<string, ExpectedTotals>();
  for (let i = 0; i < EVENTS; i++) {
    const id = monthlyTotalsId(caregiverId(w.caregiverOf[i]), w.monthOf[i]);
    let t = totals.get(id);
    if (!t) {
      t = { eventCount: 0, totalCents: 0, pendingCents: 0, reimbursedCents: 0, byType: {} };
      totals.set(id, t);
    }
    if (w.status[i] === VOIDED) continue;
    const type = BENCH_EVENT_TYPES[w.typeOf[i]];
    t.eventCount += 1;
    t.totalCents += type.amountCents;
    if (w.status[i] === PENDING) t.pendingCents += type.amountCents;
    else t.reimbursedCents += type.amountCents;
    const byType = (t.byType[type.code] ??= { count: 0, totalCents: 0 });
    byType.count += 1;
    byType.totalCents += type.amountCents;
  }
  return totals;
}

function sumOf(totals: Iterable<ExpectedTotals>): Omit<ExpectedTotals, 'byType'> {
  const sum = { eventCount: 0, totalCents: 0, pendingCents: 0, reimbursedCents: 0 };
  for (const t of totals) {
    sum.eventCount += t.eventCount;
    sum.totalCents += t.totalCents;
    sum.pendingCents += t.pendingCents;
    sum.reimbursedCents += t.reimbursedCents;
  }
  return sum;
}

/** '' when equal, else what differs. */
function totalsDiff(got: Omit<ExpectedTotals, 'byType'> & { byType?: ExpectedTotals['byType'] }, want: ExpectedTotals): string {
  const diffs: string[] = [];
  for (const field of ['eventCount', 'totalCents', 'pendingCents', 'reimbursedCents'] as const) {
    if ((got[field] ?? 0) !== want[field]) diffs.push(`${field} ${got[field]} (expected ${want[field]})`);
  }
  for (const type of BENCH_EVENT_TYPES) {
    const g = got.byType?.[type.code] ?? { count: 0, totalCents: 0 };
    const e = want.byType[type.code] ?? { count: 0, totalCents: 0 };
    if (g.count !== e.count || g.totalCents !== e.totalCents) diffs.push(`byType.${type.code} ${g.count}/${g.totalCents} (expected ${e.count}/${e.totalCents})`);
  }
  return diffs.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Preload

interface Preloaded {
  records: number;
  registrations: number;
  voids: number;
  reimbursements: number;
  valueBytes: number;
  seconds: number;
}

async function preload(kafka: Kafka, topics: BenchTopics, w: Workload): Promise<Preloaded> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  let bytes = 0;
  let records = 0;
  const total = EVENTS + w.voids.length + w.reimbursements.length;
  const start = process.hrtime.bigint();
  try {
    await producer.sendBatch({
      acks: -1,
      topicMessages: [{ topic: topics.catalog, messages: BENCH_EVENT_TYPES.map((t) => eventTypeDefinedMessage(topics.catalog, t)) }],
    });
    let inFlight: Promise<unknown> = Promise.resolve();
    let lastReport = Date.now();
    /** Sends `count` messages made by `make`, `per` to a request, building one while the previous is in flight. */
    const sendAll = async (count: number, per: number, make: (k: number) => Message): Promise<void> => {
      for (let first = 0; first < count; first += per) {
        const messages: Message[] = [];
        for (let k = first; k < Math.min(count, first + per); k++) {
          const message = make(k);
          bytes += valueBytes(message);
          messages.push(message);
        }
        await inFlight;
        inFlight = producer.sendBatch({ acks: -1, compression: CompressionTypes.None, topicMessages: [{ topic: topics.log, messages }] });
        records += messages.length;
        if (Date.now() - lastReport > 10000) {
          lastReport = Date.now();
          note(`preload: ${thousands(records)} of ${thousands(total)}`);
        }
      }
      await inFlight;
    };
    await sendAll(EVENTS, SEND_BATCH, (i) => {
      const type = BENCH_EVENT_TYPES[w.typeOf[i]];
      return eventRegisteredMessage(topics.log, topics.logPartitions, {
        eventId: w.eventIds[i],
        caregiverId: caregiverId(w.caregiverOf[i]),
        eventType: type.code,
        occurredAt: w.occurredAt[i],
        month: w.monthOf[i],
        amountCents: type.amountCents,
        currency: BENCH_CURRENCY,
      });
    });
    await sendAll(w.voids.length, SEND_BATCH, (k) => {
      const i = w.voids[k];
      return eventVoidedMessage(topics.log, topics.logPartitions, { eventId: w.eventIds[i], caregiverId: caregiverId(w.caregiverOf[i]), reason: VOID_REASON });
    });
    await sendAll(w.reimbursements.length, SEND_BATCH_REIMBURSEMENTS, (k) => {
      const r = w.reimbursements[k];
      return reimbursementRequestedMessage(topics.log, topics.logPartitions, {
        reimbursementId: r.reimbursementId,
        caregiverId: caregiverId(r.caregiver),
        ...(r.month !== undefined ? { month: r.month } : { eventIds: r.events.map((i) => w.eventIds[i]) }),
        reference: `bench-payout-${k}`,
      });
    });
  } finally {
    await producer.disconnect();
  }
  return {
    records,
    registrations: EVENTS,
    voids: w.voids.length,
    reimbursements: w.reimbursements.length,
    valueBytes: bytes / records,
    seconds: msSince(start) / 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// (a) and (a')


/** One flush's writes, as the projector issues them. */
interface PlannedBatch {
  events: LedgerEventDocument[];
  totals: CaregiverTotalsChange[];
  inserts: number;
}

/** Per partition, in log order. */
type WritePlan = Map<number, PlannedBatch[]>;

/** The in-memory read models, keeping each flush's writes per partition for (c) and (c'). */
class PlanningReadModels extends InMemoryReadModels {
  constructor(
    private readonly plan: WritePlan,
    private readonly partitionOf: (caregiverId: string) => number,
  ) {
    super();
  }

  override async insertLedger(inserts: LedgerInserts, heartbeat: () => Promise<void>): Promise<void> {
    const first = inserts.events[0] ?? inserts.settlements[0] ?? inserts.voidRefusals[0] ?? inserts.reimbursements[0];
    if (first) {
      const batches = this.plan.get(first.partition) ?? [];
      batches.push({
        events: inserts.events.map((e) => ({ ...e, _id: e.eventId })),
        totals: [],
        inserts: inserts.events.length + inserts.settlements.length + inserts.voidRefusals.length + inserts.reimbursements.length,
      });
      this.plan.set(first.partition, batches);
    }
    return super.insertLedger(inserts, heartbeat);
  }

  override async addTotals(groups: CaregiverTotalsContributions[], hints: TotalsWriteHints, heartbeat: () => Promise<void>): Promise<TotalsWriteOutcome> {
    for (const group of groups) {
      const batches = this.plan.get(this.partitionOf(group.caregiverId)) ?? [];
      const change = changeAfter(group, -1);
      if (change) batches[batches.length - 1]?.totals.push(change);
    }
    return super.addTotals(groups, hints, heartbeat);
  }
}

/**
 * What the projector computes, without reading or writing the server: decode, then the projector's
 * own exactly-once fold (libs/domain/src/fold) over in-memory read models, holding and flushing as
 * the projector does.
 */
function decodeAndFold(fold: ExactlyOnceFold) {
  return async ({ batch }: EachBatchPayload): Promise<void> => {
    const records: PositionedRecord<KnownRecord>[] = [];
    for (const message of batch.messages) {
      const record = decodeRecord(message.value, message.headers);
      if (record) records.push({ topic: batch.topic, partition: batch.partition, offset: Number(message.offset), record });
    }
    const lastOffset = Number(batch.lastOffset());
    await fold.fold({
      topic: batch.topic,
      partition: batch.partition,
      records,
      firstOffset: Number(batch.firstOffset()),
      lastOffset,
      caughtUp: lastOffset + 1 >= Number(batch.highWatermark),
      heartbeat: async () => undefined,
    });
  };
}

// ---------------------------------------------------------------------------------------------
// (c) and (c'): the server's own rate for the projector's writes, issued directly

/**
 * Replays the plan one writer per partition, PARTITIONS_CONCURRENTLY at once, batch by batch
 * interleaved across a writer's partitions, as the consumer hands them out.
 */
async function replay(
  plan: WritePlan,
  write: (batch: PlannedBatch) => Promise<{ docs: number; calls: number }>,
): Promise<{ seconds: number; docs: number; calls: number; capped: boolean }> {
  const partitions = [...plan.keys()].sort((a, b) => a - b);
  let docs = 0;
  let calls = 0;
  let capped = false;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: PARTITIONS_CONCURRENTLY }, async (_, worker) => {
      const mine = partitions.filter((_p, index) => index % PARTITIONS_CONCURRENTLY === worker).map((p) => plan.get(p) ?? []);
      const rounds = Math.max(0, ...mine.map((batches) => batches.length));
      for (let round = 0; round < rounds; round++) {
        for (const batches of mine) {
          const batch = batches[round];
          if (!batch) continue;
          if (DIRECT_MAX_S > 0 && msSince(start) > DIRECT_MAX_S * 1000) {
            capped = true;
            return;
          }
          const done = await write(batch);
          docs += done.docs;
          calls += done.calls;
        }
      }
    }),
  );
  return { seconds: msSince(start) / 1000, docs, calls, capped };
}

/** (c) The batch's ledger_events documents, insertMany of up to INSERT_CHUNK, as mongo-ledger.ts writes them. */
function insertEvents(db: Db) {
  const collection = db.collection<LedgerEventDocument>(LEDGER_EVENTS);
  return async (batch: PlannedBatch) => {
    let calls = 0;
    for (let first = 0; first < batch.events.length; first += INSERT_CHUNK) {
      await collection.insertMany(batch.events.slice(first, first + INSERT_CHUNK), { ordered: true });
      calls += 1;
    }
    return { docs: batch.events.length, calls };
  };
}

/** (c') The batch's caregiver-totals changes, guarded `$inc` upserts in bulk writes of `chunk`, one per caregiver per batch (the projector without holding). */
function upsertTotals(db: Db, chunk: number) {
  const collection = db.collection<CaregiverTotalsDocument>(CAREGIVER_TOTALS);
  return async (batch: PlannedBatch) => {
    let calls = 0;
    for (let first = 0; first < batch.totals.length; first += chunk) {
      const operations: AnyBulkWriteOperation<CaregiverTotalsDocument>[] = batch.totals.slice(first, first + chunk).map((change) => {
        const inc: Record<string, number> = {};
        for (const [month, delta] of Object.entries(change.months)) {
          for (const field of ['eventCount', 'totalCents', 'pendingCents', 'reimbursedCents'] as const) inc[`months.${month}.${field}`] = delta[field];
          for (const [code, t] of Object.entries(delta.byType)) {
            inc[`months.${month}.byType.${code}.count`] = t.count;
            inc[`months.${month}.byType.${code}.totalCents`] = t.totalCents;
          }
        }
        return {
          updateOne: {
            filter: { _id: change.caregiverId, lastOffset: { $lt: change.firstOffset } },
            update: { $inc: inc, $set: { lastOffset: change.lastOffset }, $setOnInsert: { caregiverId: change.caregiverId } },
            upsert: true,
          },
        };
      });
      await collection.bulkWrite(operations, { ordered: false });
      calls += 1;
    }
    return { docs: batch.totals.length, calls };
  };
}

// ---------------------------------------------------------------------------------------------
// Checks of the read models the projector wrote

async function readAll<T extends Document>(db: Db, name: string, projection: Document): Promise<T[]> {
  const docs: T[] = [];
  for await (const doc of db.collection<T>(name).find({}, { projection }).batchSize(10000)) docs.push(doc as T);
  return docs;
}

async function checkReadModels(db: Db, w: Workload, expected: Map<string, ExpectedTotals>, checks: [string, boolean][], notes: string[]): Promise<boolean> {
  // Sums by reading: FerretDB 1.24's $group miscounts (mongo-report-reader.ts).
  const caregivers = await readAll<CaregiverTotalsDocument>(db, CAREGIVER_TOTALS, {});
  const totals = caregivers.flatMap((doc) => Object.entries(doc.months).map(([month, sums]) => ({ ...sums, _id: monthlyTotalsId(doc.caregiverId, month), lastOffset: doc.lastOffset })));
  const got = sumOf(totals);
  const want = sumOf(expected.values());
  for (const field of ['eventCount', 'totalCents', 'pendingCents', 'reimbursedCents'] as const) {
    checks.push([`caregiver_totals: sum of ${field} is ${thousands(got[field])}; expected ${thousands(want[field])}`, got[field] === want[field]]);
  }
  checks.push([`caregiver_totals holds ${thousands(totals.length)} months in ${thousands(caregivers.length)} documents; caregiver-months ${thousands(expected.size)}`, totals.length === expected.size]);
  const wrong: string[] = [];
  for (const doc of totals) {
    const e = expected.get(doc._id);
    const diff = e ? totalsDiff(doc, e) : 'not expected';
    if (diff !== '') wrong.push(`${doc._id} (lastOffset ${doc.lastOffset}): ${diff}`);
  }
  checks.push([`caregiver_totals months that differ from the generator's (byType included): ${wrong.length}`, wrong.length === 0]);
  for (const line of wrong.slice(0, 20)) notes.push(`wrong: ${line}`);

  const ids = new Set(w.eventIds);
  const events = await readAll<LedgerEventDocument>(db, LEDGER_EVENTS, { _id: 1 });
  const unknown = events.filter((d) => !ids.has(d._id)).length;
  checks.push([`ledger_events holds ${thousands(events.length)} documents (${unknown} not generated); events ${thousands(EVENTS)}`, events.length === EVENTS && unknown === 0]);

  const wantVoided = w.voids.length;
  const wantReimbursed = w.status.reduce((n, s) => n + (s === REIMBURSED ? 1 : 0), 0);
  const settlements = await readAll<SettlementDocument>(db, EVENT_SETTLEMENTS, { status: 1 });
  const voided = settlements.filter((s) => s.status === 'voided').length;
  const reimbursed = settlements.filter((s) => s.status === 'reimbursed').length;
  checks.push([`event_settlements: ${thousands(voided)} voided, ${thousands(reimbursed)} reimbursed; expected ${thousands(wantVoided)}, ${thousands(wantReimbursed)}`, voided === wantVoided && reimbursed === wantReimbursed && settlements.length === voided + reimbursed]);

  const outcomes = await readAll<ReimbursementDocument>(db, REIMBURSEMENTS, { status: 1, amountCents: 1 });
  const amounts = new Map(w.reimbursements.map((r) => [r.reimbursementId, r.events.reduce((sum, i) => sum + BENCH_EVENT_TYPES[w.typeOf[i]].amountCents, 0)]));
  const badOutcomes = outcomes.filter((o) => o.status !== 'completed' || amounts.get(o._id) !== o.amountCents);
  checks.push([
    `reimbursements: ${thousands(outcomes.length)} outcomes, ${badOutcomes.length} not completed or of another amount; requests ${thousands(w.reimbursements.length)}`,
    outcomes.length === w.reimbursements.length && badOutcomes.length === 0,
  ]);
  for (const o of badOutcomes.slice(0, 10)) notes.push(`wrong reimbursement ${o._id}: ${o.status}, ${o.amountCents} cents (expected completed, ${amounts.get(o._id)})`);
  const refusals = await readAll<Document>(db, VOID_REFUSALS, { _id: 1 });
  checks.push([`void_refusals holds ${refusals.length} documents; expected 0`, refusals.length === 0]);
  return wrong.length === 0;
}

// ---------------------------------------------------------------------------------------------

/** The commit the run measured, and whether the working tree differed from it. */
function codeVersion(repoRoot: string): string {
  try {
    const head = execFileSync('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', repoRoot, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' plus uncommitted changes in the working tree' : ''} (dist/ as built from it)`;
  } catch {
    return 'unknown (no git)';
  }
}

function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(', ');
}

/** How often the projector's consumer lost its group membership or crashed, from its log. */
function consumerTrouble(logFile: string): string {
  try {
    const text = readFileSync(logFile, 'utf8');
    const count = (needle: string) => text.split('\n').filter((line) => line.includes(needle)).length;
    return `${count('re-joining the group')} re-joins, ${count('kafkajs: Crash')} consumer crashes, ${count('Error when calling eachBatch')} failed batches in its log`;
  } catch {
    return 'no log';
  }
}

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '..', '..');
  const localPostgres = path.join(repoRoot, '.local', 'mongo', 'postgres', 'postmaster.pid');
  if (process.env.BENCH_POSTGRES_PIDFILES === undefined && existsSync(localPostgres)) process.env.BENCH_POSTGRES_PIDFILES = localPostgres;
  const stamp = `${Date.now()}`;
  const topics = benchTopicNames('bench-mixed', stamp);
  const dbName = `bench_mixed_${stamp}`;
  const directDbName = `bench_mixed_${stamp}_direct`;
  const machine = await describeMachine(MONGODB_URI);
  const ferret = machine.mongoWire.startsWith('FerretDB');
  const writeChunk = envInt('BENCH_WRITE_CHUNK', ferret ? PROJECTOR_DEFAULTS.PROJECTOR_WRITE_CHUNK : 1000);

  const generatedAt = process.hrtime.bigint();
  const w = generate();
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
      `PROJECTOR_MAX_BYTES_PER_PARTITION=${MAX_BYTES_PER_PARTITION}`,
  );
  out();

  const kafka = benchKafka(topics, `bench-mixed-${stamp}`);
  const admin: Admin = kafka.admin();
  await admin.connect();
  const mongo = await new MongoClient(MONGODB_URI, { serverSelectionTimeoutMS: 5000, maxPoolSize: 20 }).connect();
  const db = mongo.db(dbName);
  const directDb = mongo.db(directDbName);
  const groups = [`bench-mixed-raw-${stamp}`, `bench-mixed-decode-${stamp}`, `bench-projector-${stamp}`];
  const rows: Row[] = [];
  const checks: [string, boolean][] = [];
  const notes: string[] = [];
  let safeToDrop = true;
  const meterFor = (child?: ChildApp) => projectorCpuMeter(MONGODB_URI, child);
  const measure = <T>(run: () => Promise<T>) => measureCpu(MONGODB_URI, run);
  const progress = (row: Row) => note(`${row.stage}: ${fixed(row.seconds, 1)} s`);
  try {
    await createBenchTopics(admin, topics);
    note(`created ${topics.log} and ${topics.catalog}; preloading ${thousands(total)} records`);
    const [loaded, loadCpu] = await measure(() => preload(kafka, topics, w));
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
      rows.push({ stage: '(a) kafkajs consumer, eachBatch, no processing', records: total, batches: raw.batches, seconds: raw.seconds, startupSeconds: raw.startupSeconds, cpu });
      progress(rows[rows.length - 1]);
    }

    const plan: WritePlan = new Map();
    let planned: { totals: number; inserts: number; events: number } | undefined;
    if (PHASES.has('decode') || PHASES.has('inserts') || PHASES.has('totals')) {
      const decided = new Map<LedgerDecisionKind, number>();
      const store = new PlanningReadModels(plan, (caregiver) => partitionForKey(topics.log, caregiver, topics.logPartitions));
      const fold = new ExactlyOnceFold(
        { progress: store, state: store, writes: store, skips: new InMemoryRecordSkips() },
        { projection: 'bench', catalogTopic: topics.catalog, currency: BENCH_CURRENCY, timeZone: TIME_ZONE, holdRecords: PROJECTOR_DEFAULTS.PROJECTOR_HOLD_RECORDS, holdMs: PROJECTOR_DEFAULTS.PROJECTOR_HOLD_MS, refusalsBeforeStuck: PROJECTOR_DEFAULTS.PROJECTOR_REFUSALS_BEFORE_STUCK, retryMs: PROJECTOR_DEFAULTS.PROJECTOR_REFUSAL_RETRY_MS },
        {
          reached: () => undefined,
          decided: (decisions) => decisions.forEach((d) => decided.set(d.kind, (decided.get(d.kind) ?? 0) + 1)),
          unreadable: () => undefined,
          flushed: () => undefined,
          stateLoaded: () => undefined,
          refused: () => undefined,
          stuck: () => undefined,
          unstuck: () => undefined,
          skipped: () => undefined,
        },
      );
      const [decoded, cpu] = await measure(() => consumeAll(kafka, topics.log, groups[1], { total, maxBytesPerPartition: MAX_BYTES_PER_PARTITION, partitionsConcurrently: PARTITIONS_CONCURRENTLY }, decodeAndFold(fold)));
      const all = [...plan.values()].flat();
      planned = {
        totals: all.reduce((n, b) => n + b.totals.length, 0),
        inserts: all.reduce((n, b) => n + b.inserts, 0),
        events: all.reduce((n, b) => n + b.events.length, 0),
      };
      rows.push({
        stage: "(a') + decode + the projector's fold in memory (exactly-once-fold.ts over InMemoryReadModels), no I/O",
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
        `(a') ${thousands(all.length)} flushes of ${thousands(decoded.batches)} log batches: ${fixed(planned.totals / Math.max(1, all.length), 0)} caregiver totals documents and ${fixed(planned.inserts / Math.max(1, all.length), 0)} ledger inserts per flush on average`,
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
        env: {
          PROJECTOR_WRITE_CHUNK: String(writeChunk),
          PROJECTOR_PARTITIONS_CONCURRENTLY: String(PARTITIONS_CONCURRENTLY),
          PROJECTOR_MAX_BYTES_PER_PARTITION: String(MAX_BYTES_PER_PARTITION),
        },
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
      if (PHASES.has('inserts')) {
        const [direct, cpu] = await measure(() => replay(plan, insertEvents(directDb)));
        rows.push({
          stage: `(c) insertMany of the ledger_events documents, up to ${INSERT_CHUNK} each${direct.capped ? `, CAPPED at ${DIRECT_MAX_S} s` : ''}`,
          inserts: direct.docs,
          batches: direct.calls,
          seconds: direct.seconds,
          cpu,
        });
        progress(rows[rows.length - 1]);
      }
      if (PHASES.has('totals')) {
        const [direct, cpu] = await measure(() => replay(plan, upsertTotals(directDb, writeChunk)));
        rows.push({
          stage: `(c') bulkWrite of the monthly-totals upserts, ${writeChunk} each, {_id, lastOffset: {$lt}}${direct.capped ? `, CAPPED at ${DIRECT_MAX_S} s` : ''}`,
          totals: direct.docs,
          batches: direct.calls,
          seconds: direct.seconds,
          cpu,
        });
        progress(rows[rows.length - 1]);
      }
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
    for (const line of notes) out(`- ${line}`);
    out();
    out('## CPU seconds per stage (all processes share the machine)');
    out();
    const names = [...new Set(rows.flatMap((r) => [...(r.cpu?.groups.keys() ?? [])]))];
    out(
      table(
        ['stage', 'wall s', 'machine busy s', ...names],
        rows.map((r) => [r.stage, fixed(r.cpu?.wallSeconds ?? NaN, 1), fixed(r.cpu?.machineBusySeconds ?? NaN, 1), ...names.map((n) => fixed(r.cpu?.groups.get(n) ?? NaN, 1))]),
      ),
    );
    out();
    out('## Checks');
    out();
    for (const [text, passed] of checks) out(`${passed ? 'ok  ' : 'FAIL'} ${text}`);
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
    await admin.deleteGroups(groups).catch(() => undefined);
    if (safeToDrop || process.env.BENCH_KEEP_TOPICS !== '1') await deleteBenchTopics(admin, topics);
    await admin.disconnect();
  }
  if (checks.some(([, passed]) => !passed)) {
    out('FAILED: see the checks above');
    process.exitCode = 1;
  }
}

main()
  // A wedged server can leave sockets open: do not wait for them.
  .then(() => process.exit(process.exitCode ?? 0))
  .catch((error: Error) => {
    process.stderr.write(`mixed fold benchmark failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });

import { monthlyTotalsId } from '@reimbursements/domain/projections/monthly-totals';
import { businessMonthOf } from '@reimbursements/domain/time/business-month';
import { parseRfc3339Instant } from '@reimbursements/domain/time/rfc3339-instant';
import {
  CAREGIVER_TOTALS,
  CaregiverTotalsDocument,
  EVENT_SETTLEMENTS,
  LEDGER_EVENTS,
  LedgerEventDocument,
  REIMBURSEMENTS,
  ReimbursementDocument,
  SettlementDocument,
  VOID_REFUSALS,
} from '@reimbursements/mongo/collections';
import { CompressionTypes, Kafka, Message } from 'kafkajs';
import { Db, Document } from 'mongodb';
import { monthsOf } from '@reimbursements/mongo/caregiver-totals-years';
import { randomUUID } from 'node:crypto';
import { BenchTopics } from './bench-kafka';
import { SeededRandom } from './prng';
import {
  BENCH_CURRENCY,
  BENCH_EVENT_TYPES,
  caregiverId,
  eventRegisteredMessage,
  eventTypeDefinedMessage,
  eventVoidedMessage,
  reimbursementRequestedMessage,
  valueBytes,
} from './records';
import { envInt, msSince, note, thousands } from './report';

/**
 * The mixed workload of bench:fold:mixed and bench:rebuild: registrations in time order, then
 * voids, then reimbursements by eventIds and by month, and what the read models must hold after
 * it (plain arithmetic, not the domain).
 */
export interface MixedWorkloadSettings {
  events: number;
  caregivers: number;
  months: number;
  /** Events voided (EventVoided on the caregiver's partition, after all registrations). */
  voidPct: number;
  /** Events reimbursed by eventIds (groups of 1 to groupMax events of one caregiver, all pending), after the voids. */
  reimbursedPct: number;
  groupMax: number;
  /** Reimbursements by month (caregiver-months picked at random), last in the log. */
  byMonth: number;
  /** Seed of the choices above (event and record ids are random UUIDs). */
  seed: number;
  /** The business time zone the months are computed in (the projector's). */
  timeZone: string;
}

/** The workload's settings from the environment (BENCH_MIXED_*, BENCH_FOLD_CAREGIVERS), with `events` given. */
export function mixedWorkloadSettings(events: number, timeZone: string): MixedWorkloadSettings {
  return {
    events,
    caregivers: envInt('BENCH_FOLD_CAREGIVERS', 500),
    months: envInt('BENCH_MIXED_MONTHS', 24),
    voidPct: envInt('BENCH_MIXED_VOID_PCT', 10),
    reimbursedPct: envInt('BENCH_MIXED_REIMBURSED_PCT', 20),
    groupMax: envInt('BENCH_MIXED_GROUP_MAX', 100),
    byMonth: envInt('BENCH_MIXED_BY_MONTH', 10),
    seed: envInt('BENCH_MIXED_SEED', 20261124),
    timeZone,
  };
}

export const SEND_BATCH = envInt('BENCH_SEND_BATCH', 5000);
/** Reimbursement records are up to ~4 KiB (100 event ids): fewer per produce request. */
export const SEND_BATCH_REIMBURSEMENTS = 250;
const FIRST_YEAR = 2024;
const VOID_REASON = 'registered twice';

export const PENDING = 0;
export const VOIDED = 1;
export const REIMBURSED = 2;

export interface Reimbursement {
  reimbursementId: string;
  caregiver: number;
  /** Indexes of the events it pays out (for a by-month request: those pending when it is decided). */
  events: number[];
  month?: string;
}

export interface Workload {
  settings: MixedWorkloadSettings;
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
function dayOf(s: MixedWorkloadSettings, i: number): { year: number; month: number; day: number } {
  const m = Math.floor((i * s.months) / s.events);
  const within = i * s.months - m * s.events;
  const day = 1 + Math.floor((within * 28) / s.events);
  return { year: FIRST_YEAR + Math.floor(m / 12), month: (m % 12) + 1, day };
}

export function generateMixedWorkload(s: MixedWorkloadSettings): Workload {
  const random = new SeededRandom(s.seed);
  const pad = (n: number) => String(n).padStart(2, '0');
  const w: Workload = {
    settings: s,
    eventIds: new Array<string>(s.events),
    caregiverOf: new Int32Array(s.events),
    typeOf: new Int32Array(s.events),
    monthOf: new Array<string>(s.events),
    occurredAt: new Array<string>(s.events),
    status: new Uint8Array(s.events),
    voids: [],
    reimbursements: [],
    byIdCount: 0,
  };
  for (let i = 0; i < s.events; i++) {
    const { year, month, day } = dayOf(s, i);
    w.eventIds[i] = randomUUID();
    w.caregiverOf[i] = i % s.caregivers;
    w.typeOf[i] = Math.floor(i / s.caregivers) % BENCH_EVENT_TYPES.length;
    w.occurredAt[i] = `${year}-${pad(month)}-${pad(day)}T12:00:00+01:00`;
    // As registerEvent does: the month of occurredAt in the business time zone.
    w.monthOf[i] = businessMonthOf(parseRfc3339Instant(w.occurredAt[i]) as Date, s.timeZone);
  }
  const order = random.shuffle(Array.from({ length: s.events }, (_, i) => i));
  const voidCount = Math.round((s.events * s.voidPct) / 100);
  const reimbursedCount = Math.round((s.events * s.reimbursedPct) / 100);
  w.voids = order.slice(0, voidCount);
  for (const i of w.voids) w.status[i] = VOIDED;
  // Reimbursed by eventIds: per caregiver, its chosen events in groups of 1 to s.groupMax.
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
      const size = random.int(1, s.groupMax);
      byIds.push({ reimbursementId: randomUUID(), caregiver, events: list.slice(first, first + size) });
      first += size;
    }
  }
  w.reimbursements = random.shuffle(byIds);
  w.byIdCount = byIds.length;
  // By month, last: everything still pending in a caregiver-month picked at random.
  const pendingByCaregiverMonth = new Map<string, number[]>();
  for (let i = 0; i < s.events; i++) {
    if (w.status[i] !== PENDING) continue;
    const key = monthlyTotalsId(caregiverId(w.caregiverOf[i]), w.monthOf[i]);
    const list = pendingByCaregiverMonth.get(key) ?? [];
    list.push(i);
    pendingByCaregiverMonth.set(key, list);
  }
  const candidates = random.shuffle([...pendingByCaregiverMonth.keys()].sort()).slice(0, s.byMonth);
  for (const key of candidates) {
    const events = pendingByCaregiverMonth.get(key) as number[];
    for (const i of events) w.status[i] = REIMBURSED;
    w.reimbursements.push({ reimbursementId: randomUUID(), caregiver: w.caregiverOf[events[0]], events, month: w.monthOf[events[0]] });
  }
  return w;
}

export interface ExpectedTotals {
  eventCount: number;
  totalCents: number;
  pendingCents: number;
  reimbursedCents: number;
  byType: Record<string, { count: number; totalCents: number }>;
}

export function expectedTotals(w: Workload): Map<string, ExpectedTotals> {
  const totals = new Map<string, ExpectedTotals>();
  for (let i = 0; i < w.settings.events; i++) {
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
export function totalsDiff(got: Omit<ExpectedTotals, 'byType'> & { byType?: ExpectedTotals['byType'] }, want: ExpectedTotals): string {
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

export interface Preloaded {
  records: number;
  registrations: number;
  voids: number;
  reimbursements: number;
  valueBytes: number;
  seconds: number;
}

/** Writes the workload into the bench topics, in log order, as the command-api's handlers would. */
export async function preloadMixedWorkload(kafka: Kafka, topics: BenchTopics, w: Workload): Promise<Preloaded> {
  const eventCount = w.settings.events;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  let bytes = 0;
  let records = 0;
  const total = eventCount + w.voids.length + w.reimbursements.length;
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
    await sendAll(eventCount, SEND_BATCH, (i) => {
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
    registrations: eventCount,
    voids: w.voids.length,
    reimbursements: w.reimbursements.length,
    valueBytes: bytes / records,
    seconds: msSince(start) / 1000,
  };
}

async function readAll<T extends Document>(db: Db, name: string, projection: Document): Promise<T[]> {
  const docs: T[] = [];
  for await (const doc of db.collection<T>(name).find({}, { projection }).batchSize(10000)) docs.push(doc as T);
  return docs;
}

/**
 * Checks the read models a projector wrote against the generator's expectation, into `checks`
 * (and the first differences into `notes`); true when every caregiver-month is right.
 */
export async function checkReadModels(db: Db, w: Workload, expected: Map<string, ExpectedTotals>, checks: [string, boolean][], notes: string[]): Promise<boolean> {
  const eventCount = w.settings.events;
  // Sums by reading: FerretDB 1.24's $group miscounts (mongo-report-reader.ts).
  const caregivers = await readAll<CaregiverTotalsDocument>(db, CAREGIVER_TOTALS, {});
  const totals = caregivers.flatMap((doc) => Object.entries(monthsOf(doc)).map(([month, sums]) => ({ ...sums, _id: monthlyTotalsId(doc.caregiverId, month), lastOffset: doc.lastOffset })));
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
  checks.push([`ledger_events holds ${thousands(events.length)} documents (${unknown} not generated); events ${thousands(eventCount)}`, events.length === eventCount && unknown === 0]);

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

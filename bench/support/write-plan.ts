import { quietFoldObserver } from '@reimbursements/domain/fold/quiet-fold-observer';
import { ExactlyOnceFold } from '@reimbursements/domain/fold/exactly-once-fold';
import { InMemoryReadModels } from '@reimbursements/domain/fold/in-memory-read-models';
import { InMemoryRecordSkips } from '@reimbursements/domain/fold/in-memory-record-skips';
import { RegisteredLedgerEvent } from '@reimbursements/domain/ledger/batch-effects';
import { LedgerDecisionKind } from '@reimbursements/domain/ledger/ledger-decision';
import { LedgerInserts, TotalsWriteHints, TotalsWriteOutcome } from '@reimbursements/domain/ports/read-model-writes.port';
import { CaregiverTotalsChange, CaregiverTotalsContributions, changeAfter } from '@reimbursements/domain/projections/monthly-totals.fold';
import { KnownRecord } from '@reimbursements/domain/records/log-record';
import { PositionedRecord } from '@reimbursements/domain/records/record-envelope';
import { partitionForKey } from '@reimbursements/kafka/partition-for-key';
import { decodeRecord } from '@reimbursements/kafka/record-codec';
import { LEDGER_EVENTS, LedgerEventDocument } from '@reimbursements/mongo/collections';
import { MongoReadModelWrites } from '@reimbursements/mongo/mongo-read-model-writes';
import { ledgerEventDocument } from '@reimbursements/mongo/ledger-documents';
import { EachBatchPayload, Kafka } from 'kafkajs';
import { Db } from 'mongodb';
import { ProjectorSettings } from '../../apps/projector/src/projector.settings';
import { BenchTopics } from './bench-kafka';
import { consumeAll, ConsumeAllSettings } from './consume-all';
import { BENCH_CURRENCY } from './records';
import { msSince } from './report';

/**
 * What the projector writes, flush by flush, found without the server: stage (a') of the fold
 * benchmarks runs the projector's own fold over in-memory read models and records each flush's
 * writes, which (c) and (c') then issue straight to the server.
 */

/** One flush's writes, as the projector issues them. */
export interface PlannedBatch {
  events: LedgerEventDocument[];
  totals: CaregiverTotalsChange[];
  inserts: number;
}

/** Per partition, in log order. */
export type WritePlan = Map<number, PlannedBatch[]>;

/** One flush's writes as the fold handed them to the store, before they are made into documents. */
interface RecordedFlush {
  events: RegisteredLedgerEvent[];
  groups: CaregiverTotalsContributions[];
  inserts: number;
}

/**
 * The in-memory read models, keeping each flush's writes per partition for (c) and (c'). They are
 * kept as the fold handed them and made into documents by `writePlan()`, after (a') is timed:
 * building MongoDB documents is the bench's own work, not the fold's.
 */
export class PlanningReadModels extends InMemoryReadModels {
  private readonly recorded = new Map<number, RecordedFlush[]>();

  constructor(private readonly partitionOf: (caregiverId: string) => number) {
    super();
  }

  override async insertLedger(inserts: LedgerInserts, heartbeat: () => Promise<void>): Promise<void> {
    const first = inserts.events[0] ?? inserts.settlements[0] ?? inserts.voidRefusals[0] ?? inserts.reimbursements[0];
    if (first) {
      const flushes = this.recorded.get(first.partition) ?? [];
      flushes.push({
        events: inserts.events.slice(),
        groups: [],
        inserts: inserts.events.length + inserts.settlements.length + inserts.voidRefusals.length + inserts.reimbursements.length,
      });
      this.recorded.set(first.partition, flushes);
    }
    return super.insertLedger(inserts, heartbeat);
  }

  override async addTotals(groups: CaregiverTotalsContributions[], hints: TotalsWriteHints, heartbeat: () => Promise<void>): Promise<TotalsWriteOutcome> {
    // A flush's caregivers all belong to the partition flushed.
    const flushes = groups.length > 0 ? this.recorded.get(this.partitionOf(groups[0].caregiverId)) : undefined;
    flushes?.at(-1)?.groups.push(...groups);
    return super.addTotals(groups, hints, heartbeat);
  }

  /** Each flush's writes, as the projector issues them. */
  writePlan(): WritePlan {
    const plan: WritePlan = new Map();
    for (const [partition, flushes] of this.recorded) {
      plan.set(
        partition,
        flushes.map((flush) => ({
          events: flush.events.map(ledgerEventDocument),
          totals: flush.groups.map((group) => changeAfter(group, -1)).filter((change): change is CaregiverTotalsChange => change !== undefined),
          inserts: flush.inserts,
        })),
      );
    }
    return plan;
  }
}

/**
 * What the projector computes, without reading or writing the server: decode, then the projector's
 * own exactly-once fold (libs/domain/src/fold) over in-memory read models, holding and flushing as
 * the projector does.
 */
export function decodeAndFold(fold: ExactlyOnceFold) {
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
      behind: Math.max(0, Number(batch.highWatermark) - 1 - lastOffset),
      heartbeat: async () => undefined,
    });
  };
}

/**
 * Replays the plan one writer per partition, `writers` at once (the projector's
 * PROJECTOR_PARTITIONS_CONCURRENTLY), batch by batch interleaved across a writer's partitions, as
 * the consumer hands them out; stops after `maxSeconds` when that is above 0.
 */
export async function replay(
  plan: WritePlan,
  { writers, maxSeconds }: { writers: number; maxSeconds: number },
  write: (batch: PlannedBatch) => Promise<{ docs: number; calls: number }>,
): Promise<{ seconds: number; docs: number; calls: number; capped: boolean }> {
  const partitions = [...plan.keys()].sort((a, b) => a - b);
  let docs = 0;
  let calls = 0;
  let capped = false;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, worker) => {
      const mine = partitions.filter((_p, index) => index % writers === worker).map((p) => plan.get(p) ?? []);
      const rounds = Math.max(0, ...mine.map((batches) => batches.length));
      for (let round = 0; round < rounds; round++) {
        for (const batches of mine) {
          const batch = batches[round];
          if (!batch) continue;
          if (maxSeconds > 0 && msSince(start) > maxSeconds * 1000) {
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

/** mongo-ledger.ts inserts ledger documents in insertMany calls of this many. */
export const INSERT_CHUNK = 1000;

/** (c) The batch's ledger_events documents, insertMany of up to INSERT_CHUNK, as mongo-ledger.ts writes them. */
export function insertEvents(db: Db) {
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

/**
 * (c') The batch's caregiver-totals changes, written by the projector's MongoReadModelWrites in
 * chunks of `chunk`, one document per caregiver per batch: inserted the first time a caregiver is
 * met, read and replaced after (the projector's writes, without holding).
 */
export function upsertTotals(db: Db, chunk: number) {
  const writes = new MongoReadModelWrites(db, chunk);
  const met = new Set<string>();
  return async (batch: PlannedBatch) => {
    const absent = new Set(batch.totals.map((c) => c.caregiverId).filter((id) => !met.has(id)));
    for (const id of absent) met.add(id);
    const groups = batch.totals.map((change) => ({
      caregiverId: change.caregiverId,
      contributions: Object.entries(change.months).map(([month, delta]) => ({ offset: change.lastOffset, month, delta })),
    }));
    await writes.addTotals(groups, { absent, mayBeApplied: false }, async () => undefined);
    const present = batch.totals.length - absent.size;
    return { docs: batch.totals.length, calls: Math.ceil(absent.size / INSERT_CHUNK) + Math.ceil(present / chunk) };
  };
}

/**
 * Stage (a'): reads the log with a consumer group of its own, decodes it and folds it with the
 * projector's ExactlyOnceFold (its hold and flush settings) over in-memory read models, recording
 * each flush's writes (`store.writePlan()` makes them documents, once the stage is timed).
 */
export async function foldInMemory(
  kafka: Kafka,
  topics: BenchTopics,
  groupId: string,
  consume: ConsumeAllSettings,
  projector: ProjectorSettings,
): Promise<{ store: PlanningReadModels; decided: Map<LedgerDecisionKind, number>; run: Awaited<ReturnType<typeof consumeAll>> }> {
  const decided = new Map<LedgerDecisionKind, number>();
  const store = new PlanningReadModels((caregiver) => partitionForKey(topics.log, caregiver, topics.logPartitions));
  const fold = new ExactlyOnceFold(
    { progress: store, state: store, writes: store, skips: new InMemoryRecordSkips() },
    {
      projection: 'bench',
      catalogTopic: topics.catalog,
      currency: BENCH_CURRENCY,
      timeZone: projector.BUSINESS_TIME_ZONE,
      holdRecords: projector.PROJECTOR_HOLD_RECORDS,
      holdMs: projector.PROJECTOR_HOLD_MS,
      catchUpHoldMs: projector.PROJECTOR_CATCH_UP_HOLD_MS,
      refusalsBeforeStuck: projector.PROJECTOR_REFUSALS_BEFORE_STUCK,
      retryMs: projector.PROJECTOR_REFUSAL_RETRY_MS,
    },
    quietFoldObserver({ decided: (decisions) => decisions.forEach((d) => decided.set(d.kind, (decided.get(d.kind) ?? 0) + 1)) }),
  );
  const run = await consumeAll(kafka, topics.log, groupId, consume, decodeAndFold(fold));
  return { store, decided, run };
}

/** Sums over the plan: caregiver-totals changes, ledger inserts, ledger_events documents, flushes. */
export function planSize(plan: WritePlan): { totals: number; inserts: number; events: number; flushes: number } {
  const all = [...plan.values()].flat();
  return {
    totals: all.reduce((n, b) => n + b.totals.length, 0),
    inserts: all.reduce((n, b) => n + b.inserts, 0),
    events: all.reduce((n, b) => n + b.events.length, 0),
    flushes: all.length,
  };
}

import { EVENT_TYPE_DEFINED } from '@reimbursements/domain/catalog/event-type-defined.record';
import { CatalogRecord } from '@reimbursements/domain/records/log-record';
import { PositionedRecord } from '@reimbursements/domain/records/record-envelope';
import { ApplyOutcome, PartitionProgress, ReadModelStore } from '@reimbursements/domain/ports/read-model-store.port';
import { partitionKey } from '@reimbursements/domain/position/log-position';
import {
  changeAfter,
  MonthlyTotalsChange,
  MonthlyTotalsContributions,
} from '@reimbursements/domain/projections/monthly-totals.fold';
import { BatchEffects } from '@reimbursements/domain/ledger/batch-effects';
import { LedgerDecision } from '@reimbursements/domain/ledger/ledger-decision';
import { LedgerState } from '@reimbursements/domain/ledger/ledger-state';
import { insertLedgerEffects, loadForeignLedger, loadPartitionLedger } from './mongo-ledger';
import { AnyBulkWriteOperation, Db, MongoBulkWriteError, MongoServerError } from 'mongodb';
import {
  EVENT_TYPES,
  EventTypeDocument,
  INITIAL_RATE,
  MONTHLY_TOTALS,
  MonthlyTotalsDocument,
  PROJECTION_OFFSETS,
  ProjectionOffsetDocument,
} from './collections';

const DUPLICATE_KEY = 11000;
const NO_HEARTBEAT = async (): Promise<void> => undefined;
const MAX_RECOVERY_ROUNDS = 10;

/** Lets a test stop the process at a write boundary; production passes a no-op. */
export type WriteBoundaryHook = (boundary: 'between-writes') => void;

/**
 * Writes the projector's read models with one bulk write per chunk of documents, each update
 * guarded by the offsets it applies, so that any replay changes nothing twice:
 * - a batch nobody attempted before: the whole change per document, only if the document holds
 *   none of the batch's records (`lastOffset` below the first one); a missing one is inserted;
 * - a batch that may be half applied (a replay), or a document that refused (a second instance got
 *   there first): each document is read, and only the records after its `lastOffset` are applied,
 *   compare-and-set on it.
 */
export class MongoReadModelStore extends ReadModelStore {
  constructor(
    private readonly db: Db,
    private readonly writeChunk: number,
    private readonly hook: WriteBoundaryHook = () => undefined,
  ) {
    super();
  }

  async progress(projection: string): Promise<Map<string, PartitionProgress>> {
    const docs = await this.db
      .collection<ProjectionOffsetDocument>(PROJECTION_OFFSETS)
      .find({ projection })
      .toArray();
    return new Map(
      docs.map((d) => [
        partitionKey(d.topic, d.partition),
        {
          applied: d.appliedOffset,
          attempted: Math.max(d.appliedOffset, d.attemptedOffset ?? -1),
          decisions: (d.decisions ?? []).filter((decision) => decision.offset > d.appliedOffset),
        },
      ]),
    );
  }

  async markAttempted(projection: string, topic: string, partition: number, offset: number, decisions: LedgerDecision[]): Promise<void> {
    await this.db
      .collection<ProjectionOffsetDocument>(PROJECTION_OFFSETS)
      .updateOne(
        { _id: offsetDocumentId(projection, topic, partition) },
        {
          $set: { attemptedOffset: offset, decisions, updatedAt: new Date() },
          $setOnInsert: { projection, topic, partition, appliedOffset: -1 },
        },
        { upsert: true },
      );
  }

  async saveAppliedOffset(projection: string, topic: string, partition: number, offset: number): Promise<void> {
    await this.db
      .collection<ProjectionOffsetDocument>(PROJECTION_OFFSETS)
      .updateOne(
        { _id: offsetDocumentId(projection, topic, partition) },
        { $set: { projection, topic, partition, appliedOffset: offset, updatedAt: new Date() } },
        { upsert: true },
      );
  }

  async applyMonthlyTotals(
    groups: MonthlyTotalsContributions[],
    mayBeApplied: boolean,
    heartbeat: () => Promise<void> = NO_HEARTBEAT,
  ): Promise<ApplyOutcome> {
    if (mayBeApplied) {
      // A refused guarded upsert is a duplicate-key error, and FerretDB 1.24 does not give back the
      // connection of a write that failed: expected refusals are avoided by reading first.
      await this.recover(groups, heartbeat);
      return { written: 0, recovered: groups.length };
    }
    const changes = groups.map((g) => changeAfter(g, -1)).filter((c): c is MonthlyTotalsChange => c !== undefined);
    const refused: string[] = [];
    for (let start = 0; start < changes.length; start += this.writeChunk) {
      if (start > 0) {
        this.hook('between-writes');
        await heartbeat();
      }
      const chunk = changes.slice(start, start + this.writeChunk);
      const operations: AnyBulkWriteOperation<MonthlyTotalsDocument>[] = chunk.map((change) => ({
        updateOne: {
          filter: { _id: change.id, lastOffset: { $lt: change.firstOffset } },
          update: changeUpdate(change),
          upsert: true,
        },
      }));
      if (await this.refusedByAnyGuard(operations)) refused.push(...chunk.map((change) => change.id));
    }
    const refusedIds = new Set(refused);
    if (refusedIds.size > 0) await this.recover(groups.filter((g) => refusedIds.has(g.id)), heartbeat);
    return { written: changes.length - refused.length, recovered: refused.length };
  }

  loadPartitionLedger(partition: number, heartbeat: () => Promise<void>): Promise<LedgerState> {
    return loadPartitionLedger(this.db, partition, heartbeat);
  }

  loadForeignLedger(eventIds: string[], reimbursementIds: string[]): Promise<LedgerState> {
    return loadForeignLedger(this.db, eventIds, reimbursementIds);
  }

  async applyLedger(effects: BatchEffects, mayBeApplied: boolean, heartbeat: () => Promise<void> = NO_HEARTBEAT): Promise<ApplyOutcome> {
    await insertLedgerEffects(this.db, effects);
    await heartbeat();
    return this.applyMonthlyTotals(effects.totals, mayBeApplied, heartbeat);
  }

  async applyCatalog(records: PositionedRecord<CatalogRecord>[]): Promise<void> {
    // In log order: the first definition of a code wins ($setOnInsert), a rate sets its date's
    // amount; replaying either changes nothing.
    const operations: AnyBulkWriteOperation<EventTypeDocument>[] = records.map(({ record }) =>
      record.type === EVENT_TYPE_DEFINED
        ? {
            updateOne: {
              filter: { _id: record.payload.code },
              update: {
                $setOnInsert: {
                  code: record.payload.code,
                  name: record.payload.name,
                  currency: record.payload.currency,
                  rates: { [INITIAL_RATE]: record.payload.amountCents },
                },
              },
              upsert: true,
            },
          }
        : {
            updateOne: {
              filter: { _id: record.payload.code },
              update: { $set: { [`rates.${record.payload.effectiveFrom}`]: record.payload.amountCents } },
            },
          },
    );
    for (let start = 0; start < operations.length; start += this.writeChunk) {
      await this.db
        .collection<EventTypeDocument>(EVENT_TYPES)
        .bulkWrite(operations.slice(start, start + this.writeChunk), { ordered: true });
    }
  }

  /**
   * True when an offset guard refused some operation. Which others ran is then unknown (FerretDB
   * 1.x stops at the first error even in an unordered bulk write), so the caller re-checks the
   * whole chunk. Any other failure is thrown.
   */
  private async refusedByAnyGuard(operations: AnyBulkWriteOperation<MonthlyTotalsDocument>[]): Promise<boolean> {
    try {
      await this.db.collection<MonthlyTotalsDocument>(MONTHLY_TOTALS).bulkWrite(operations, { ordered: false });
      return false;
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      if (writeErrors.length === 0 || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
      return true;
    }
  }

  /** Reads each document's `lastOffset` and applies only what it does not hold yet. */
  private async recover(groups: MonthlyTotalsContributions[], heartbeat: () => Promise<void>): Promise<void> {
    const collection = this.db.collection<MonthlyTotalsDocument>(MONTHLY_TOTALS);
    let remaining = groups;
    for (let round = 0; remaining.length > 0; round++) {
      if (round === MAX_RECOVERY_ROUNDS) throw new Error('monthly totals kept changing under the projector');
      const docs = await collection
        .find({ _id: { $in: remaining.map((g) => g.id) } }, { projection: { lastOffset: 1 } })
        .toArray();
      const lastOffsets = new Map(docs.map((d) => [d._id, d.lastOffset]));
      const operations: AnyBulkWriteOperation<MonthlyTotalsDocument>[] = [];
      const changed: MonthlyTotalsContributions[] = [];
      for (const group of remaining) {
        const lastOffset = lastOffsets.get(group.id);
        const change = changeAfter(group, lastOffset ?? -1);
        if (!change) continue;
        changed.push(group);
        operations.push({
          updateOne:
            lastOffset === undefined
              ? { filter: { _id: group.id, lastOffset: { $lt: change.firstOffset } }, update: changeUpdate(change), upsert: true }
              : { filter: { _id: group.id, lastOffset }, update: changeUpdate(change) },
        });
      }
      // A document another writer changed since the read is missed here; the next round re-reads it.
      let done = true;
      for (let start = 0; start < operations.length; start += this.writeChunk) {
        const chunk = operations.slice(start, start + this.writeChunk);
        await heartbeat();
        const written = await collection
          .bulkWrite(chunk, { ordered: true })
          .then((result) => result.matchedCount + result.upsertedCount === chunk.length)
          .catch(refusedByGuard);
        done &&= written;
      }
      remaining = done ? [] : changed;
    }
  }
}

function offsetDocumentId(projection: string, topic: string, partition: number): string {
  return `${projection}#${topic}#${partition}`;
}

function refusedByGuard(error: unknown): false {
  if (error instanceof MongoBulkWriteError || (error instanceof MongoServerError && error.code === DUPLICATE_KEY)) {
    const writeErrors = error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : [error];
    if (writeErrors.every((e) => e.code === DUPLICATE_KEY)) return false;
  }
  throw error;
}

function changeUpdate(change: MonthlyTotalsChange) {
  const inc: Record<string, number> = {
    eventCount: change.eventCount,
    totalCents: change.totalCents,
    pendingCents: change.pendingCents,
    reimbursedCents: change.reimbursedCents,
  };
  for (const [eventType, totals] of Object.entries(change.byType)) {
    inc[`byType.${eventType}.count`] = totals.count;
    inc[`byType.${eventType}.totalCents`] = totals.totalCents;
  }
  return {
    $inc: inc,
    $set: { lastOffset: change.lastOffset },
    $setOnInsert: { caregiverId: change.caregiverId, month: change.month },
  };
}

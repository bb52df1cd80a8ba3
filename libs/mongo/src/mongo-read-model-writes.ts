import { EVENT_TYPE_DEFINED } from '@reimbursements/domain/catalog/event-type-defined.record';
import { LedgerInserts, ReadModelWrites, TotalsWriteHints, TotalsWriteOutcome } from '@reimbursements/domain/ports/read-model-writes.port';
import { addChange, CaregiverTotalsChange, CaregiverTotalsContributions, changeAfter } from '@reimbursements/domain/projections/monthly-totals.fold';
import { emptyMonthSums, MonthSums } from '@reimbursements/domain/projections/monthly-totals';
import { CatalogRecord } from '@reimbursements/domain/records/log-record';
import { PositionedRecord } from '@reimbursements/domain/records/record-envelope';
import { AnyBulkWriteOperation, Collection, Db, Document, MongoBulkWriteError, MongoServerError, OptionalUnlessRequiredId } from 'mongodb';
import {
  CAREGIVER_TOTALS,
  CaregiverTotalsDocument,
  EVENT_SETTLEMENTS,
  EVENT_TYPES,
  EventTypeDocument,
  INITIAL_RATE,
  LEDGER_EVENTS,
  LedgerEventDocument,
  REIMBURSEMENTS,
  ReimbursementDocument,
  SettlementDocument,
  VOID_REFUSALS,
  VoidRefusalDocument,
} from './collections';
import { monthsOf, yearsOf } from './caregiver-totals-years';
import { ledgerEventDocument } from './ledger-documents';
import { HEARTBEAT_EVERY } from './mongo-decision-state';
import { refusalsClassified } from './store-refusal';

const DUPLICATE_KEY = 11000;
const INSERT_CHUNK = 1000;
const MAX_RECOVERY_ROUNDS = 10;

/** Called after every bulk write; a test makes it throw to stop a write part-way. */
export type AfterBulkWrite = () => void;

/**
 * The projector's writes, one bulk write per chunk of documents:
 * - ledger documents are inserted unordered under deterministic ids; a duplicate (written by the
 *   attempt a replay repeats) is skipped without a read, which would scan the collection on FerretDB;
 * - a caregiver's totals document believed absent is inserted whole (on FerretDB an insert costs a
 *   tenth of an update); one believed present is read by `_id` and replaced whole with what it
 *   lacks added, compare-and-set on the `lastOffset` read. Its months are JSON text
 *   (caregiver-totals-years.ts), which FerretDB 1.24 reads and writes for a fifteenth of the CPU
 *   that a guarded `$inc` of every field of nested sums cost it (`npm run bench:totals-shape`);
 * - a refused insert, or a flush that may be half applied, is recovered the same way;
 * - a write the server refuses for what a document holds is thrown as RecordRefusedError (store-refusal.ts).
 */
export class MongoReadModelWrites extends ReadModelWrites {
  constructor(
    private readonly db: Db,
    private readonly writeChunk: number,
    private readonly afterBulkWrite: AfterBulkWrite = () => undefined,
  ) {
    super();
  }

  private get totals(): Collection<CaregiverTotalsDocument> {
    return this.db.collection<CaregiverTotalsDocument>(CAREGIVER_TOTALS);
  }

  insertLedger(inserts: LedgerInserts, heartbeat: () => Promise<void>): Promise<void> {
    return refusalsClassified(() => this.insertLedgerDocuments(inserts, heartbeat));
  }

  /**
   * The partition's documents are streamed and those in the range deleted by `_id`, a bulk write per
   * chunk: FerretDB takes the partition's equality into its SQL but filters a range in Go, a document
   * at a time, so one deleteMany over a large ledger would outlast the consumer's session.
   */
  async removeLedger(partition: number, from: number, to: number, heartbeat: () => Promise<void>): Promise<void> {
    for (const name of [LEDGER_EVENTS, EVENT_SETTLEMENTS, VOID_REFUSALS, REIMBURSEMENTS]) {
      const documents = this.db.collection<{ _id: string; partition: number; offset: number }>(name);
      const ids: string[] = [];
      let read = 0;
      for await (const doc of documents.find({ partition }, { projection: { _id: 1, offset: 1 } })) {
        if (doc.offset >= from && doc.offset <= to) ids.push(doc._id);
        if (++read % HEARTBEAT_EVERY === 0) await heartbeat();
      }
      for (let start = 0; start < ids.length; start += INSERT_CHUNK) {
        // The partition and range again: an id another partition reused may have been written since the read.
        const deletes = ids.slice(start, start + INSERT_CHUNK).map((_id) => ({ deleteOne: { filter: { _id, partition, offset: { $gte: from, $lte: to } } } }));
        await documents.bulkWrite(deletes, { ordered: false });
        await heartbeat();
      }
    }
  }

  addTotals(groups: CaregiverTotalsContributions[], hints: TotalsWriteHints, heartbeat: () => Promise<void>): Promise<TotalsWriteOutcome> {
    return refusalsClassified(() => this.addTotalsDocuments(groups, hints, heartbeat));
  }

  applyCatalog(records: PositionedRecord<CatalogRecord>[]): Promise<void> {
    return refusalsClassified(() => this.applyCatalogDocuments(records));
  }

  private async insertLedgerDocuments(inserts: LedgerInserts, heartbeat: () => Promise<void>): Promise<void> {
    await this.insertOnce(this.db.collection<LedgerEventDocument>(LEDGER_EVENTS), inserts.events.map(ledgerEventDocument), heartbeat);
    await this.insertOnce(this.db.collection<SettlementDocument>(EVENT_SETTLEMENTS), inserts.settlements.map((s) => ({ ...s, _id: s.eventId })), heartbeat);
    await this.insertOnce(
      this.db.collection<VoidRefusalDocument>(VOID_REFUSALS),
      inserts.voidRefusals.map((r) => ({ ...r, _id: `${r.eventId}#${r.partition}#${r.offset}` })),
      heartbeat,
    );
    await this.insertOnce(
      this.db.collection<ReimbursementDocument>(REIMBURSEMENTS),
      inserts.reimbursements.map((r) => ({ ...r, _id: r.reimbursementId })),
      heartbeat,
    );
  }

  private async addTotalsDocuments(groups: CaregiverTotalsContributions[], hints: TotalsWriteHints, heartbeat: () => Promise<void>): Promise<TotalsWriteOutcome> {
    if (hints.mayBeApplied) {
      // A refusal costs FerretDB 1.24 a connection it does not give back: expected ones are avoided by reading first.
      await this.recover(groups, heartbeat);
      return { written: 0, recovered: groups.length };
    }
    const absent = groups.filter((g) => hints.absent.has(g.caregiverId));
    // Replaced whole, they are read first: the compare-and-set of a recovery is that write.
    const heldBefore = await this.recover(groups.filter((g) => !hints.absent.has(g.caregiverId)), heartbeat);
    const refused: CaregiverTotalsContributions[] = [];
    for (let start = 0; start < absent.length; start += INSERT_CHUNK) {
      const chunk = absent.slice(start, start + INSERT_CHUNK);
      const docs = chunk.map((g) => newDocument(changeAfter(g, -1) as CaregiverTotalsChange));
      // FerretDB stops an unordered insert at the first duplicate: which others went in is unknown.
      if (!(await this.inserted(() => this.totals.insertMany(docs, { ordered: false })))) refused.push(...chunk);
      this.afterBulkWrite();
      await heartbeat();
    }
    if (refused.length > 0) await this.recover(refused, heartbeat);
    return { written: groups.length - refused.length - heldBefore, recovered: refused.length + heldBefore };
  }

  private async applyCatalogDocuments(records: PositionedRecord<CatalogRecord>[]): Promise<void> {
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
        : { updateOne: { filter: { _id: record.payload.code }, update: { $set: { [`rates.${record.payload.effectiveFrom}`]: record.payload.amountCents } } } },
    );
    for (let start = 0; start < operations.length; start += this.writeChunk) {
      await this.db.collection<EventTypeDocument>(EVENT_TYPES).bulkWrite(operations.slice(start, start + this.writeChunk), { ordered: true });
    }
  }

  /** Insert-only writes with deterministic ids, unordered; duplicates are skipped. */
  private async insertOnce<T extends Document & { _id: string }>(collection: Collection<T>, docs: T[], heartbeat: () => Promise<void>): Promise<void> {
    for (let start = 0; start < docs.length; start += INSERT_CHUNK) {
      const chunk = docs.slice(start, start + INSERT_CHUNK) as OptionalUnlessRequiredId<T>[];
      const complete = await this.inserted(() => collection.insertMany(chunk, { ordered: false }));
      // FerretDB stops at the first duplicate even unordered: the rest of the chunk, one by one.
      if (!complete) for (const doc of chunk) await this.inserted(() => collection.insertOne(doc));
      this.afterBulkWrite();
      await heartbeat();
    }
  }

  /** False when the server refused some document as a duplicate key; any other failure is thrown. */
  private async inserted(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      if (error instanceof MongoBulkWriteError) {
        const writeErrors = [error.writeErrors].flat();
        if (writeErrors.length > 0 && writeErrors.every((e) => e.code === DUPLICATE_KEY)) return false;
      }
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  /**
   * Reads each document (by `_id`, the lookup FerretDB indexes) and replaces it with what it lacks
   * added, compare-and-set on its `lastOffset`. Answers how many documents the first read found
   * holding some of the contributions already (a replay, another writer).
   */
  private async recover(groups: CaregiverTotalsContributions[], heartbeat: () => Promise<void>): Promise<number> {
    let held = 0;
    let remaining = groups;
    for (let round = 0; remaining.length > 0; round++) {
      if (round === MAX_RECOVERY_ROUNDS) throw new Error('caregiver totals kept changing under the projector');
      const next: CaregiverTotalsContributions[] = [];
      for (let start = 0; start < remaining.length; start += this.writeChunk) {
        const chunk = remaining.slice(start, start + this.writeChunk);
        const docs = await Promise.all(chunk.map((g) => this.totals.findOne({ _id: g.caregiverId })));
        const operations: AnyBulkWriteOperation<CaregiverTotalsDocument>[] = [];
        const changed: CaregiverTotalsContributions[] = [];
        chunk.forEach((group, i) => {
          const current = docs[i];
          const lastOffset = current?.lastOffset;
          if (round === 0 && lastOffset !== undefined && lastOffset >= group.contributions[0].offset) held += 1;
          const change = changeAfter(group, lastOffset ?? -1);
          if (!change) return;
          changed.push(group);
          operations.push(
            !current
              ? { insertOne: { document: newDocument(change) } }
              : {
                  replaceOne: {
                    filter: { _id: group.caregiverId, lastOffset: current.lastOffset },
                    replacement: { caregiverId: group.caregiverId, years: yearsOf(monthsAfter(monthsOf(current), change)), lastOffset: change.lastOffset },
                  },
                },
          );
        });
        if (operations.length === 0) continue;
        // A document another writer changed since the read is missed here; the next round reads it again.
        const complete = await this.totals
          .bulkWrite(operations, { ordered: true })
          .then((result) => result.matchedCount + result.insertedCount === operations.length)
          .catch(async (error: unknown) => this.inserted(() => Promise.reject(error)));
        this.afterBulkWrite();
        await heartbeat();
        if (!complete) next.push(...changed);
      }
      remaining = next;
    }
    return held;
  }
}

function newDocument(change: CaregiverTotalsChange): CaregiverTotalsDocument {
  return { _id: change.caregiverId, caregiverId: change.caregiverId, years: yearsOf(change.months), lastOffset: change.lastOffset };
}

/** The months of a document after a change (exported for bench:totals-shape). */
export function monthsAfter(months: Record<string, MonthSums>, change: CaregiverTotalsChange): Record<string, MonthSums> {
  const after = { ...months };
  for (const [month, delta] of Object.entries(change.months)) after[month] = addChange(after[month] ?? emptyMonthSums(), delta);
  return after;
}

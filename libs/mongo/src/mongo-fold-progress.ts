import { LedgerDecision } from '@reimbursements/domain/ledger/ledger-decision';
import { FoldProgress, NOTHING_APPLIED, PartitionProgress } from '@reimbursements/domain/ports/fold-progress.port';
import { Db, MongoServerError } from 'mongodb';
import { PROJECTION_OFFSETS, ProjectionOffsetDocument } from './collections';

const DUPLICATE_KEY = 11000;

/** A projection's progress per partition, one document each in projection_offsets (the query side reads it as the position). */
export class MongoFoldProgress extends FoldProgress {
  constructor(private readonly db: Db) {
    super();
  }

  private get offsets() {
    return this.db.collection<ProjectionOffsetDocument>(PROJECTION_OFFSETS);
  }

  async read(projection: string, topic: string, partition: number): Promise<PartitionProgress> {
    const doc = await this.offsets.findOne({ _id: offsetDocumentId(projection, topic, partition) });
    if (!doc) return NOTHING_APPLIED;
    return {
      applied: doc.appliedOffset,
      attempted: Math.max(doc.appliedOffset, doc.attemptedOffset ?? -1),
      decisions: storedDecisions(doc).filter((decision) => decision.offset > doc.appliedOffset),
    };
  }

  async attempt(projection: string, topic: string, partition: number, offset: number, decisions: LedgerDecision[]): Promise<void> {
    await this.offsets.updateOne(
      { _id: offsetDocumentId(projection, topic, partition) },
      {
        $set: { attemptedOffset: offset, decisionsJson: JSON.stringify(decisions), updatedAt: new Date() },
        $unset: { decisions: '' },
        $setOnInsert: { projection, topic, partition, appliedOffset: -1 },
      },
      { upsert: true },
    );
  }

  async apply(projection: string, topic: string, partition: number, offset: number, months: readonly string[]): Promise<void> {
    const _id = offsetDocumentId(projection, topic, partition);
    const written = Object.fromEntries(months.map((month) => [`monthWrites.${month}`, offset]));
    const withMonths = months.length > 0 ? { $max: written } : {};
    // The decisions of the attempt this applies are spent: dropped with it, so that the document every
    // later update and status read of the partition loads on FerretDB (read-modify-write, whole
    // documents) is small again, not a flush's tens of thousands of decisions. Only when no later
    // attempt (a writer that took the partition over) recorded decisions of its own.
    const spent = await this.offsets.updateOne(
      { _id, appliedOffset: { $lt: offset }, attemptedOffset: { $lte: offset } },
      { $set: { appliedOffset: offset, updatedAt: new Date() }, $unset: { decisions: '', decisionsJson: '' }, ...withMonths },
    );
    if (spent.matchedCount > 0) return;
    const moved = await this.offsets.updateOne({ _id, appliedOffset: { $lt: offset } }, { $set: { appliedOffset: offset, updatedAt: new Date() }, ...withMonths });
    if (moved.matchedCount > 0) return;
    // Either the document is at or past `offset` already, or it does not exist yet.
    const monthWrites = Object.fromEntries(months.map((month) => [month, offset]));
    const inserted = await this.offsets.insertOne({ _id, projection, topic, partition, appliedOffset: offset, monthWrites, updatedAt: new Date() }).then(
      () => true,
      (error: unknown) => {
        if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
        return false;
      },
    );
    if (inserted) return;
    // Created meanwhile by the projector's status report (mongo-partition-status.ts): move it now.
    const movedNow = await this.offsets.updateOne({ _id, appliedOffset: { $lt: offset } }, { $set: { appliedOffset: offset, updatedAt: new Date() }, ...withMonths });
    // A writer finishing late: its totals writes may have landed after the other writer's apply, so its months still move.
    if (movedNow.matchedCount === 0 && months.length > 0) await this.offsets.updateOne({ _id }, { $max: written });
  }
}

function storedDecisions(doc: ProjectionOffsetDocument): LedgerDecision[] {
  return doc.decisionsJson === undefined ? (doc.decisions ?? []) : (JSON.parse(doc.decisionsJson) as LedgerDecision[]);
}

export function offsetDocumentId(projection: string, topic: string, partition: number): string {
  return `${projection}#${topic}#${partition}`;
}

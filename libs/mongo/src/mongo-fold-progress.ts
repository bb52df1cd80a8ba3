import { LedgerDecision } from '@reimbursements/domain/ledger/ledger-decision';
import { FoldProgress, NOTHING_APPLIED, PartitionProgress } from '@reimbursements/domain/ports/fold-progress.port';
import { Db, MongoServerError } from 'mongodb';
import { PROJECTION_ATTEMPTS, PROJECTION_OFFSETS, ProjectionAttemptDocument, ProjectionOffsetDocument } from './collections';

const DUPLICATE_KEY = 11000;

/**
 * A projection's progress per partition, one document each in projection_offsets (the query side
 * reads it as the position), and the decisions of its attempt in a projection_attempts document
 * named by the attempted offset. The offsets document names the attempt only once its decisions
 * are stored, so a read finds either the attempt with its decisions or the one before. The apply
 * of an attempt deletes its decisions, and those of every attempt of the partition at or below the
 * applied offset: an attempt superseded before its apply (a writer that crashed mid-flush, then a
 * larger attempt) is never read again.
 */
export class MongoFoldProgress extends FoldProgress {
  constructor(private readonly db: Db) {
    super();
  }

  private get offsets() {
    return this.db.collection<ProjectionOffsetDocument>(PROJECTION_OFFSETS);
  }

  private get attempts() {
    return this.db.collection<ProjectionAttemptDocument>(PROJECTION_ATTEMPTS);
  }

  async read(projection: string, topic: string, partition: number): Promise<PartitionProgress> {
    const _id = offsetDocumentId(projection, topic, partition);
    const doc = await this.offsets.findOne({ _id });
    if (!doc) return NOTHING_APPLIED;
    const attempted = Math.max(doc.appliedOffset, doc.attemptedOffset ?? -1);
    if (attempted === doc.appliedOffset) return { applied: doc.appliedOffset, attempted, decisions: [] };
    const attempt = await this.attempts.findOne({ _id: attemptDocumentId(_id, attempted) });
    const decisions = attempt ? (JSON.parse(attempt.decisionsJson) as LedgerDecision[]) : earlierDecisions(doc);
    return { applied: doc.appliedOffset, attempted, decisions: decisions.filter((decision) => decision.offset > doc.appliedOffset) };
  }

  async attempt(projection: string, topic: string, partition: number, offset: number, decisions: LedgerDecision[]): Promise<void> {
    const _id = offsetDocumentId(projection, topic, partition);
    await this.attempts.replaceOne({ _id: attemptDocumentId(_id, offset) }, { offsets: _id, offset, decisionsJson: JSON.stringify(decisions) }, { upsert: true });
    await this.offsets.updateOne(
      { _id },
      {
        $set: { attemptedOffset: offset, updatedAt: new Date() },
        // An attempt's decisions replace the ones before it, wherever those were kept.
        $unset: { decisions: '', decisionsJson: '' },
        $setOnInsert: { projection, topic, partition, appliedOffset: -1 },
      },
      { upsert: true },
    );
  }

  async apply(projection: string, topic: string, partition: number, offset: number, months: readonly string[]): Promise<void> {
    const _id = offsetDocumentId(projection, topic, partition);
    const written = Object.fromEntries(months.map((month) => [`monthWrites.${month}`, offset]));
    const withMonths = months.length > 0 ? { $max: written } : {};
    // The decisions of the attempt this applies are spent: dropped with it, so that the attempts
    // collection holds only the decisions of flushes still being written. Only when no later
    // attempt (a writer that took the partition over) recorded decisions of its own.
    const spent = await this.offsets.findOneAndUpdate(
      { _id, appliedOffset: { $lt: offset }, attemptedOffset: { $lte: offset } },
      { $set: { appliedOffset: offset, updatedAt: new Date() }, $unset: { decisions: '', decisionsJson: '' }, ...withMonths },
      // No projection: FerretDB 1.24's findAndModify does not take one (the document is small).
      { returnDocument: 'before' },
    );
    if (spent) {
      // At or below the applied offset now, which never moves back: no read needs these decisions
      // again, nor those of attempts this one superseded.
      const superseded = { offsets: _id, offset: { $lte: offset } };
      await this.attempts.deleteMany(spent.attemptedOffset === undefined ? superseded : { $or: [{ _id: attemptDocumentId(_id, spent.attemptedOffset) }, superseded] });
      return;
    }
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

/** The decisions of an attempt recorded in the offsets document itself, by the projector before projection_attempts. */
function earlierDecisions(doc: ProjectionOffsetDocument): LedgerDecision[] {
  return doc.decisionsJson === undefined ? (doc.decisions ?? []) : (JSON.parse(doc.decisionsJson) as LedgerDecision[]);
}

export function offsetDocumentId(projection: string, topic: string, partition: number): string {
  return `${projection}#${topic}#${partition}`;
}

function attemptDocumentId(offsetDocument: string, attempted: number): string {
  return `${offsetDocument}#${attempted}`;
}

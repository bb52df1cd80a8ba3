import { PartitionReport, StoredPartitionStatus } from '@reimbursements/domain/ops/partition-status';
import { RecordSkip } from '@reimbursements/domain/ops/record-skipped.record';
import { Db } from 'mongodb';
import { PROJECTION_OFFSETS, ProjectionOffsetDocument } from './collections';
import { offsetDocumentId } from './mongo-fold-progress';

/**
 * The ops status of each partition, kept in its projection_offsets document: the projector writes
 * what only it knows (stuck record, lag in time, fold rate) and the records it skipped; the
 * query-api reads them beside the applied offsets. A restart loses nothing of it.
 */
export class MongoPartitionStatus {
  constructor(private readonly db: Db) {}

  private get offsets() {
    return this.db.collection<ProjectionOffsetDocument>(PROJECTION_OFFSETS);
  }

  async report(projection: string, topic: string, partition: number, report: PartitionReport): Promise<void> {
    await this.offsets.updateOne(
      { _id: offsetDocumentId(projection, topic, partition) },
      { $set: { report }, $setOnInsert: { projection, topic, partition, appliedOffset: -1, updatedAt: new Date() } },
      { upsert: true },
    );
  }

  async recordSkip(projection: string, skip: RecordSkip): Promise<void> {
    await this.offsets.updateOne(
      { _id: offsetDocumentId(projection, skip.topic, skip.partition) },
      { $set: { [`skipped.${skip.offset}`]: skip }, $setOnInsert: { projection, topic: skip.topic, partition: skip.partition, appliedOffset: -1, updatedAt: new Date() } },
      { upsert: true },
    );
  }

  /** Every partition of every projection version the database holds. */
  async partitions(): Promise<StoredPartitionStatus[]> {
    const docs = await this.offsets.find({}, { projection: { decisions: 0, decisionsJson: 0, monthWrites: 0 } }).toArray();
    return docs.map((doc) => ({
      projection: doc.projection,
      topic: doc.topic,
      partition: doc.partition,
      appliedOffset: doc.appliedOffset,
      ...(doc.report ? { report: doc.report } : {}),
      skipped: Object.values(doc.skipped ?? {}),
    }));
  }
}

import { LogPartitions } from '@reimbursements/domain/ports/log-partitions.port';
import { PartitionCounts } from '@reimbursements/domain/position/unknown-partitions';
import { Db } from 'mongodb';
import { LOG_PARTITIONS } from './collections';

interface LogPartitionsDocument {
  /** The topic. */
  _id: string;
  partitions: number;
  recordedAt: Date;
}

/** One document per topic, keyed by its name: a lookup and an upsert by `_id` each. */
export class MongoLogPartitions extends LogPartitions {
  constructor(private readonly db: Db) {
    super();
  }

  async record(counts: PartitionCounts): Promise<void> {
    const collection = this.db.collection<LogPartitionsDocument>(LOG_PARTITIONS);
    await Promise.all(
      Object.entries(counts).map(([topic, partitions]) =>
        collection.updateOne({ _id: topic }, { $max: { partitions }, $set: { recordedAt: new Date() } }, { upsert: true }),
      ),
    );
  }

  async counts(): Promise<PartitionCounts> {
    const docs = await this.db.collection<LogPartitionsDocument>(LOG_PARTITIONS).find({}).toArray();
    return Object.fromEntries(docs.map((d) => [d._id, d.partitions]));
  }
}

import { RecordSkips } from '@reimbursements/domain/ports/record-skips.port';
import { KafkaRecordSource } from '@reimbursements/kafka/kafka-record-source';
import { ensureIndexes } from '@reimbursements/mongo/collections';
import { MongoDecisionState } from '@reimbursements/mongo/mongo-decision-state';
import { MongoFoldProgress } from '@reimbursements/mongo/mongo-fold-progress';
import { MongoPartitionStatus } from '@reimbursements/mongo/mongo-partition-status';
import { MongoReadModelWrites } from '@reimbursements/mongo/mongo-read-model-writes';
import { MetricGroup } from '@reimbursements/platform/metrics/metrics';
import { Tracing } from '@reimbursements/platform/tracing/tracing';
import { Logger } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Db } from 'mongodb';
import { ProjectorSettings } from '../projector.settings';
import { FaultInjection } from './fault-injection';
import { FoldTracing } from './fold-tracing';
import { PartitionStatusTracker } from './partition-status-tracker';
import { ProjectBatchService } from './project-batch.service';

export interface VersionFoldTarget {
  /** `v2`, `v3`, ... */
  version: string;
  /** The name its offsets are recorded under (`read-models-v3`). */
  projection: string;
  db: Db;
  groupId: string;
}

/**
 * One version of the read models being folded: its own consumer group on the log and the catalog,
 * its own database, the exactly-once fold between them, and its metrics (served while it is live).
 */
export class VersionFold {
  private readonly logger: Logger;
  readonly metrics: MetricGroup;
  readonly status: PartitionStatusTracker;
  private readonly source: KafkaRecordSource;
  private readonly batches: ProjectBatchService;
  private readonly progress: MongoFoldProgress;
  private running = false;

  constructor(
    readonly target: VersionFoldTarget,
    kafka: Kafka,
    skips: RecordSkips,
    settings: ProjectorSettings,
    private readonly faults: FaultInjection,
    tracing: Tracing,
  ) {
    this.logger = new Logger(`VersionFold ${target.version}`);
    this.metrics = new MetricGroup('projector');
    this.status = new PartitionStatusTracker(target.projection, new MongoPartitionStatus(target.db), this.metrics, settings.PROJECTOR_STATUS_INTERVAL_MS);
    this.source = new KafkaRecordSource(kafka, {
      groupId: target.groupId,
      topics: [settings.CATALOG_TOPIC, settings.LOG_TOPIC],
      partitionsConsumedConcurrently: settings.PROJECTOR_PARTITIONS_CONCURRENTLY,
      maxBytesPerPartition: settings.PROJECTOR_MAX_BYTES_PER_PARTITION,
      fetchMaxWaitMs: settings.PROJECTOR_FETCH_MAX_WAIT_MS,
      traceHeaders: tracing.enabled,
    });
    this.progress = new MongoFoldProgress(target.db);
    this.batches = new ProjectBatchService(settings, {
      projection: target.projection,
      progress: this.progress,
      state: new MongoDecisionState(target.db),
      writes: new MongoReadModelWrites(target.db, settings.PROJECTOR_WRITE_CHUNK),
      skips,
      faults,
      metrics: this.metrics,
      status: this.status,
      tracing: new FoldTracing(tracing.tracer('projector.fold')),
    });
    const source = this.source;
    this.metrics.observedGauge('projector_overlapping_batches', 'Batches of a partition handed out while an earlier one was still being handled (then serialized)', () => source.overlappingBatches());
    this.metrics.observedGauge('projector_detached_batches', 'Batches handled longer than a second, finished while the consumer went on with the other partitions', () => source.detachedBatches());
    this.metrics.observedGauge('projector_consumer_restarts', 'Times the consumer stopped on an error and joined the group again', () => source.restartsAfterCrash());
    const batchFailures = this.metrics.counter('projector_batch_failures_total', 'Batches that failed (a store or broker outage): the partition waits and is fetched again', ['topic']);
    this.source.onAssignment((assigned) => {
      this.batches.forgetAppliedOffsets(assigned);
      void this.resumeWhereStored(assigned);
    });
    this.source.onBatchFailure((topic, partition, error, retryInMs) => {
      batchFailures.inc({ topic });
      this.logger.warn({ topic, partition, reason: error.message, retryInMs }, 'a batch failed; the partition is fetched again after a pause');
    });
    this.source.onCrash((error) => {
      this.batches.forgetAppliedOffsets();
      this.logger.error({ reason: error.message }, 'the consumer stopped; joining the group again');
    });
  }

  /**
   * The read models' stored offsets say where each partition goes on, not the group's committed
   * ones: after a backup of them was restored (a replay) the log has nothing new to fetch past the
   * committed offset, so the fold would never see a batch to rewind from.
   */
  private async resumeWhereStored(assigned: Record<string, number[]>): Promise<void> {
    try {
      for (const [topic, partitions] of Object.entries(assigned)) {
        for (const partition of partitions) this.source.seek(topic, partition, (await this.progress.read(this.target.projection, topic, partition)).applied + 1);
      }
    } catch (error) {
      // The fold rewinds to what is stored when its next batch does not follow on from it.
      this.logger.warn({ reason: (error as Error).message }, 'stored offsets not read at assignment');
    }
  }

  isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    await ensureIndexes(this.target.db);
    await this.source.start(
      (batch) => this.batches.project(batch),
      () => this.faults.reached('before-offset-commit'),
      (topic, partition) => this.batches.resumeOffset(topic, partition),
    );
    this.running = true;
    this.logger.log({ database: this.target.db.databaseName, group: this.target.groupId }, 'consuming');
  }

  /** Leaves the group: what the fold held and has not flushed is fetched again by whoever folds next. */
  async stop(): Promise<void> {
    this.running = false;
    await this.source.stop();
    this.batches.forgetAppliedOffsets();
    this.logger.log('left the consumer group');
  }
}

import { KafkaRecordSource } from '@reimbursements/kafka/kafka-record-source';
import { KafkaRecordSkips } from '@reimbursements/kafka/kafka-record-skips';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { FaultInjection } from './fault-injection';
import { ProjectBatchService } from './project-batch.service';

/** Runs the consumer: joins the group after start-up, leaves it cleanly on shutdown. */
@Injectable()
export class ProjectionWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ProjectionWorker');
  private running = false;

  constructor(
    private readonly source: KafkaRecordSource,
    private readonly skips: KafkaRecordSkips,
    private readonly projectBatch: ProjectBatchService,
    private readonly faults: FaultInjection,
    private readonly metrics: Metrics,
  ) {}

  isRunning(): boolean {
    return this.running;
  }

  async onApplicationBootstrap(): Promise<void> {
    const source = this.source;
    const batchFailures = this.metrics.counter('projector_batch_failures_total', 'Batches that failed (a store or broker outage): the partition waits and is fetched again', ['topic']);
    this.source.onAssignment((assigned) => this.projectBatch.forgetAppliedOffsets(assigned));
    this.source.onBatchFailure((topic, partition, error, retryInMs) => {
      batchFailures.inc({ topic });
      this.logger.warn({ topic, partition, reason: error.message, retryInMs }, 'a batch failed; the partition is fetched again after a pause');
    });
    // The skips are known before any record is folded (exactly-once-fold.ts).
    await this.skips.start();
    this.source.onCrash((error) => {
      this.projectBatch.forgetAppliedOffsets();
      this.logger.error({ reason: error.message }, 'the consumer stopped; joining the group again');
    });
    await this.source.start(
      (batch) => this.projectBatch.project(batch),
      () => this.faults.reached('before-offset-commit'),
      (topic, partition) => this.projectBatch.resumeOffset(topic, partition),
    );
    this.running = true;
    this.logger.log('consuming');
    this.metrics.observedGauge(
      'projector_overlapping_batches',
      'Batches of a partition handed out while an earlier one was still being handled (then serialized)',
      () => source.overlappingBatches(),
    );
    this.metrics.observedGauge('projector_consumer_restarts', 'Times the consumer stopped on an error and joined the group again', () =>
      source.restartsAfterCrash(),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.source.stop();
    await this.skips.stop();
    this.logger.log('left the consumer group');
  }
}

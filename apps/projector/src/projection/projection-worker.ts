import { KafkaRecordSource } from '@reimbursements/kafka/kafka-record-source';
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
    private readonly projectBatch: ProjectBatchService,
    private readonly faults: FaultInjection,
    private readonly metrics: Metrics,
  ) {}

  isRunning(): boolean {
    return this.running;
  }

  async onApplicationBootstrap(): Promise<void> {
    const source = this.source;
    this.source.onAssignment(() => this.projectBatch.forgetAppliedOffsets());
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
    this.logger.log('left the consumer group');
  }
}

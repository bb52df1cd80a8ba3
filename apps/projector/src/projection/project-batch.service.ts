import { EVENT_TYPE_DEFINED } from '@reimbursements/domain/catalog/event-type-defined.record';
import { EVENT_TYPE_RATE_SCHEDULED } from '@reimbursements/domain/catalog/event-type-rate-scheduled.record';
import { EVENT_REGISTERED } from '@reimbursements/domain/events/event-registered.record';
import { partitionKey } from '@reimbursements/domain/position/log-position';
import { groupContributions } from '@reimbursements/domain/projections/monthly-totals.fold';
import { PartitionProgress, ReadModelStore } from '@reimbursements/domain/ports/read-model-store.port';
import { CatalogRecord, KnownRecord, LogRecord } from '@reimbursements/domain/records/log-record';
import { PositionedRecord } from '@reimbursements/domain/records/record-envelope';
import { SourceBatch } from '@reimbursements/kafka/kafka-record-source';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { ProjectorSettings } from '../projector.settings';
import { FaultInjection } from './fault-injection';
import { READ_MODELS_PROJECTION } from '@reimbursements/domain/projections/read-models-projection';

/**
 * Folds one partition's batch into the read models: records at or below the partition's applied
 * offset are skipped, the rest become one guarded write per touched document, and the applied
 * offset moves only after those writes. A crash anywhere in between is repaired by the guards.
 */
@Injectable()
export class ProjectBatchService {
  private progress: Map<string, PartitionProgress> | undefined;
  private readonly recordsApplied: Counter<'topic'>;
  private readonly documentsWritten: Counter<'outcome'>;
  private readonly lag: Gauge<'topic' | 'partition'>;
  private readonly batchSeconds: Histogram<'topic'>;

  constructor(
    private readonly store: ReadModelStore,
    private readonly settings: ProjectorSettings,
    private readonly faults: FaultInjection,
    metrics: Metrics,
  ) {
    this.recordsApplied = metrics.counter('projector_records_applied_total', 'Records folded into the read models', ['topic']);
    this.documentsWritten = metrics.counter(
      'projector_documents_written_total',
      'Monthly-totals documents written (recovered: a replay found some of the batch already applied)',
      ['outcome'],
    );
    this.lag = metrics.gauge('projector_lag_records', 'Records in the partition not yet applied', ['topic', 'partition']);
    this.batchSeconds = metrics.histogram('projector_batch_seconds', 'Time to fold one batch', ['topic'], [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  }

  /** Partitions may have moved to or from another instance: re-read what is applied. */
  forgetAppliedOffsets(): void {
    this.progress = undefined;
  }

  async project(batch: SourceBatch): Promise<void> {
    const stop = this.batchSeconds.startTimer({ topic: batch.topic });
    const key = partitionKey(batch.topic, batch.partition);
    this.progress ??= await this.store.progress(READ_MODELS_PROJECTION);
    const { applied, attempted } = this.progress.get(key) ?? { applied: -1, attempted: -1 };
    if (batch.lastOffset > applied) {
      const fresh = batch.records.filter((r) => r.offset > applied);
      const mayBeApplied = attempted > applied;
      if (batch.lastOffset > attempted) {
        await this.store.markAttempted(READ_MODELS_PROJECTION, batch.topic, batch.partition, batch.lastOffset);
      }
      await this.apply(batch.topic, fresh, mayBeApplied);
      this.faults.reached('after-read-model-writes');
      await this.store.saveAppliedOffset(READ_MODELS_PROJECTION, batch.topic, batch.partition, batch.lastOffset);
      this.progress.set(key, { applied: batch.lastOffset, attempted: Math.max(attempted, batch.lastOffset) });
      this.recordsApplied.inc({ topic: batch.topic }, fresh.length);
    }
    this.lag.set({ topic: batch.topic, partition: String(batch.partition) }, Math.max(0, batch.highWatermark - 1 - batch.lastOffset));
    stop();
  }

  private async apply(topic: string, records: PositionedRecord<KnownRecord>[], mayBeApplied: boolean): Promise<void> {
    if (topic === this.settings.CATALOG_TOPIC) {
      await this.store.applyCatalog(
        records.filter(
          (r): r is PositionedRecord<CatalogRecord> =>
            r.record.type === EVENT_TYPE_DEFINED || r.record.type === EVENT_TYPE_RATE_SCHEDULED,
        ),
      );
      return;
    }
    const events = records.filter((r): r is PositionedRecord<LogRecord> => r.record.type === EVENT_REGISTERED);
    const outcome = await this.store.applyMonthlyTotals(groupContributions(events, this.settings.BUSINESS_TIME_ZONE), mayBeApplied);
    this.documentsWritten.inc({ outcome: 'written' }, outcome.written);
    this.documentsWritten.inc({ outcome: 'recovered' }, outcome.recovered);
  }
}

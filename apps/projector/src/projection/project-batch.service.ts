import { ExactlyOnceFold, FoldObserver } from '@reimbursements/domain/fold/exactly-once-fold';
import { DecisionState } from '@reimbursements/domain/ports/decision-state.port';
import { FoldProgress } from '@reimbursements/domain/ports/fold-progress.port';
import { ReadModelWrites } from '@reimbursements/domain/ports/read-model-writes.port';
import { RecordSkips } from '@reimbursements/domain/ports/record-skips.port';
import { BatchOutcome, SourceBatch } from '@reimbursements/kafka/kafka-record-source';
import { MetricGroup } from '@reimbursements/platform/metrics/metrics';
import { ProjectorSettings } from '../projector.settings';
import { FaultInjection } from './fault-injection';
import { FoldTracing } from './fold-tracing';
import { PartitionStatusTracker } from './partition-status-tracker';

export interface ProjectBatchParts {
  /** The projection version's name in its offsets (`read-models-v2`). */
  projection: string;
  progress: FoldProgress;
  state: DecisionState;
  writes: ReadModelWrites;
  skips: RecordSkips;
  faults: FaultInjection;
  metrics: MetricGroup;
  status: PartitionStatusTracker;
  tracing: FoldTracing;
}

/** Carries the consumer's batches of one projection version to the exactly-once fold (libs/domain/src/fold) and counts what it does. */
export class ProjectBatchService {
  private readonly fold: ExactlyOnceFold;
  private readonly status: PartitionStatusTracker;
  private readonly tracing: FoldTracing;

  constructor(settings: ProjectorSettings, { projection, progress, state, writes, skips, faults, metrics, status, tracing }: ProjectBatchParts) {
    this.status = status;
    this.tracing = tracing;
    this.fold = new ExactlyOnceFold(
      { progress, state, writes, skips },
      {
        projection,
        catalogTopic: settings.CATALOG_TOPIC,
        currency: settings.CURRENCY,
        timeZone: settings.BUSINESS_TIME_ZONE,
        holdRecords: settings.PROJECTOR_HOLD_RECORDS,
        holdMs: settings.PROJECTOR_HOLD_MS,
        catchUpHoldMs: settings.PROJECTOR_CATCH_UP_HOLD_MS,
        refusalsBeforeStuck: settings.PROJECTOR_REFUSALS_BEFORE_STUCK,
        retryMs: settings.PROJECTOR_REFUSAL_RETRY_MS,
      },
      foldMetrics(metrics, faults, status),
    );
    this.lag = metrics.gauge('projector_lag_records', 'Records in the partition not yet applied', ['topic', 'partition']);
    this.batchSeconds = metrics.histogram('projector_batch_seconds', 'Time to fold one batch (a flush included)', ['topic'], [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  }

  private readonly lag;
  private readonly batchSeconds;

  /** Partitions may have moved to or from another instance: what is applied is read again. */
  forgetAppliedOffsets(assigned?: Record<string, number[]>): void {
    this.fold.forget();
    this.tracing.forget();
    if (assigned) this.status.retain(assigned);
  }

  resumeOffset(topic: string, partition: number): number | undefined {
    return this.fold.resumeOffset(topic, partition);
  }

  async project(batch: SourceBatch): Promise<BatchOutcome> {
    const stop = this.batchSeconds.startTimer({ topic: batch.topic });
    try {
      const outcome = await this.tracing.around(batch, () => this.fold.fold({ ...batch, caughtUp: batch.lastOffset + 1 >= batch.highWatermark, behind: Math.max(0, batch.highWatermark - 1 - batch.lastOffset) }));
      // What the fold has applied, committed in this batch or not: a batch refused right after a
      // caught-up state (a poison record first) commits nothing, while the records behind it grew.
      const resume = this.fold.resumeOffset(batch.topic, batch.partition);
      const applied = outcome.commit ?? (resume === undefined ? undefined : resume - 1);
      if (applied !== undefined) this.lag.set({ topic: batch.topic, partition: String(batch.partition) }, Math.max(0, batch.highWatermark - 1 - applied));
      await this.status.batchDone(batch, outcome);
      return outcome;
    } finally {
      stop();
    }
  }
}

function foldMetrics(metrics: MetricGroup, faults: FaultInjection, status: PartitionStatusTracker): FoldObserver {
  const recordsApplied = metrics.counter('projector_records_applied_total', 'Records folded into the read models (counted when flushed)', ['topic']);
  const recordsUnreadable = metrics.counter(
    'projector_records_unreadable_total',
    'Times a batch stopped at a record that cannot be read as any known version (the partition waits, then is stuck on it)',
    ['topic'],
  );
  const recordsRefused = metrics.counter('projector_records_refused_total', 'Times a record was refused (by the store, or unreadable), counted towards stuck', ['topic']);
  const recordsSkipped = metrics.counter('projector_records_skipped_total', "Records folded as if they had no effect, by an admin's skip", ['topic']);
  const decisionsMade = metrics.counter('projector_decisions_total', 'How the fold decided log records', ['kind']);
  const documentsWritten = metrics.counter(
    'projector_documents_written_total',
    'Caregiver totals documents written (recovered: some of the flush was in them already, a replay)',
    ['outcome'],
  );
  const flushes = metrics.counter('projector_flushes_total', 'Flushes of held records to the read models', ['topic']);
  const stateLoadSeconds = metrics.histogram('projector_ledger_load_seconds', "Time to load what a partition's decisions read", [], [0.1, 1, 5, 15, 60, 300]);
  const stateEvents = metrics.gauge('projector_ledger_events', 'Events of the partition held in memory for decisions', ['partition']);
  return {
    reached: (boundary) => faults.reached(boundary),
    decided: (decisions) => {
      // Counted here and added once per kind: a labelled inc per record cost the fold 1 % of its CPU.
      const byKind = new Map<string, number>();
      for (const { kind } of decisions) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      for (const [kind, count] of byKind) decisionsMade.inc({ kind }, count);
    },
    unreadable: (topic, count) => recordsUnreadable.inc({ topic }, count),
    refused: (topic) => recordsRefused.inc({ topic }),
    stuck: (topic, partition, stuck) => status.stuck(topic, partition, stuck),
    unstuck: (topic, partition) => status.unstuck(topic, partition),
    skipped: (skip) => {
      recordsSkipped.inc({ topic: skip.topic });
      status.skipped(skip);
    },
    flushed: ({ topic, records, totals }) => {
      recordsApplied.inc({ topic }, records);
      flushes.inc({ topic });
      documentsWritten.inc({ outcome: 'written' }, totals.written);
      documentsWritten.inc({ outcome: 'recovered' }, totals.recovered);
    },
    stateLoaded: (partition, events, seconds) => {
      stateLoadSeconds.observe(seconds);
      stateEvents.set({ partition: String(partition) }, events);
    },
  };
}

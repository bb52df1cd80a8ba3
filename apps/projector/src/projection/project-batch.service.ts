import { EVENT_TYPE_DEFINED } from '@reimbursements/domain/catalog/event-type-defined.record';
import { EVENT_TYPE_RATE_SCHEDULED } from '@reimbursements/domain/catalog/event-type-rate-scheduled.record';
import { BatchEffects, effectsOf } from '@reimbursements/domain/ledger/batch-effects';
import { decideBatch } from '@reimbursements/domain/ledger/decide-batch';
import { upcastLogRecords } from '@reimbursements/domain/ledger/in-memory-ledger';
import { LedgerDecision } from '@reimbursements/domain/ledger/ledger-decision';
import { LedgerState, withFallback } from '@reimbursements/domain/ledger/ledger-state';
import { eventIdsNamedBy } from '@reimbursements/domain/ledger/ledger-view';
import { partitionKey } from '@reimbursements/domain/position/log-position';
import { READ_MODELS_PROJECTION } from '@reimbursements/domain/projections/read-models-projection';
import { ApplyOutcome, PartitionProgress, ReadModelStore } from '@reimbursements/domain/ports/read-model-store.port';
import { CatalogRecord, KnownRecord, LogRecord, StoredLogRecord } from '@reimbursements/domain/records/log-record';
import { PositionedRecord } from '@reimbursements/domain/records/record-envelope';
import { SourceBatch } from '@reimbursements/kafka/kafka-record-source';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { ProjectorSettings } from '../projector.settings';
import { FaultInjection } from './fault-injection';

const NOTHING_APPLIED: PartitionProgress = { applied: -1, attempted: -1, decisions: [] };

/**
 * Folds one partition's batch into the read models, exactly once whatever is redelivered:
 * 1. records at or below the partition's applied offset are skipped;
 * 2. records a crashed attempt already decided get the decisions it recorded, and their effects are
 *    completed (every write is an insert with a deterministic id or an offset-guarded increment);
 * 3. the rest are decided against the ledger as the earlier records left it, the decisions are
 *    recorded with the attempted offset, and only then are their effects written.
 * The applied offset moves after the writes; the Kafka commit after that.
 */
@Injectable()
export class ProjectBatchService {
  /** Per `topic:partition`, what this instance knows is applied; re-read when missing. */
  private readonly progress = new Map<string, PartitionProgress>();
  /** Per `topic:partition` of the log, what its decisions read (loaded once, moved by each batch). */
  private readonly ledgers = new Map<string, LedgerState>();
  private readonly recordsApplied: Counter<'topic'>;
  private readonly recordsSkipped: Counter<'topic'>;
  private readonly decisionsMade: Counter<'kind'>;
  private readonly documentsWritten: Counter<'outcome'>;
  private readonly lag: Gauge<'topic' | 'partition'>;
  private readonly batchSeconds: Histogram<'topic'>;
  private readonly ledgerLoadSeconds: Histogram<string>;
  private readonly ledgerEvents: Gauge<'partition'>;

  constructor(
    private readonly store: ReadModelStore,
    private readonly settings: ProjectorSettings,
    private readonly faults: FaultInjection,
    metrics: Metrics,
  ) {
    this.recordsApplied = metrics.counter('projector_records_applied_total', 'Records folded into the read models', ['topic']);
    this.recordsSkipped = metrics.counter(
      'projector_records_skipped_total',
      'Log records that cannot be read as any known version (e.g. an unparseable occurredAt in a version-1 record)',
      ['topic'],
    );
    this.decisionsMade = metrics.counter('projector_decisions_total', 'How the fold decided log records', ['kind']);
    this.documentsWritten = metrics.counter(
      'projector_documents_written_total',
      'Monthly-totals documents written (recovered: a replay found some of the batch already applied)',
      ['outcome'],
    );
    this.lag = metrics.gauge('projector_lag_records', 'Records in the partition not yet applied', ['topic', 'partition']);
    this.ledgerLoadSeconds = metrics.histogram('projector_ledger_load_seconds', 'Time to load what a partition\'s decisions read', [], [0.1, 1, 5, 15, 60, 300]);
    this.ledgerEvents = metrics.gauge('projector_ledger_events', 'Events of the partition held in memory for decisions', ['partition']);
    this.batchSeconds = metrics.histogram('projector_batch_seconds', 'Time to fold one batch', ['topic'], [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  }

  /** Partitions may have moved to or from another instance: re-read what is applied. */
  forgetAppliedOffsets(): void {
    this.progress.clear();
    this.ledgers.clear();
  }

  async project(batch: SourceBatch): Promise<void> {
    const stop = this.batchSeconds.startTimer({ topic: batch.topic });
    const key = partitionKey(batch.topic, batch.partition);
    try {
      const progress = this.progress.get(key) ?? (await this.store.progress(READ_MODELS_PROJECTION)).get(key) ?? NOTHING_APPLIED;
      if (batch.lastOffset > progress.applied) {
        const fresh = batch.records.filter((r) => r.offset > progress.applied);
        if (batch.topic === this.settings.CATALOG_TOPIC) await this.foldCatalog(batch, fresh);
        else await this.foldLog(batch, fresh as PositionedRecord<StoredLogRecord>[], progress);
        this.progress.set(key, {
          applied: batch.lastOffset,
          attempted: Math.max(progress.attempted, batch.lastOffset),
          decisions: progress.decisions.filter((d) => d.offset > batch.lastOffset),
        });
        this.recordsApplied.inc({ topic: batch.topic }, fresh.length);
      }
      this.lag.set({ topic: batch.topic, partition: String(batch.partition) }, Math.max(0, batch.highWatermark - 1 - batch.lastOffset));
    } catch (error) {
      // What was written before the failure is only known to the database now.
      this.progress.delete(key);
      this.ledgers.delete(key);
      throw error;
    } finally {
      stop();
    }
  }

  private async foldCatalog(batch: SourceBatch, records: PositionedRecord<KnownRecord>[]): Promise<void> {
    await this.store.markAttempted(READ_MODELS_PROJECTION, batch.topic, batch.partition, batch.lastOffset, []);
    await this.store.applyCatalog(
      records.filter(
        (r): r is PositionedRecord<CatalogRecord> => r.record.type === EVENT_TYPE_DEFINED || r.record.type === EVENT_TYPE_RATE_SCHEDULED,
      ),
    );
    this.faults.reached('after-read-model-writes');
    await this.store.saveAppliedOffset(READ_MODELS_PROJECTION, batch.topic, batch.partition, batch.lastOffset);
  }

  private async foldLog(batch: SourceBatch, fresh: PositionedRecord<StoredLogRecord>[], progress: PartitionProgress): Promise<void> {
    const records = upcastLogRecords(fresh, this.settings.BUSINESS_TIME_ZONE);
    this.recordsSkipped.inc({ topic: batch.topic }, fresh.length - records.length);
    const { topic, partition, lastOffset } = batch;
    if (progress.attempted > progress.applied) {
      const redone = records.filter((r) => r.offset <= progress.attempted);
      const decided = new Map(progress.decisions.map((d) => [d.offset, d]));
      await this.applyEffects(batch, redone, redone.map((r) => decisionFor(decided, r)), true);
      await batch.heartbeat();
      const upTo = Math.min(progress.attempted, lastOffset);
      this.faults.reached('after-read-model-writes');
      await this.store.saveAppliedOffset(READ_MODELS_PROJECTION, topic, partition, upTo);
      // Loaded again below, from documents that now hold every redone record.
      this.ledgers.delete(partitionKey(topic, partition));
    }
    if (lastOffset <= progress.attempted) return;
    const undecided = records.filter((r) => r.offset > progress.attempted);
    const ledger = await this.ledgerOf(batch);
    const foreign = await this.foreignLedger(ledger, undecided);
    await batch.heartbeat();
    const decisions = decideBatch(withFallback(ledger, foreign), undecided);
    await this.store.markAttempted(READ_MODELS_PROJECTION, topic, partition, lastOffset, decisions);
    this.faults.reached('after-decisions');
    await batch.heartbeat();
    const effects = await this.applyEffects(batch, undecided, decisions, false);
    this.faults.reached('after-read-model-writes');
    await this.store.saveAppliedOffset(READ_MODELS_PROJECTION, topic, partition, lastOffset);
    ledger.apply(effects);
    for (const d of decisions) this.decisionsMade.inc({ kind: d.kind });
  }

  private async ledgerOf(batch: SourceBatch): Promise<LedgerState> {
    const key = partitionKey(batch.topic, batch.partition);
    let ledger = this.ledgers.get(key);
    if (!ledger) {
      const stop = this.ledgerLoadSeconds.startTimer();
      ledger = await this.store.loadPartitionLedger(batch.partition, batch.heartbeat);
      stop();
      this.ledgers.set(key, ledger);
    }
    this.ledgerEvents.set({ partition: String(batch.partition) }, ledger.size);
    return ledger;
  }

  /** Events named by voids and reimbursements that this partition does not hold: another caregiver's, or unknown. */
  private foreignLedger(ledger: LedgerState, records: PositionedRecord<LogRecord>[]): Promise<LedgerState> {
    const missing = eventIdsNamedBy(records).filter((eventId) => !ledger.event(eventId));
    return missing.length === 0 ? Promise.resolve(new LedgerState()) : this.store.loadForeignLedger(missing, []);
  }

  private async applyEffects(
    batch: SourceBatch,
    records: PositionedRecord<LogRecord>[],
    decisions: LedgerDecision[],
    mayBeApplied: boolean,
  ): Promise<BatchEffects> {
    const effects = effectsOf(records, decisions, this.settings.CURRENCY);
    if (records.length === 0) return effects;
    const outcome: ApplyOutcome = await this.store.applyLedger(effects, mayBeApplied, batch.heartbeat);
    this.documentsWritten.inc({ outcome: 'written' }, outcome.written);
    this.documentsWritten.inc({ outcome: 'recovered' }, outcome.recovered);
    return effects;
  }
}

function decisionFor(decided: Map<number, LedgerDecision>, record: PositionedRecord<LogRecord>): LedgerDecision {
  const decision = decided.get(record.offset);
  // Decisions are recorded for every readable record of the attempt; none missing means the
  // recorded attempt and this delivery disagree about the log, which must stop the fold.
  if (!decision) throw new Error(`no recorded decision for ${record.topic}:${record.partition}@${record.offset}`);
  return decision;
}

import { EVENT_TYPE_DEFINED } from '../catalog/event-type-defined.record';
import { EVENT_TYPE_RATE_SCHEDULED } from '../catalog/event-type-rate-scheduled.record';
import { appendEffects, BatchEffects, effectsOf, noEffects } from '../ledger/batch-effects';
import { decideBatch } from '../ledger/decide-batch';
import { upcastLogRecords } from '../ledger/in-memory-ledger';
import { LedgerDecision } from '../ledger/ledger-decision';
import { LedgerState, withFallback } from '../ledger/ledger-state';
import { eventIdsNamedBy } from '../ledger/ledger-view';
import { DecisionState } from '../ports/decision-state.port';
import { FoldProgress, PartitionProgress } from '../ports/fold-progress.port';
import { ReadModelWrites, TotalsWriteOutcome } from '../ports/read-model-writes.port';
import { appendContributions, CaregiverTotalsContributions } from '../projections/monthly-totals.fold';
import { CatalogRecord, KnownRecord, LogRecord, StoredLogRecord } from '../records/log-record';
import { PositionedRecord } from '../records/record-envelope';

/**
 * The exactly-once protocol of the projector, whatever crashes, redeliveries, rebalances or second
 * writers happen. Per partition:
 *
 * 1. The partition's progress is read: `applied` (every effect up to it is written), `attempted`
 *    (writes up to it may have started) and the decisions recorded for (applied, attempted].
 * 2. What the decisions read is loaded once, as the records up to `applied` left it (documents of a
 *    half-written flush are left out), then moved forward in memory by every decision.
 * 3. Records up to `attempted` get the decisions recorded for them, not new ones: the state they
 *    would be decided against now is not the state they were decided against (another partition
 *    moved on, or this one is half written). Later records are decided (decideBatch, pure).
 * 4. Decisions and their effects are held across batches while the partition catches up, so that a
 *    flush writes each caregiver's totals once for many batches. A flush happens when the batch
 *    reaches the end of the partition, or enough records or time are held.
 * 5. A flush, in this order, each step a boundary a crash may stop at:
 *    a. `attempt`: the decisions of every held record, with the last held offset;
 *    b. the ledger documents, inserted under deterministic ids (a second insert changes nothing);
 *    c. the totals, each document getting only the contributions after its `lastOffset`;
 *    d. `apply`: the last held offset (never moved back);
 *    e. the decision state store remembers what the flush changed (a restart loads that instead of
 *       every ledger document; a missed one makes it read the documents);
 *    f. the caller commits the offset after it to the broker.
 *    A crash anywhere loses only what memory held: the broker redelivers from the committed offset,
 *    step 1 sees `attempted` above `applied`, step 3 reuses the decisions, and steps b and c complete
 *    what was half written without writing anything twice.
 * 6. A batch that starts after the offset the partition has reached (the consumer's position ran
 *    ahead of the read models, e.g. a new projection version) is not folded: the caller rewinds.
 *
 * The apps only carry records here and the writes away (apps/projector).
 */

export type FoldBoundary = 'after-decisions' | 'between-writes' | 'after-read-model-writes';

/** What the fold tells the app: for faults at write boundaries, metrics and logs. */
export interface FoldObserver {
  reached(boundary: FoldBoundary): void;
  decided(decisions: LedgerDecision[]): void;
  /** Log records that cannot be read as any known version. */
  unreadable(topic: string, count: number): void;
  flushed(flush: { topic: string; partition: number; records: number; totals: TotalsWriteOutcome }): void;
  stateLoaded(partition: number, events: number, seconds: number): void;
}

export interface FoldPorts {
  progress: FoldProgress;
  state: DecisionState;
  writes: ReadModelWrites;
}

export interface FoldSettings {
  projection: string;
  catalogTopic: string;
  currency: string;
  timeZone: string;
  /** Records held before a flush while the partition catches up. */
  holdRecords: number;
  /** Longest time a record is held before a flush, in milliseconds. */
  holdMs: number;
}

export interface FoldBatch {
  topic: string;
  partition: number;
  /** The records the consumer could decode, in offset order. */
  records: PositionedRecord<KnownRecord>[];
  firstOffset: number;
  lastOffset: number;
  /** The batch ends where the partition ended when it was fetched: nothing is held back. */
  caughtUp: boolean;
  /** Keeps the consumer's session alive between long steps. */
  heartbeat: () => Promise<void>;
}

/**
 * `commit`: every record up to this offset is in the read models; the consumer may commit the
 * offset after it. `rewindTo`: the consumer must fetch again from this offset, this batch is not
 * folded.
 */
export interface FoldResult {
  commit?: number;
  rewindTo?: number;
}

/** The projection's partitions of both topics, each folded by its own PartitionFold. */
export class ExactlyOnceFold {
  private readonly partitions = new Map<string, PartitionFold>();

  constructor(
    private readonly ports: FoldPorts,
    private readonly settings: FoldSettings,
    private readonly observer: FoldObserver,
    private readonly now: () => number = Date.now,
  ) {}

  /** Batches of one partition must come one at a time, in offset order. */
  async fold(batch: FoldBatch): Promise<FoldResult> {
    const key = `${batch.topic}:${batch.partition}`;
    let fold = this.partitions.get(key);
    if (!fold) {
      fold =
        batch.topic === this.settings.catalogTopic
          ? new CatalogPartitionFold(this.ports, this.settings, batch.topic, batch.partition, this.observer)
          : new LogPartitionFold(this.ports, this.settings, batch.topic, batch.partition, this.observer, this.now);
      this.partitions.set(key, fold);
    }
    try {
      return await fold.fold(batch);
    } catch (error) {
      // What memory held is lost; what was written is known only to the store now.
      this.partitions.delete(key);
      throw error;
    }
  }

  /** Where the consumer must resume a partition after a failed batch: after what is applied, if known. */
  resumeOffset(topic: string, partition: number): number | undefined {
    const applied = this.partitions.get(`${topic}:${partition}`)?.appliedOffset();
    return applied === undefined ? undefined : applied + 1;
  }

  /** Partitions may have moved to or from another instance: everything is read again. */
  forget(): void {
    this.partitions.clear();
  }
}

interface PartitionFold {
  fold(batch: FoldBatch): Promise<FoldResult>;
  appliedOffset(): number | undefined;
}

/** Decided records whose effects are not written yet. */
interface Held {
  since: number;
  /** The offset applied when the first of them was held. */
  after: number;
  lastOffset: number;
  records: number;
  decisions: LedgerDecision[];
  effects: BatchEffects;
  /** Caregivers that had no totals document when their first held record was decided. */
  absent: Set<string>;
  /** Some held records were attempted before: their effects may be written in part. */
  mayBeApplied: boolean;
}

class LogPartitionFold implements PartitionFold {
  private progress?: PartitionProgress;
  private ledger?: LedgerState;
  private held?: Held;

  constructor(
    private readonly ports: FoldPorts,
    private readonly settings: FoldSettings,
    private readonly topic: string,
    private readonly partition: number,
    private readonly observer: FoldObserver,
    private readonly now: () => number,
  ) {}

  appliedOffset(): number | undefined {
    return this.progress?.applied;
  }

  async fold(batch: FoldBatch): Promise<FoldResult> {
    const progress = (this.progress ??= await this.ports.progress.read(this.settings.projection, this.topic, this.partition));
    const reached = this.held?.lastOffset ?? progress.applied;
    if (batch.firstOffset > reached + 1) return { rewindTo: reached + 1 };
    if (batch.lastOffset > reached) {
      const fresh = batch.records.filter((r) => r.offset > reached) as PositionedRecord<StoredLogRecord>[];
      const records = upcastLogRecords(fresh, this.settings.timeZone);
      this.observer.unreadable(this.topic, fresh.length - records.length);
      const ledger = (this.ledger ??= await this.loadState(progress.applied, batch.heartbeat));
      const held = (this.held ??= {
        since: this.now(),
        after: reached,
        lastOffset: reached,
        records: 0,
        decisions: [],
        effects: noEffects(),
        absent: new Set(),
        mayBeApplied: false,
      });
      const attempted = records.filter((r) => r.offset <= progress.attempted);
      if (attempted.length > 0) {
        this.hold(held, ledger, attempted, recordedDecisions(progress, attempted));
        held.mayBeApplied = true;
      }
      const undecided = records.filter((r) => r.offset > progress.attempted);
      if (undecided.length > 0) {
        const foreign = await this.foreignState(ledger, undecided);
        this.hold(held, ledger, undecided, decideBatch(withFallback(ledger, foreign), undecided));
      }
      held.lastOffset = batch.lastOffset;
      held.records += batch.lastOffset - reached;
    }
    if (!this.held) return { commit: progress.applied };
    const due = batch.caughtUp || this.held.records >= this.settings.holdRecords || this.now() - this.held.since >= this.settings.holdMs;
    return due ? { commit: await this.flush(this.held, batch.heartbeat) } : {};
  }

  private hold(held: Held, ledger: LedgerState, records: PositionedRecord<LogRecord>[], decisions: LedgerDecision[]): void {
    const effects = effectsOf(records, decisions, this.settings.currency);
    for (const { caregiverId } of effects.totals) if (!ledger.hasCaregiver(caregiverId)) held.absent.add(caregiverId);
    ledger.apply(effects);
    for (const decision of decisions) held.decisions.push(decision);
    appendEffects(held.effects, effects);
    this.observer.decided(decisions);
  }

  private async flush(held: Held, heartbeat: () => Promise<void>): Promise<number> {
    const { projection } = this.settings;
    await this.ports.progress.attempt(projection, this.topic, this.partition, held.lastOffset, held.decisions);
    this.observer.reached('after-decisions');
    await heartbeat();
    await this.ports.writes.insertLedger(held.effects, heartbeat);
    this.observer.reached('between-writes');
    await heartbeat();
    const changed = [...appendContributions(new Map(), held.effects.totals).values()];
    const totals = await this.ports.writes.addTotals(
      changed,
      { absent: held.absent, mayBeApplied: held.mayBeApplied },
      heartbeat,
    );
    this.observer.reached('after-read-model-writes');
    await this.ports.progress.apply(projection, this.topic, this.partition, held.lastOffset, monthsChanged(changed));
    this.progress = { applied: held.lastOffset, attempted: held.lastOffset, decisions: [] };
    this.held = undefined;
    await this.ports.state.remember(this.partition, held.after, held.lastOffset, held.effects, this.ledger as LedgerState);
    this.observer.flushed({ topic: this.topic, partition: this.partition, records: held.records, totals });
    return held.lastOffset;
  }

  private async loadState(upToOffset: number, heartbeat: () => Promise<void>): Promise<LedgerState> {
    const started = this.now();
    const state = await this.ports.state.loadPartition(this.partition, upToOffset, heartbeat);
    this.observer.stateLoaded(this.partition, state.size, (this.now() - started) / 1000);
    return state;
  }

  /** Events named by voids and reimbursements that this partition does not hold: another caregiver's, or unknown. */
  private foreignState(ledger: LedgerState, records: PositionedRecord<LogRecord>[]): Promise<LedgerState> {
    const missing = eventIdsNamedBy(records).filter((eventId) => !ledger.event(eventId));
    return missing.length === 0 ? Promise.resolve(new LedgerState()) : this.ports.state.loadForeign(missing, this.partition);
  }
}

function recordedDecisions(progress: PartitionProgress, records: PositionedRecord<LogRecord>[]): LedgerDecision[] {
  const recorded = new Map(progress.decisions.map((d) => [d.offset, d]));
  return records.map((r) => {
    const decision = recorded.get(r.offset);
    // Decisions are recorded for every readable record of an attempt; one missing means the
    // recorded attempt and this delivery disagree about the log, which must stop the fold.
    if (!decision) throw new Error(`no recorded decision for ${r.topic}:${r.partition}@${r.offset}`);
    return decision;
  });
}

/** The catalog decides nothing: each batch is written as it comes, every write idempotent. */
class CatalogPartitionFold implements PartitionFold {
  private applied?: number;

  constructor(
    private readonly ports: FoldPorts,
    private readonly settings: FoldSettings,
    private readonly topic: string,
    private readonly partition: number,
    private readonly observer: FoldObserver,
  ) {}

  appliedOffset(): number | undefined {
    return this.applied;
  }

  async fold(batch: FoldBatch): Promise<FoldResult> {
    const { projection } = this.settings;
    const applied = (this.applied ??= (await this.ports.progress.read(projection, this.topic, this.partition)).applied);
    if (batch.firstOffset > applied + 1) return { rewindTo: applied + 1 };
    if (batch.lastOffset <= applied) return { commit: applied };
    await this.ports.progress.attempt(projection, this.topic, this.partition, batch.lastOffset, []);
    await this.ports.writes.applyCatalog(
      batch.records.filter((r): r is PositionedRecord<CatalogRecord> => r.offset > applied && isCatalogRecord(r.record)),
    );
    this.observer.reached('after-read-model-writes');
    await this.ports.progress.apply(projection, this.topic, this.partition, batch.lastOffset, []);
    this.applied = batch.lastOffset;
    return { commit: batch.lastOffset };
  }
}

function isCatalogRecord(record: KnownRecord): record is CatalogRecord {
  return record.type === EVENT_TYPE_DEFINED || record.type === EVENT_TYPE_RATE_SCHEDULED;
}

function monthsChanged(groups: CaregiverTotalsContributions[]): string[] {
  const months = new Set<string>();
  for (const group of groups) for (const { month } of group.contributions) months.add(month);
  return [...months].sort();
}

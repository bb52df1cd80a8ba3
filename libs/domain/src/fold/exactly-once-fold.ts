import { EVENT_TYPE_DEFINED } from '../catalog/event-type-defined.record';
import { EVENT_TYPE_RATE_SCHEDULED } from '../catalog/event-type-rate-scheduled.record';
import { EVENT_REGISTERED } from '../events/event-registered.record';
import { appendEffects, BatchEffects, effectsOf, noEffects } from '../ledger/batch-effects';
import { decideBatch } from '../ledger/decide-batch';
import { upcastLogRecords } from '../ledger/in-memory-ledger';
import { LedgerDecision } from '../ledger/ledger-decision';
import { LedgerState } from '../ledger/ledger-state';
import { RecordRefusedError } from '../errors/record-refused.error';
import { projectionVersion } from '../ops/projection-version';
import { RecordSkip } from '../ops/record-skipped.record';
import { StuckRecord, UnreadableRecord } from '../ops/stuck-record';
import { DecisionState } from '../ports/decision-state.port';
import { FoldProgress, PartitionProgress } from '../ports/fold-progress.port';
import { ReadModelWrites, TotalsWriteOutcome } from '../ports/read-model-writes.port';
import { RecordSkips } from '../ports/record-skips.port';
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
 * 7. Poison records stop only their partition. A record this build cannot read, or one whose
 *    writes the store refuses for what they hold (RecordRefusedError, thrown by the adapters; an
 *    outage or a timeout is an ordinary error, retried and never counted), is *refused*: what is
 *    held before it is flushed, and the caller is told to fetch the partition again from it after
 *    `retryMs`. After `refusalsBeforeStuck` refusals of the same record in a row the partition is
 *    *stuck* on it (observer.stuck) until an admin skips it. A flush writes many records at once, so
 *    a refused flush of several records does not say which one is refused: the partition's memory
 *    is dropped and the records of that flush are folded again in halves, the refused half halved
 *    again, until the refused record is flushed alone (their decisions are the recorded ones: such
 *    a flush records no attempt again, which would drop the decisions of the records after it).
 * 8. Skips come from the control topic (RecordSkips), read when a partition starts and again
 *    before each retry of a refused record: a skipped record is folded as if it had no effect, by
 *    every instance, replay and rebuild alike, wherever in the partition the skip was written.
 *    Records after a skipped one that were attempted with it are decided again without it, and the
 *    ledger documents that attempt wrote from the skipped record to its end are removed first (a
 *    refused flush may have written some before the refusal, and inserts never overwrite). Known
 *    limits: a writer that lost the partition and applies that range while the new owner removes
 *    it leaves the range without its documents if the new owner then stops before its own flush
 *    (which writes them again); and totals a refused flush wrote before the refusal (a refusal in
 *    step c) are not taken back.
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
  /** A record was refused (counted towards stuck); `stuck` once it has been refused often enough in a row. */
  refused(topic: string, partition: number, refusal: { offset: number; reason: string; times: number }): void;
  stuck(topic: string, partition: number, stuck: StuckRecord): void;
  /** The partition got past the record it was stuck on (skipped, or the store took it after all). */
  unstuck(topic: string, partition: number): void;
  /** A record was folded as if it had no effect, by an admin's skip. */
  skipped(skip: RecordSkip): void;
}

export interface FoldPorts {
  progress: FoldProgress;
  state: DecisionState;
  writes: ReadModelWrites;
  skips: RecordSkips;
}

export interface FoldSettings {
  projection: string;
  catalogTopic: string;
  currency: string;
  timeZone: string;
  /** Records held before a flush while the partition catches up. */
  holdRecords: number;
  /** Longest time a record is held before a flush, in milliseconds... */
  holdMs: number;
  /** ...or, while the log held more records behind the batch (the partition catches up), this long. */
  catchUpHoldMs: number;
  /** Refusals of the same record in a row that make its partition stuck. */
  refusalsBeforeStuck: number;
  /** How long a partition waits before trying a refused record again, in milliseconds. */
  retryMs: number;
}

export interface FoldBatch {
  topic: string;
  partition: number;
  /** The records the consumer could decode, in offset order. */
  records: PositionedRecord<KnownRecord>[];
  /** The records of the batch the consumer could not decode (none when absent). */
  unreadable?: UnreadableRecord[];
  firstOffset: number;
  lastOffset: number;
  /** The batch ends where the partition ended when it was fetched: nothing is held back. */
  caughtUp: boolean;
  /** Records the partition held after this batch when it was fetched (absent: none known). */
  behind?: number;
  /** Keeps the consumer's session alive between long steps. */
  heartbeat: () => Promise<void>;
}

/**
 * `commit`: every record up to this offset is in the read models; the consumer may commit the
 * offset after it. `rewindTo`: the consumer must fetch again from this offset, the batch is not
 * folded beyond it; `retryAfterMs`: and wait this long first (a refused record).
 */
export interface FoldResult {
  commit?: number;
  rewindTo?: number;
  retryAfterMs?: number;
}

/** The projection's partitions of both topics, each folded by its own PartitionFold. */
export class ExactlyOnceFold {
  private readonly partitions = new Map<string, PartitionFold>();
  private readonly guards = new Map<string, PartitionGuard>();

  constructor(
    private readonly ports: FoldPorts,
    private readonly settings: FoldSettings,
    private readonly observer: FoldObserver,
    private readonly now: () => number = Date.now,
  ) {}

  /** Batches of one partition must come one at a time, in offset order. */
  async fold(batch: FoldBatch): Promise<FoldResult> {
    const key = `${batch.topic}:${batch.partition}`;
    let guard = this.guards.get(key);
    if (!guard) {
      guard = new PartitionGuard(this.ports.skips, this.settings, batch.topic, batch.partition, this.observer, this.now);
      this.guards.set(key, guard);
    }
    let fold = this.partitions.get(key);
    if (!fold) {
      // A partition starts (or starts again after a failure): the skips are read before anything is folded.
      await guard.readSkips();
      fold =
        batch.topic === this.settings.catalogTopic
          ? new CatalogPartitionFold(this.ports, this.settings, batch.topic, batch.partition, this.observer, guard)
          : new LogPartitionFold(this.ports, this.settings, batch.topic, batch.partition, this.observer, this.now, guard);
      this.partitions.set(key, fold);
    } else if (guard.refusing()) {
      // A retry of a refused record: an admin may have skipped it since.
      await guard.readSkips();
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
    const applied = this.guards.get(`${topic}:${partition}`)?.applied;
    return applied === undefined ? undefined : applied + 1;
  }

  /** Partitions may have moved to or from another instance: everything is read again, refusals counted afresh. */
  forget(): void {
    this.partitions.clear();
    this.guards.clear();
  }
}

/**
 * What a partition's fold keeps across failures of its memory: the skips, the record refused in a
 * row, the refused flush being searched one record at a time, and the offset applied.
 */
class PartitionGuard {
  private readonly skips = new Map<number, RecordSkip>();
  private refusal?: { offset: number; times: number; recordId: string | null; recordType: string | null; reason: string; since?: string };
  /** A flush up to `until` was refused: records up to it are flushed `span` at a time, the span halved at each refusal. */
  private isolation?: { until: number; span: number };
  applied?: number;

  constructor(
    private readonly source: RecordSkips,
    private readonly settings: FoldSettings,
    private readonly topic: string,
    private readonly partition: number,
    private readonly observer: FoldObserver,
    private readonly now: () => number,
  ) {}

  async readSkips(): Promise<void> {
    const { name } = projectionVersion(this.settings.projection);
    for (const skip of await this.source.skipsFor(name, this.topic, this.partition)) this.skips.set(skip.offset, skip);
  }

  refusing(): boolean {
    return this.refusal !== undefined;
  }

  /**
   * A record skipped after it was attempted (the refused one of a flush): the decisions recorded
   * after it were taken with it in the state, so those records are decided again, as a rebuild that
   * knows the skip from the start decides them.
   */
  withoutDecisionsAfterSkip(progress: PartitionProgress): PartitionProgress {
    const skipped = [...this.skips.keys()].filter((offset) => offset > progress.applied && offset <= progress.attempted);
    if (skipped.length === 0) return progress;
    const first = Math.min(...skipped);
    return { applied: progress.applied, attempted: first - 1, decisions: progress.decisions.filter((d) => d.offset < first) };
  }

  /** The skip of the record at `offset`, reported as folded; undefined when it is not skipped. */
  skip(offset: number): RecordSkip | undefined {
    const skip = this.skips.get(offset);
    if (skip) {
      this.observer.skipped(skip);
      this.passed(offset);
    }
    return skip;
  }

  appliedUpTo(offset: number): void {
    this.applied = Math.max(this.applied ?? -1, offset);
    this.passed(offset);
  }

  /** How many records after `reached` a flush may hold while the refused one of a flush is searched; undefined when none is. */
  isolating(reached: number): number | undefined {
    if (this.isolation && this.isolation.until <= reached) this.isolation = undefined;
    return this.isolation?.span;
  }

  /**
   * A flush of the records after `after` up to `until` was refused: they are flushed again in
   * halves, and the half that is refused in halves again, until the refused record is alone. A
   * binary search: a refused flush of 20,000 records costs some 15 refused flushes, not 20,000.
   */
  isolate(after: number, until: number): FoldResult {
    this.isolation = { until: Math.max(until, this.isolation?.until ?? until), span: Math.ceil((until - after) / 2) };
    return { rewindTo: after + 1 };
  }

  /**
   * A flush of `span` records passed while a refused flush is searched: the next may hold twice as
   * many. Once the refused record is found and skipped, the rest of the refused flush goes on in
   * ever larger flushes, not one record at a time (up to PROJECTOR_HOLD_RECORDS flushes of one).
   */
  widen(): void {
    if (this.isolation) this.isolation.span *= 2;
  }

  /** The record at `offset` was refused again: the partition waits, and is stuck once this happened often enough in a row. */
  refuse(offset: number, record: { recordId: string | null; recordType: string | null }, reason: string): FoldResult {
    const times = this.refusal?.offset === offset ? this.refusal.times + 1 : 1;
    this.refusal = { ...(this.refusal?.offset === offset ? this.refusal : {}), offset, times, ...record, reason };
    this.observer.refused(this.topic, this.partition, { offset, reason, times });
    if (times >= this.settings.refusalsBeforeStuck && this.refusal.since === undefined) {
      this.refusal.since = new Date(this.now()).toISOString();
      const { recordId, recordType, since } = this.refusal;
      this.observer.stuck(this.topic, this.partition, { offset, recordId, recordType, reason, since });
    }
    return { rewindTo: offset, retryAfterMs: this.settings.retryMs };
  }

  /** The fold got past the record at `offset` (and all before it). */
  private passed(offset: number): void {
    if (!this.refusal || this.refusal.offset > offset) return;
    if (this.refusal.since !== undefined) this.observer.unstuck(this.topic, this.partition);
    this.refusal = undefined;
  }
}

/**
 * Where a batch's fold must stop: before the first record that cannot be read (its `barrier`), and
 * after one record while a refused flush is searched. Skipped records are taken out.
 */
function window<R extends PositionedRecord<KnownRecord>>(
  batch: FoldBatch,
  reached: number,
  readable: R[],
  guard: PartitionGuard,
): { records: R[]; end: number; barrier?: UnreadableRecord } {
  const span = guard.isolating(reached);
  let end = span === undefined ? batch.lastOffset : Math.min(batch.lastOffset, reached + span);
  const readOffsets = new Set(readable.map((r) => r.offset));
  const unreadable = new Map((batch.unreadable ?? []).map((u) => [u.offset, u]));
  for (const r of batch.records) {
    if (!readOffsets.has(r.offset)) unreadable.set(r.offset, { offset: r.offset, recordId: r.record.recordId, recordType: r.record.type, reason: unreadableReason(r.record) });
  }
  let barrier: UnreadableRecord | undefined;
  for (const [offset, record] of [...unreadable].sort(([a], [b]) => a - b)) {
    if (offset <= reached || offset > end || guard.skip(offset)) continue;
    barrier = record;
    end = offset - 1;
    break;
  }
  const records = readable.filter((r) => r.offset > reached && r.offset <= end && !guard.skip(r.offset));
  return { records, end, barrier };
}

function unreadableReason(record: KnownRecord): string {
  return record.type === EVENT_REGISTERED && record.schemaVersion === 1
    ? 'a version-1 EventRegistered whose occurredAt does not parse'
    : `a ${record.type} record does not belong on this topic`;
}

interface PartitionFold {
  fold(batch: FoldBatch): Promise<FoldResult>;
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
  /** The last record held: the refused one when a flush of one record is refused. */
  last?: PositionedRecord<LogRecord>;
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
    private readonly guard: PartitionGuard,
  ) {}

  /**
   * The stored progress, without the decisions a skip made void (PartitionGuard). The documents
   * that the attempt with the skipped record wrote from it to its end go with them: they were
   * written as those decisions had it, and ledger inserts never overwrite.
   */
  private async progressAfterSkips(heartbeat: () => Promise<void>): Promise<PartitionProgress> {
    const stored = await this.ports.progress.read(this.settings.projection, this.topic, this.partition);
    const progress = this.guard.withoutDecisionsAfterSkip(stored);
    if (progress !== stored) await this.ports.writes.removeLedger(this.partition, progress.attempted + 1, stored.attempted, heartbeat);
    return progress;
  }

  async fold(batch: FoldBatch): Promise<FoldResult> {
    const progress = (this.progress ??= await this.progressAfterSkips(batch.heartbeat));
    this.guard.appliedUpTo(progress.applied);
    const reached = this.held?.lastOffset ?? progress.applied;
    if (batch.firstOffset > reached + 1) return { rewindTo: reached + 1 };
    let end = reached;
    let barrier: UnreadableRecord | undefined;
    if (batch.lastOffset > reached) {
      const fresh = batch.records.filter((r) => r.offset > reached) as PositionedRecord<StoredLogRecord>[];
      const readable = upcastLogRecords(fresh, this.settings.timeZone);
      const taken = window(batch, reached, readable, this.guard);
      ({ end, barrier } = taken);
      this.observer.unreadable(this.topic, barrier ? 1 : 0);
      const records = taken.records;
      if (end > reached) {
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
          this.hold(held, ledger, undecided, decideBatch(ledger, undecided));
        }
        held.lastOffset = end;
        held.records += end - reached;
        held.last = records.at(-1) ?? held.last;
      }
    }
    const refuseBarrier = (result: FoldResult): FoldResult =>
      barrier ? { ...result, ...this.guard.refuse(barrier.offset, barrier, barrier.reason) } : result;
    if (!this.held) return refuseBarrier({ commit: progress.applied });
    // Stopped short of the batch's end (a barrier, or a search for a refused record): flush what is held now.
    const stoppedShort = end < batch.lastOffset;
    const searching = this.guard.isolating(this.held.after) !== undefined;
    // While the partition catches up, every flush cut short by time adds a write of each caregiver's
    // totals, and a consumer kept waiting by other partitions' flushes would cut it short after a
    // few batches; the records behind come without waiting for anyone to append them.
    const held = this.held;
    const holdMs = (batch.behind ?? 0) > 0 ? this.settings.catchUpHoldMs : this.settings.holdMs;
    const due = batch.caughtUp || stoppedShort || searching || held.records >= this.settings.holdRecords || this.now() - held.since >= holdMs;
    if (!due) return {};
    try {
      const commit = await this.flush(held, batch.heartbeat);
      if (searching) this.guard.widen();
      return refuseBarrier(stoppedShort && !barrier ? { commit, rewindTo: commit + 1 } : { commit });
    } catch (error) {
      if (!(error instanceof RecordRefusedError)) throw error;
      // What memory holds took the refused writes' effects: it is read again from the store.
      this.progress = undefined;
      this.ledger = undefined;
      this.held = undefined;
      if (held.lastOffset === held.after + 1) {
        const record = held.last?.offset === held.lastOffset ? held.last.record : undefined;
        return this.guard.refuse(held.lastOffset, { recordId: record?.recordId ?? null, recordType: record?.type ?? null }, error.reason);
      }
      return this.guard.isolate(held.after, held.lastOffset);
    }
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
    const progress = this.progress as PartitionProgress;
    // Records attempted before (a refused flush searched one record at a time) have their decisions
    // recorded already; recording an attempt again would drop those of the records after them.
    if (held.lastOffset > progress.attempted) {
      await this.ports.progress.attempt(projection, this.topic, this.partition, held.lastOffset, held.decisions);
    }
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
    this.progress = {
      applied: held.lastOffset,
      attempted: Math.max(held.lastOffset, progress.attempted),
      decisions: progress.decisions.filter((d) => d.offset > held.lastOffset),
    };
    this.held = undefined;
    this.guard.appliedUpTo(held.lastOffset);
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
    private readonly guard: PartitionGuard,
  ) {}

  async fold(batch: FoldBatch): Promise<FoldResult> {
    const { projection } = this.settings;
    const applied = (this.applied ??= (await this.ports.progress.read(projection, this.topic, this.partition)).applied);
    this.guard.appliedUpTo(applied);
    if (batch.firstOffset > applied + 1) return { rewindTo: applied + 1 };
    if (batch.lastOffset <= applied) return { commit: applied };
    const searching = this.guard.isolating(applied) !== undefined;
    const { records, end, barrier } = window(
      batch,
      applied,
      batch.records.filter((r): r is PositionedRecord<CatalogRecord> => isCatalogRecord(r.record)),
      this.guard,
    );
    this.observer.unreadable(this.topic, barrier ? 1 : 0);
    if (end > applied) {
      try {
        await this.ports.progress.attempt(projection, this.topic, this.partition, end, []);
        await this.ports.writes.applyCatalog(records);
      } catch (error) {
        if (!(error instanceof RecordRefusedError)) throw error;
        if (end > applied + 1) return this.guard.isolate(applied, end);
        const record = records.find((r) => r.offset === end)?.record;
        return this.guard.refuse(end, { recordId: record?.recordId ?? null, recordType: record?.type ?? null }, error.reason);
      }
      this.observer.reached('after-read-model-writes');
      await this.ports.progress.apply(projection, this.topic, this.partition, end, []);
      this.applied = end;
      this.guard.appliedUpTo(end);
      if (searching) this.guard.widen();
    }
    if (barrier) return { commit: end, ...this.guard.refuse(barrier.offset, barrier, barrier.reason) };
    return end < batch.lastOffset ? { commit: end, rewindTo: end + 1 } : { commit: end };
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

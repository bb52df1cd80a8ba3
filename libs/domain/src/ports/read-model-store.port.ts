import { CatalogRecord } from '../records/log-record';
import { PositionedRecord } from '../records/record-envelope';
import { MonthlyTotalsContributions } from '../projections/monthly-totals.fold';
import { BatchEffects } from '../ledger/batch-effects';
import { LedgerDecision } from '../ledger/ledger-decision';
import { LedgerState } from '../ledger/ledger-state';

export interface ApplyOutcome {
  /** Documents written in full on the first try. */
  written: number;
  /** Documents that already held some of the batch (a replay) and got only the rest. */
  recovered: number;
}

/** How far a projection got on one partition. */
export interface PartitionProgress {
  /** The last offset whose effects are all in the read models. */
  applied: number;
  /** The last offset whose effects may have started to be written (>= applied). */
  attempted: number;
  /** How the records after `applied` up to `attempted` were decided (empty when none are). */
  decisions: LedgerDecision[];
}

/** The projector's side of the read models: idempotent, offset-guarded writes. */
export abstract class ReadModelStore {
  /** Per `topic:partition`. */
  abstract progress(projection: string): Promise<Map<string, PartitionProgress>>;
  /**
   * Recorded before a batch's writes start, with the batch's decisions, so a replay knows it may
   * find them half done and applies the same decisions instead of deciding against that state.
   */
  abstract markAttempted(projection: string, topic: string, partition: number, offset: number, decisions: LedgerDecision[]): Promise<void>;
  abstract saveAppliedOffset(projection: string, topic: string, partition: number, offset: number): Promise<void>;
  /**
   * `mayBeApplied`: some of these contributions may already be in the read models (a replay after
   * a crash); the store then checks each document first instead of relying on a refused write.
   */
  abstract applyMonthlyTotals(
    groups: MonthlyTotalsContributions[],
    mayBeApplied: boolean,
    heartbeat?: () => Promise<void>,
  ): Promise<ApplyOutcome>;
  /** What the decisions of a partition's records read, as its applied records left it. */
  abstract loadPartitionLedger(partition: number, heartbeat: () => Promise<void>): Promise<LedgerState>;
  /** Events and reimbursements that other partitions hold, by id. */
  abstract loadForeignLedger(eventIds: string[], reimbursementIds: string[]): Promise<LedgerState>;
  /**
   * Writes a batch's effects; `mayBeApplied` as for applyMonthlyTotals. `heartbeat` is called between
   * bulk writes: on FerretDB the writes of one batch can outlast a consumer's session timeout.
   */
  abstract applyLedger(effects: BatchEffects, mayBeApplied: boolean, heartbeat?: () => Promise<void>): Promise<ApplyOutcome>;
  abstract applyCatalog(records: PositionedRecord<CatalogRecord>[]): Promise<void>;
}

import { CatalogRecord } from '../records/log-record';
import { PositionedRecord } from '../records/record-envelope';
import { MonthlyTotalsContributions } from '../projections/monthly-totals.fold';

export interface ApplyOutcome {
  /** Documents written in full on the first try. */
  written: number;
  /** Documents that already held some of the batch (a replay) and got only the rest. */
  recovered: number;
}

/** The projector's side of the read models: idempotent, offset-guarded writes. */
export abstract class ReadModelStore {
  /** Per `topic:partition`, the offset of the last record applied by `projection`. */
  abstract appliedOffsets(projection: string): Promise<Map<string, number>>;
  abstract applyMonthlyTotals(groups: MonthlyTotalsContributions[]): Promise<ApplyOutcome>;
  abstract applyCatalog(records: PositionedRecord<CatalogRecord>[]): Promise<void>;
  abstract saveAppliedOffset(projection: string, topic: string, partition: number, offset: number): Promise<void>;
}

import { BatchEffects } from '../ledger/batch-effects';
import { CaregiverTotalsContributions } from '../projections/monthly-totals.fold';
import { CatalogRecord } from '../records/log-record';
import { PositionedRecord } from '../records/record-envelope';

export type LedgerInserts = Omit<BatchEffects, 'totals'>;

export interface TotalsWriteOutcome {
  /** Documents written in full on the first try. */
  written: number;
  /** Documents that already held some of the contributions (a replay, another writer) and got only the rest. */
  recovered: number;
}

export interface TotalsWriteHints {
  /** Caregivers whose documents the writer believes absent: inserted rather than updated (cheaper on FerretDB). */
  absent: ReadonlySet<string>;
  /** Some of the contributions may be in the documents already (a replay after a crash): check each first. */
  mayBeApplied: boolean;
}

/**
 * The projector's writes to the read models. Each is idempotent on its own: ledger documents are
 * inserted once under deterministic ids, totals are added only after each document's `lastOffset`.
 */
export abstract class ReadModelWrites {
  /** Inserts every ledger document; those that exist already are left as they are. */
  abstract insertLedger(inserts: LedgerInserts, heartbeat: () => Promise<void>): Promise<void>;
  /**
   * Removes the ledger documents that the records of one log partition from `from` to `to` wrote.
   * For a record skipped after a flush with it was refused: that flush may have written documents
   * of the records it held before the refusal, decided with the skipped record in the state.
   */
  abstract removeLedger(partition: number, from: number, to: number, heartbeat: () => Promise<void>): Promise<void>;
  /**
   * Adds to each caregiver's totals the contributions after its document's `lastOffset`. A wrong
   * `absent` hint (the document exists) is a refused insert, recovered like a replay.
   */
  abstract addTotals(
    groups: CaregiverTotalsContributions[],
    hints: TotalsWriteHints,
    heartbeat: () => Promise<void>,
  ): Promise<TotalsWriteOutcome>;
  /** In log order: the first definition of a code wins, a rate sets its date's amount; replaying changes nothing. */
  abstract applyCatalog(records: PositionedRecord<CatalogRecord>[]): Promise<void>;
}

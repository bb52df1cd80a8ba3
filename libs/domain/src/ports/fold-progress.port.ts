import { LedgerDecision } from '../ledger/ledger-decision';

/** How far a projection got on one partition. */
export interface PartitionProgress {
  /** The last offset whose effects are all in the read models. */
  applied: number;
  /** The last offset whose effects may have started to be written (>= applied). */
  attempted: number;
  /** How the records after `applied` up to `attempted` were decided (empty when none are). */
  decisions: LedgerDecision[];
}

export const NOTHING_APPLIED: PartitionProgress = { applied: -1, attempted: -1, decisions: [] };

/** Where a projection stands on each partition, kept beside its read models (exactly-once-fold.ts). */
export abstract class FoldProgress {
  /** NOTHING_APPLIED for a partition never folded. */
  abstract read(projection: string, topic: string, partition: number): Promise<PartitionProgress>;
  /** Recorded before a flush's writes start, with the decisions of every record up to `offset`. */
  abstract attempt(projection: string, topic: string, partition: number, offset: number, decisions: LedgerDecision[]): Promise<void>;
  /**
   * Every effect up to `offset` is written. Never moves the applied offset back: a writer that lost
   * its partition and finishes late cannot undo the progress of the one that took it over.
   * `months`: the months whose totals the flush changed; each gets `offset` as its last write
   * (never moved back either), in the same write, so the query side knows which months moved
   * (AppliedState) without reading the totals.
   */
  abstract apply(projection: string, topic: string, partition: number, offset: number, months: readonly string[]): Promise<void>;
}

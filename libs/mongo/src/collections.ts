import { Db } from 'mongodb';
import { MonthlyTotals } from '@reimbursements/domain/projections/monthly-totals';

export const MONTHLY_TOTALS = 'monthly_totals';
export const EVENT_TYPES = 'event_types';
export const PROJECTION_OFFSETS = 'projection_offsets';

export interface MonthlyTotalsDocument extends MonthlyTotals {
  _id: string;
  /** Offset of the last log record folded into this document: the guard against double-counting. */
  lastOffset: number;
}

/** `rates` by effective date (`YYYY-MM-DD`), the first amount under INITIAL_RATE: idempotent to set. */
export interface EventTypeDocument {
  _id: string;
  code: string;
  name: string;
  currency: string;
  rates: Record<string, number>;
}

export const INITIAL_RATE = 'initial';

export interface ProjectionOffsetDocument {
  _id: string;
  projection: string;
  topic: string;
  partition: number;
  appliedOffset: number;
  /** Set before a batch's writes start; above appliedOffset only while (or if crashed while) writing. */
  attemptedOffset?: number;
  updatedAt: Date;
}

/** The indexes the report query needs, created idempotently at start-up. */
export async function ensureIndexes(db: Db): Promise<void> {
  await db
    .collection<MonthlyTotalsDocument>(MONTHLY_TOTALS)
    .createIndex({ caregiverId: 1, month: 1 }, { name: 'caregiver_month' });
  await db.collection<MonthlyTotalsDocument>(MONTHLY_TOTALS).createIndex({ month: 1 }, { name: 'month' });
}

import { emptyMonthlyTotals, MonthlyTotals, TypeTotals } from './monthly-totals';

/** What one record adds to (or takes from) one monthly-totals document. */
export interface TotalsDelta {
  eventCount: number;
  totalCents: number;
  pendingCents: number;
  reimbursedCents: number;
  byType: Record<string, TypeTotals>;
}

/** A record's delta to one document, tagged with the record's offset. */
export interface Contribution {
  offset: number;
  delta: TotalsDelta;
}

/** All contributions of a batch to one document, in log order. */
export interface MonthlyTotalsContributions {
  id: string;
  caregiverId: string;
  month: string;
  contributions: Contribution[];
}

/** The sums to add to a document, and the offsets of the first and last record they include. */
export interface MonthlyTotalsChange extends MonthlyTotals {
  id: string;
  firstOffset: number;
  lastOffset: number;
}

export function emptyDelta(): TotalsDelta {
  return { eventCount: 0, totalCents: 0, pendingCents: 0, reimbursedCents: 0, byType: {} };
}

/**
 * Sums the contributions after `appliedOffset` (those a document does not hold yet). A document
 * receives its contributions in log order, so its `lastOffset` says exactly which it holds.
 */
export function changeAfter(group: MonthlyTotalsContributions, appliedOffset: number): MonthlyTotalsChange | undefined {
  const pending = group.contributions.filter((c) => c.offset > appliedOffset);
  if (pending.length === 0) return undefined;
  const change: MonthlyTotalsChange = {
    ...emptyMonthlyTotals(group.caregiverId, group.month),
    id: group.id,
    firstOffset: pending[0].offset,
    lastOffset: pending[pending.length - 1].offset,
  };
  return pending.reduce((sum, { delta }) => ({ ...sum, ...addChange(sum, { ...delta, caregiverId: sum.caregiverId, month: sum.month }) }), change);
}

export function addChange(totals: MonthlyTotals, change: MonthlyTotals): MonthlyTotals {
  const byType = { ...totals.byType };
  for (const [eventType, t] of Object.entries(change.byType)) {
    const current = byType[eventType] ?? { count: 0, totalCents: 0 };
    byType[eventType] = { count: current.count + t.count, totalCents: current.totalCents + t.totalCents };
  }
  return {
    caregiverId: totals.caregiverId,
    month: totals.month,
    eventCount: totals.eventCount + change.eventCount,
    totalCents: totals.totalCents + change.totalCents,
    pendingCents: totals.pendingCents + change.pendingCents,
    reimbursedCents: totals.reimbursedCents + change.reimbursedCents,
    byType,
  };
}

import { MonthlyTotals } from '../projections/monthly-totals';

export interface ReportRow extends Omit<MonthlyTotals, 'byType'> {
  byType: { eventType: string; count: number; totalCents: number }[];
}

export type ReportTotals = Pick<MonthlyTotals, 'eventCount' | 'totalCents' | 'pendingCents' | 'reimbursedCents'>;

export function reportRow(totals: MonthlyTotals): ReportRow {
  return {
    caregiverId: totals.caregiverId,
    month: totals.month,
    eventCount: totals.eventCount,
    totalCents: totals.totalCents,
    pendingCents: totals.pendingCents,
    reimbursedCents: totals.reimbursedCents,
    byType: Object.entries(totals.byType)
      // A type whose events were all voided counts nowhere.
      .filter(([, t]) => t.count !== 0)
      .map(([eventType, t]) => ({ eventType, count: t.count, totalCents: t.totalCents }))
      .sort((a, b) => (a.eventType < b.eventType ? -1 : 1)),
  };
}

export function emptyReportTotals(): ReportTotals {
  return { eventCount: 0, totalCents: 0, pendingCents: 0, reimbursedCents: 0 };
}

export function addToTotals(totals: ReportTotals, row: ReportTotals): ReportTotals {
  return {
    eventCount: totals.eventCount + row.eventCount,
    totalCents: totals.totalCents + row.totalCents,
    pendingCents: totals.pendingCents + row.pendingCents,
    reimbursedCents: totals.reimbursedCents + row.reimbursedCents,
  };
}

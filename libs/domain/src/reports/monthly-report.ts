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

/** The sums of one month over every caregiver of the result. */
export interface MonthReportTotals extends ReportTotals {
  month: string;
}

/** What a report sums over its whole result, not its page: the grand totals and one line per month. */
export interface ReportSummary {
  totals: ReportTotals;
  /** Ordered by month; months with no events are absent, as in the rows. */
  totalsByMonth: MonthReportTotals[];
}

/**
 * Sums report rows in one pass, in any order, into the grand totals and the totals of each month.
 * Rows of a month whose events were all voided add nothing and give that month no line.
 */
export class ReportSummer {
  private totals = emptyReportTotals();
  private readonly months = new Map<string, ReportTotals>();

  add(row: ReportTotals & { month: string }): void {
    if (row.eventCount === 0) return;
    this.totals = addToTotals(this.totals, row);
    this.months.set(row.month, addToTotals(this.months.get(row.month) ?? emptyReportTotals(), row));
  }

  summary(): ReportSummary {
    return {
      totals: this.totals,
      totalsByMonth: [...this.months.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([month, totals]) => ({ month, ...totals })),
    };
  }
}

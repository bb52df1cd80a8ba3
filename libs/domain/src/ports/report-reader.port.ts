import { EventType } from '../catalog/event-type-catalog';
import { LogPosition } from '../position/log-position';
import { MonthlyTotals } from '../projections/monthly-totals';
import { MonthlyReportQuery } from '../reports/monthly-report.query';
import { ReportSummary } from '../reports/monthly-report';

export interface MonthlyTotalsPage {
  rows: (MonthlyTotals & { id: string })[];
  hasMore: boolean;
}

/** The query side's reads of the read models. */
export abstract class ReportReader {
  abstract monthlyTotalsPage(query: MonthlyReportQuery): Promise<MonthlyTotalsPage>;
  /** Every row of the report, in order, read as a stream (for CSV). */
  abstract monthlyTotalsRows(query: MonthlyReportQuery): AsyncIterable<MonthlyTotals>;
  /** The whole result's totals and its totals per month (not the page's), summed in one read. */
  abstract monthlyTotalsSummary(query: MonthlyReportQuery): Promise<ReportSummary>;
  abstract appliedPosition(): Promise<LogPosition>;
  abstract eventTypes(): Promise<EventType[]>;
}

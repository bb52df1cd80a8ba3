import { EventType } from '../catalog/event-type-catalog';
import { AppliedState } from '../position/applied-state';
import { MonthlyTotals } from '../projections/monthly-totals';
import { MonthlyReportQuery } from '../reports/monthly-report.query';

/** The query side's reads of the read models. */
export abstract class ReportReader {
  /**
   * Every row of the report in (caregiverId, month) order, streamed as it is read: the page, the
   * totals (monthly-report.page.ts) and the CSV all come from one pass of this.
   */
  abstract monthlyTotalsRows(query: MonthlyReportQuery): AsyncIterable<MonthlyTotals>;
  /** The applied position and the months each partition's folds last changed, read together. */
  abstract appliedState(): Promise<AppliedState>;
  abstract eventTypes(): Promise<EventType[]>;
}

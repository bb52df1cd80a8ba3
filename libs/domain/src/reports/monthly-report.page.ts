import { MonthlyTotals, monthlyTotalsId } from '../projections/monthly-totals';
import { addToTotals, emptyReportTotals, ReportTotals } from './monthly-report';
import { MonthlyReportQuery } from './monthly-report.query';

export interface MonthlyReportPage {
  rows: (MonthlyTotals & { id: string })[];
  hasMore: boolean;
  /** Over the whole result, not the page. */
  totals: ReportTotals;
}

/**
 * The page after `query.after` and the totals of the whole result, from ONE pass over the rows in
 * (caregiverId, month) order: the totals must cover every row, so the page is taken on the way
 * rather than by a second read (a second full read doubled the cost of every report).
 */
export async function monthlyReportPage(rows: AsyncIterable<MonthlyTotals>, query: Pick<MonthlyReportQuery, 'after' | 'limit'>): Promise<MonthlyReportPage> {
  const page: MonthlyReportPage = { rows: [], hasMore: false, totals: emptyReportTotals() };
  for await (const row of rows) {
    page.totals = addToTotals(page.totals, row);
    const id = monthlyTotalsId(row.caregiverId, row.month);
    if (query.after !== undefined && id <= query.after) continue;
    if (page.rows.length < query.limit) page.rows.push({ id, ...row });
    else page.hasMore = true;
  }
  return page;
}

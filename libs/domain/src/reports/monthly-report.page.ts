import { MonthlyTotals, monthlyTotalsId } from '../projections/monthly-totals';
import { ReportSummary, ReportSummer } from './monthly-report';
import { MonthlyReportQuery } from './monthly-report.query';

/** A page of rows and, over the whole result (not the page), its totals and totals per month. */
export interface MonthlyReportPage extends ReportSummary {
  rows: (MonthlyTotals & { id: string })[];
  hasMore: boolean;
}

/**
 * The page after `query.after` and the summary of the whole result (totals and totalsByMonth, summed
 * by the domain's ReportSummer), from ONE pass over the rows in (caregiverId, month) order: the
 * summary must cover every row, so the page is taken on the way rather than by a second read (a
 * second full read doubled the cost of every report).
 */
export async function monthlyReportPage(rows: AsyncIterable<MonthlyTotals>, query: Pick<MonthlyReportQuery, 'after' | 'limit'>): Promise<MonthlyReportPage> {
  const summer = new ReportSummer();
  const page: Pick<MonthlyReportPage, 'rows' | 'hasMore'> = { rows: [], hasMore: false };
  for await (const row of rows) {
    summer.add(row);
    const id = monthlyTotalsId(row.caregiverId, row.month);
    if (query.after !== undefined && id <= query.after) continue;
    if (page.rows.length < query.limit) page.rows.push({ id, ...row });
    else page.hasMore = true;
  }
  return { ...page, ...summer.summary() };
}

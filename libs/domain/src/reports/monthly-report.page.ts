import { MonthlyTotals, monthlyTotalsId } from '../projections/monthly-totals';
import { addToTotals, ReportSummary, ReportSummer } from './monthly-report';
import { MonthlyReportQuery } from './monthly-report.query';
import { ReportPart } from './report-parts';

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
export class MonthlyReportPageBuilder {
  private readonly summer = new ReportSummer();
  private readonly page: Pick<MonthlyReportPage, 'rows' | 'hasMore'> = { rows: [], hasMore: false };

  constructor(private readonly query: Pick<MonthlyReportQuery, 'after' | 'limit'>) {}

  add(row: MonthlyTotals): void {
    this.summer.add(row);
    const id = monthlyTotalsId(row.caregiverId, row.month);
    if (this.query.after !== undefined && id <= this.query.after) return;
    if (this.page.rows.length < this.query.limit) this.page.rows.push({ id, ...row });
    else this.page.hasMore = true;
  }

  result(): MonthlyReportPage {
    return { ...this.page, ...this.summer.summary() };
  }
}

export async function monthlyReportPage(rows: AsyncIterable<MonthlyTotals>, query: Pick<MonthlyReportQuery, 'after' | 'limit'>): Promise<MonthlyReportPage> {
  const builder = new MonthlyReportPageBuilder(query);
  for await (const row of rows) builder.add(row);
  return builder.result();
}

/**
 * The page and summary of a result made of parts with disjoint months (report-parts.ts), each
 * built with the same `after` and `limit`: the first `limit` rows of the whole are among the first
 * `limit` of each part, and its summary is the sum of theirs. Equal to the page of one pass over
 * every row.
 */
export function mergeMonthlyReportPages(pages: readonly MonthlyReportPage[], limit: number): MonthlyReportPage {
  if (pages.length === 1) return pages[0];
  const rows = pages.flatMap((page) => page.rows).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    rows: rows.slice(0, limit),
    hasMore: rows.length > limit || pages.some((page) => page.hasMore),
    totals: pages.map((page) => page.totals).reduce(addToTotals),
    totalsByMonth: pages.flatMap((page) => page.totalsByMonth).sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0)),
  };
}

/** The page of each part (disjoint month ranges, report-parts.ts) from one pass over the rows of all of them. */
export async function monthlyReportPartPages(
  rows: AsyncIterable<MonthlyTotals>,
  query: Pick<MonthlyReportQuery, 'after' | 'limit'>,
  parts: readonly Pick<ReportPart, 'from' | 'to'>[],
): Promise<MonthlyReportPage[]> {
  const builders = parts.map(() => new MonthlyReportPageBuilder(query));
  for await (const row of rows) builders[parts.findIndex((part) => row.month >= part.from && row.month <= part.to)]?.add(row);
  return builders.map((builder) => builder.result());
}

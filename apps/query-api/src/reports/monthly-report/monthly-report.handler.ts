import { encodePosition } from '@reimbursements/domain/position/log-position';
import { LiveVersion } from '../../ops/projection-versions/live-version';
import { monthlyReportPage } from '@reimbursements/domain/reports/monthly-report.page';
import { encodeCursor } from '@reimbursements/domain/reports/monthly-report.query';
import { reportRow } from '@reimbursements/domain/reports/monthly-report';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { QueryApiSettings } from '../../query-api.settings';
import { ReadYourWrites } from '../../read-your-writes/read-your-writes';
import { HeavyReports } from '../heavy-reports';
import { ReportAnswerCache } from '../report-cache/report-answer-cache';
import { reportCacheKey } from '../report-cache/report-cache-key';
import { MonthlyReportQuery } from './monthly-report.query';
import { MonthlyReportResponse } from './monthly-report.response.dto';

type CachedReport = Omit<MonthlyReportResponse, 'generatedAt' | 'position'>;

/**
 * One page of the report with the totals and totals per month of the whole result, from one read of the read models,
 * through the cache. The answer's position is the applied position the key was made from, so a
 * cached answer and an uncached one asked at the same moment differ only in `generatedAt`.
 */
@QueryHandler(MonthlyReportQuery)
export class MonthlyReportHandler implements IQueryHandler<MonthlyReportQuery, MonthlyReportResponse> {
  constructor(
    private readonly versions: LiveVersion,
    private readonly answers: ReportAnswerCache,
    private readonly heavy: HeavyReports,
    private readonly readYourWrites: ReadYourWrites,
    private readonly settings: QueryApiSettings,
  ) {}

  async execute({ query, scope, minPosition }: MonthlyReportQuery): Promise<MonthlyReportResponse> {
    const applied = await this.readYourWrites.waitFor(minPosition);
    // One version for the whole answer, and the cache key names it: no answer mixes two versions.
    const live = this.versions.live();
    const key = reportCacheKey('json', query, scope, applied, { database: live.database, topic: this.settings.LOG_TOPIC, partitions: this.settings.LOG_PARTITIONS });
    const answer = await this.answers.answer<CachedReport>(key, 'json', async () => {
      const release = await this.heavy.turn(query);
      try {
        const page = await monthlyReportPage(live.reports.monthlyTotalsRows(query), query);
        const lastRow = page.rows[page.rows.length - 1];
        return {
          from: query.from,
          to: query.to,
          currency: this.settings.CURRENCY,
          timeZone: this.settings.BUSINESS_TIME_ZONE,
          rows: page.rows.map(reportRow),
          totals: page.totals,
          totalsByMonth: page.totalsByMonth,
          nextCursor: page.hasMore && lastRow ? encodeCursor(lastRow.id) : null,
        };
      } finally {
        release();
      }
    });
    return {
      from: answer.from,
      to: answer.to,
      currency: answer.currency,
      timeZone: answer.timeZone,
      generatedAt: new Date().toISOString(),
      position: encodePosition(applied),
      rows: answer.rows,
      totals: answer.totals,
      totalsByMonth: answer.totalsByMonth,
      nextCursor: answer.nextCursor,
    };
  }
}

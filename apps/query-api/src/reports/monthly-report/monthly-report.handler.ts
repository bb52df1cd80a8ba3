import { encodePosition } from '@reimbursements/domain/position/log-position';
import { LiveVersion } from '../../ops/projection-versions/live-version';
import { mergeMonthlyReportPages, MonthlyReportPage, monthlyReportPartPages } from '@reimbursements/domain/reports/monthly-report.page';
import { encodeCursor } from '@reimbursements/domain/pagination/page-cursor';
import { reportRow } from '@reimbursements/domain/reports/monthly-report';
import { joinJsonObjects } from '@reimbursements/platform/http/join-json-objects';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { QueryApiSettings } from '../../query-api.settings';
import { ReadYourWrites } from '../../read-your-writes/read-your-writes';
import { HeavyReports } from '../heavy-reports';
import { ReportAnswerCache } from '../report-cache/report-answer-cache';
import { cachedReportParts, reportCacheKeys, wholeAnswerKey } from '../report-cache/report-cache-key';
import { MonthlyReportQuery } from './monthly-report.query';
import { MonthlyReportResponse } from './monthly-report.response.dto';

/**
 * One page of the report with the totals and totals per month of the whole result, as JSON text,
 * through the cache in parts: the closed months' page and summary and the open months' are cached
 * apart and merged here, and the parts that miss are computed by one read of the read models. The
 * merged answer is cached too, as text under a key made of its parts' keys, so a hit sends stored
 * text (only `generatedAt` and `position` are written per request). The answer's position is the
 * applied position the keys were made from, so a cached answer and an uncached one asked at the
 * same moment differ only in `generatedAt`.
 */
@QueryHandler(MonthlyReportQuery)
export class MonthlyReportHandler implements IQueryHandler<MonthlyReportQuery, string> {
  constructor(
    private readonly versions: LiveVersion,
    private readonly answers: ReportAnswerCache,
    private readonly heavy: HeavyReports,
    private readonly readYourWrites: ReadYourWrites,
    private readonly settings: QueryApiSettings,
  ) {}

  /** The answer (MonthlyReportResponse) as JSON text. */
  async execute({ query, scope, minPosition }: MonthlyReportQuery): Promise<string> {
    const state = await this.readYourWrites.waitFor(minPosition);
    // One version for the whole answer, and the cache keys name it: no answer mixes two versions.
    const live = this.versions.live();
    const log = { database: live.database, topic: this.settings.LOG_TOPIC, partitions: this.settings.LOG_PARTITIONS };
    const parts = cachedReportParts(query, this.settings);
    const keys = reportCacheKeys('json', query, scope, state, log, parts);
    const entries = parts.map((part, i) => ({ key: keys[i], part: part.name }));
    const head: Pick<MonthlyReportResponse, 'from' | 'to' | 'currency' | 'timeZone' | 'generatedAt' | 'position'> = {
      from: query.from,
      to: query.to,
      currency: this.settings.CURRENCY,
      timeZone: this.settings.BUSINESS_TIME_ZONE,
      generatedAt: new Date().toISOString(),
      position: encodePosition(state.position),
    };
    const rest = await this.answers.text(wholeAnswerKey(entries.map(({ key }) => key)), 'json', async () => {
      const pages = await this.answers.answer<MonthlyReportPage>(entries, 'json', async (missing) => {
        const release = await this.heavy.turn(query);
        try {
          const read = missing.map((index) => parts[index]);
          return await monthlyReportPartPages(live.reports.monthlyTotalsRows({ ...query, from: read[0].from, to: read[read.length - 1].to }), query, read);
        } finally {
          release();
        }
      });
      const page = mergeMonthlyReportPages(pages, query.limit);
      const lastRow = page.rows[page.rows.length - 1];
      const body: Pick<MonthlyReportResponse, 'rows' | 'totals' | 'totalsByMonth' | 'nextCursor'> = {
        rows: page.rows.map(reportRow),
        totals: page.totals,
        totalsByMonth: page.totalsByMonth,
        nextCursor: page.hasMore && lastRow ? encodeCursor(lastRow.id, query.listKey) : null,
      };
      return JSON.stringify(body);
    });
    return joinJsonObjects(JSON.stringify(head), rest);
  }
}

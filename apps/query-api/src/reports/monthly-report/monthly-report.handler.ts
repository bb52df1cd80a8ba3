import { encodePosition } from '@reimbursements/domain/position/log-position';
import { ReportCache } from '@reimbursements/domain/ports/report-cache.port';
import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { encodeCursor } from '@reimbursements/domain/reports/monthly-report.query';
import { reportRow } from '@reimbursements/domain/reports/monthly-report';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import { QueryApiSettings } from '../../query-api.settings';
import { MonthlyReportQuery } from './monthly-report.query';
import { MonthlyReportResponse } from './monthly-report.response.dto';

/**
 * Answers from the cache when the read models have not moved since the answer was computed: the
 * applied position is part of the key, so a cached report is never staler than the projection;
 * the asker's caregiver scope is too, so no answer is shared across scopes.
 */
@QueryHandler(MonthlyReportQuery)
export class MonthlyReportHandler implements IQueryHandler<MonthlyReportQuery, MonthlyReportResponse> {
  constructor(
    private readonly reader: ReportReader,
    private readonly cache: ReportCache,
    private readonly settings: QueryApiSettings,
  ) {}

  async execute({ query, scope }: MonthlyReportQuery): Promise<MonthlyReportResponse> {
    const position = encodePosition(await this.reader.appliedPosition());
    const key = `report:monthly:v3:${hash({ ...query, position, scope: scope === null ? null : hash([...new Set(scope)].sort()) })}`;
    const cached = await this.cache.get<MonthlyReportResponse>(key);
    if (cached) return cached;
    const [page, { totals, totalsByMonth }] = await Promise.all([this.reader.monthlyTotalsPage(query), this.reader.monthlyTotalsSummary(query)]);
    const lastRow = page.rows[page.rows.length - 1];
    const response: MonthlyReportResponse = {
      from: query.from,
      to: query.to,
      currency: this.settings.CURRENCY,
      timeZone: this.settings.BUSINESS_TIME_ZONE,
      generatedAt: new Date().toISOString(),
      position,
      rows: page.rows.map(reportRow),
      totals,
      totalsByMonth,
      nextCursor: page.hasMore && lastRow ? encodeCursor(lastRow.id) : null,
    };
    await this.cache.set(key, response, this.settings.REPORT_CACHE_TTL_SECONDS);
    return response;
  }
}

function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}

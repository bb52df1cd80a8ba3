import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { LiveVersion } from '../../ops/projection-versions/live-version';
import {
  MONTHLY_REPORT_CSV_HEADER,
  monthlyReportCsvLine,
  monthlyReportExcelCsvHeader,
  monthlyReportExcelCsvLine,
} from '@reimbursements/domain/reports/monthly-report.csv';
import { MonthlyReportQuery as ReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { QueryApiSettings } from '../../query-api.settings';
import { ReadYourWrites } from '../../read-your-writes/read-your-writes';
import { HeavyReports } from '../heavy-reports';
import { ReportAnswerCache } from '../report-cache/report-answer-cache';
import { reportCacheKey } from '../report-cache/report-cache-key';
import { MonthlyReportCsvQuery } from './monthly-report-csv.query';

/** Rows per chunk handed to the HTTP stream: one write per row costs more than the row. */
const ROWS_PER_CHUNK = 500;

/**
 * The report as CSV (`csv` or `csv-excel`) through the same cache as JSON (each format its own entries). A light report is computed
 * whole, once for identical concurrent requests, then sent; a heavy one is streamed from the
 * database as it is read, inside the heavy bound, and stored if it is small enough.
 */
@QueryHandler(MonthlyReportCsvQuery)
export class MonthlyReportCsvHandler implements IQueryHandler<MonthlyReportCsvQuery, Iterable<string> | AsyncIterable<string>> {
  constructor(
    private readonly versions: LiveVersion,
    private readonly answers: ReportAnswerCache,
    private readonly heavy: HeavyReports,
    private readonly readYourWrites: ReadYourWrites,
    private readonly settings: QueryApiSettings,
  ) {}

  async execute({ query, scope, format, minPosition }: MonthlyReportCsvQuery): Promise<Iterable<string> | AsyncIterable<string>> {
    const applied = await this.readYourWrites.waitFor(minPosition);
    // One version for the whole answer, and the cache key names it: no answer mixes two versions.
    const live = this.versions.live();
    const key = reportCacheKey(format, query, scope, applied, { database: live.database, topic: this.settings.LOG_TOPIC, partitions: this.settings.LOG_PARTITIONS });
    const maxBytes = this.settings.REPORT_CSV_CACHE_MAX_BYTES;
    if (this.heavy.isHeavy(query)) return this.answers.stream(key, format, () => this.heavyChunks(live.reports, query, format), maxBytes);
    const text = await this.answers.answer(
      key,
      format,
      async () => {
        let all = '';
        for await (const chunk of this.chunks(live.reports, query, format)) all += chunk;
        return all;
      },
      (all) => Buffer.byteLength(all) <= maxBytes,
    );
    return [text];
  }

  private async *heavyChunks(reader: ReportReader, query: ReportQuery, format: MonthlyReportCsvQuery['format']): AsyncIterable<string> {
    const release = await this.heavy.turn(query);
    try {
      yield* this.chunks(reader, query, format);
    } finally {
      release();
    }
  }

  private async *chunks(reader: ReportReader, query: ReportQuery, format: MonthlyReportCsvQuery['format']): AsyncIterable<string> {
    const excel = format === 'csv-excel';
    let chunk = excel ? monthlyReportExcelCsvHeader(this.settings.CURRENCY) : MONTHLY_REPORT_CSV_HEADER;
    let rows = 0;
    for await (const row of reader.monthlyTotalsRows(query)) {
      chunk += excel ? monthlyReportExcelCsvLine(row) : monthlyReportCsvLine(row, this.settings.CURRENCY);
      if (++rows % ROWS_PER_CHUNK === 0) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk !== '') yield chunk;
  }
}

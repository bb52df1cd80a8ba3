import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { MonthlyTotals } from '@reimbursements/domain/projections/monthly-totals';
import { LiveVersion } from '../../ops/projection-versions/live-version';
import {
  CsvBlock,
  mergeCsvBlocks,
  MONTHLY_REPORT_CSV_HEADER,
  monthlyReportCsvBlocks,
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
import { cachedReportParts, reportCacheKey, reportCacheKeys } from '../report-cache/report-cache-key';
import { MonthlyReportCsvQuery } from './monthly-report-csv.query';

/** Rows per chunk handed to the HTTP stream: one write per row costs more than the row. */
const ROWS_PER_CHUNK = 500;

/**
 * The report as CSV (`csv` or `csv-excel`) through the same cache as JSON (each format its own
 * entries). A light report is cached in parts like JSON (closed months apart from open ones, each
 * part's lines in blocks per caregiver, merged here), computed once for identical concurrent
 * requests, then sent; a heavy one is streamed from the database as it is read, inside the heavy
 * bound, and stored whole if it is small enough.
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
    const state = await this.readYourWrites.waitFor(minPosition);
    // One version for the whole answer, and the cache keys name it: no answer mixes two versions.
    const live = this.versions.live();
    const log = { database: live.database, topic: this.settings.LOG_TOPIC, partitions: this.settings.LOG_PARTITIONS };
    const maxBytes = this.settings.REPORT_CSV_CACHE_MAX_BYTES;
    if (this.heavy.isHeavy(query)) return this.answers.stream(reportCacheKey(format, query, scope, state, log, query, 'stream'), format, () => this.heavyChunks(live.reports, query, format), maxBytes);
    const parts = cachedReportParts(query, this.settings);
    const keys = reportCacheKeys(format, query, scope, state, log, parts);
    const entries = parts.map((part, i) => ({ key: keys[i], part: part.name }));
    const blocks = await this.answers.answer<CsvBlock[]>(
      entries,
      format,
      async (missing) => {
        const read = missing.map((index) => parts[index]);
        return monthlyReportCsvBlocks(live.reports.monthlyTotalsRows({ ...query, from: read[0].from, to: read[read.length - 1].to }), read, this.line(format));
      },
      (part) => part.reduce((bytes, block) => bytes + Buffer.byteLength(block.text), 0) <= maxBytes,
    );
    return [this.header(format) + mergeCsvBlocks(blocks)];
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
    const line = this.line(format);
    let chunk = this.header(format);
    let rows = 0;
    for await (const row of reader.monthlyTotalsRows(query)) {
      chunk += line(row);
      if (++rows % ROWS_PER_CHUNK === 0) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk !== '') yield chunk;
  }

  private header(format: MonthlyReportCsvQuery['format']): string {
    return format === 'csv-excel' ? monthlyReportExcelCsvHeader(this.settings.CURRENCY) : MONTHLY_REPORT_CSV_HEADER;
  }

  private line(format: MonthlyReportCsvQuery['format']): (row: MonthlyTotals) => string {
    const { CURRENCY } = this.settings;
    return format === 'csv-excel' ? monthlyReportExcelCsvLine : (row) => monthlyReportCsvLine(row, CURRENCY);
  }
}

import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { MONTHLY_REPORT_CSV_HEADER, monthlyReportCsvLine } from '@reimbursements/domain/reports/monthly-report.csv';
import { MonthlyReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';

export function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  return format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(accept ?? ''));
}

/** Every row of the report as CSV, streamed from the database as it is read (not paginated: limit and cursor do not apply). */
export function monthlyReportCsv(reader: ReportReader, query: MonthlyReportQuery, currency: string): StreamableFile {
  async function* lines(): AsyncGenerator<string> {
    yield MONTHLY_REPORT_CSV_HEADER;
    for await (const row of reader.monthlyTotalsRows(query)) yield monthlyReportCsvLine(row, currency);
  }
  return new StreamableFile(Readable.from(lines()), { type: 'text/csv; charset=utf-8', disposition: 'inline; filename="monthly-report.csv"' });
}

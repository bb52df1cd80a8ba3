import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { MONTHLY_REPORT_CSV_HEADER, monthlyReportCsvLine } from '@reimbursements/domain/reports/monthly-report.csv';
import { MonthlyReportInput, monthlyReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';

export function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  return format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(accept ?? ''));
}

/** Every row of the report as CSV, streamed from the database as it is read (not paginated). */
export function monthlyReportCsv(reader: ReportReader, input: MonthlyReportInput, currency: string): StreamableFile {
  const query = monthlyReportQuery({ ...input, limit: undefined, cursor: undefined });
  async function* lines(): AsyncGenerator<string> {
    yield MONTHLY_REPORT_CSV_HEADER;
    for await (const row of reader.monthlyTotalsRows(query)) yield monthlyReportCsvLine(row, currency);
  }
  return new StreamableFile(Readable.from(lines()), { type: 'text/csv; charset=utf-8', disposition: 'inline; filename="monthly-report.csv"' });
}

import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import {
  MONTHLY_REPORT_CSV_HEADER,
  monthlyReportCsvLine,
  monthlyReportExcelCsvHeader,
  monthlyReportExcelCsvLine,
} from '@reimbursements/domain/reports/monthly-report.csv';
import { MonthlyReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';

export const REPORT_FORMATS = ['json', 'csv', 'csv-excel'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `format` wins; without it, `Accept: text/csv` asks for the machines' CSV. */
export function reportFormat(format: ReportFormat | undefined, accept: string | undefined): ReportFormat {
  return format ?? (/\btext\/csv\b/i.test(accept ?? '') ? 'csv' : 'json');
}

/**
 * Every row of the report as CSV, streamed from the database as it is read (not paginated: limit and
 * cursor do not apply). `csv` is for machines (öre, commas); `csv-excel` opens in a Swedish spreadsheet.
 */
export function monthlyReportCsv(reader: ReportReader, query: MonthlyReportQuery, currency: string, format: Exclude<ReportFormat, 'json'>): StreamableFile {
  const excel = format === 'csv-excel';
  async function* lines(): AsyncGenerator<string> {
    yield excel ? monthlyReportExcelCsvHeader(currency) : MONTHLY_REPORT_CSV_HEADER;
    for await (const row of reader.monthlyTotalsRows(query)) yield excel ? monthlyReportExcelCsvLine(row) : monthlyReportCsvLine(row, currency);
  }
  return new StreamableFile(Readable.from(lines()), {
    type: 'text/csv; charset=utf-8',
    disposition: excel ? 'attachment; filename="monthly-report-excel.csv"' : 'inline; filename="monthly-report.csv"',
  });
}

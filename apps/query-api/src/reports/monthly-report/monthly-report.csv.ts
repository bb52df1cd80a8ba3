import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';

export const REPORT_FORMATS = ['json', 'csv', 'csv-excel'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `format` wins; without it, `Accept: text/csv` asks for the machines' CSV. */
export function reportFormat(format: ReportFormat | undefined, accept: string | undefined): ReportFormat {
  return format ?? (/\btext\/csv\b/i.test(accept ?? '') ? 'csv' : 'json');
}

/**
 * The CSV text as the HTTP answer, streamed as its chunks come. `csv` is for machines (öre, commas);
 * `csv-excel` opens in a Swedish spreadsheet and is offered as a download.
 */
export function csvFile(chunks: Iterable<string> | AsyncIterable<string>, format: Exclude<ReportFormat, 'json'>): StreamableFile {
  return new StreamableFile(Readable.from(chunks), {
    type: 'text/csv; charset=utf-8',
    disposition: format === 'csv-excel' ? 'attachment; filename="monthly-report-excel.csv"' : 'inline; filename="monthly-report.csv"',
  });
}

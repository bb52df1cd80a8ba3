import { StreamableFile } from '@nestjs/common';
import { Request } from 'express';
import { Readable } from 'node:stream';

export const REPORT_FORMATS = ['json', 'csv', 'csv-excel'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * `format` wins; without it, the `Accept` header's preference between JSON and the machines' CSV,
 * its q-values honoured (`text/csv;q=0` refuses CSV), JSON when it names neither or both alike
 * with JSON first.
 */
export function reportFormat(format: ReportFormat | undefined, request: Pick<Request, 'accepts'>): ReportFormat {
  return format ?? (request.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json');
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

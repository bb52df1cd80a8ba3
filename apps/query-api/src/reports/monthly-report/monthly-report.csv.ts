import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';

export function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  return format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(accept ?? ''));
}

/** The CSV text as the HTTP answer, streamed as its chunks come. */
export function csvFile(chunks: Iterable<string> | AsyncIterable<string>): StreamableFile {
  return new StreamableFile(Readable.from(chunks), { type: 'text/csv; charset=utf-8', disposition: 'inline; filename="monthly-report.csv"' });
}

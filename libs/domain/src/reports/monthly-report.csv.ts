import { MonthlyTotals } from '../projections/monthly-totals';
import { ReportPart } from './report-parts';

export const MONTHLY_REPORT_CSV_HEADER = 'caregiverId,month,eventCount,totalCents,pendingCents,reimbursedCents,currency\n';

/** One report row as a CSV line. Caregiver ids and months hold no comma, quote or line break. */
export function monthlyReportCsvLine(row: MonthlyTotals, currency: string): string {
  return `${row.caregiverId},${row.month},${row.eventCount},${row.totalCents},${row.pendingCents},${row.reimbursedCents},${currency}\n`;
}

/**
 * The same rows for a spreadsheet in a Swedish locale (Excel opens it right with a double click):
 * a UTF-8 byte order mark, `;` between fields, CRLF line ends, and amounts in the currency's main
 * unit (kronor for SEK) with a decimal comma and two decimals. The caregiver id and the month are
 * text cells (`excelText`), as Excel would read `00123` as 123, `1-2` and `2026-01` as dates and
 * `-A1` as a formula.
 */
export function monthlyReportExcelCsvHeader(currency: string): string {
  return `\uFEFFcaregiverId;month;eventCount;total ${currency};pending ${currency};reimbursed ${currency}\r\n`;
}

export function monthlyReportExcelCsvLine(row: MonthlyTotals): string {
  return `${excelText(row.caregiverId)};${excelText(row.month)};${row.eventCount};${decimalComma(row.totalCents)};${decimalComma(row.pendingCents)};${decimalComma(row.reimbursedCents)}\r\n`;
}

/**
 * A value Excel shows as the text it is, whatever it looks like: `="…"`, a formula of one string.
 * Caregiver ids and months hold no double quote (CAREGIVER_ID_PATTERN), so none is escaped.
 */
export function excelText(value: string): string {
  return `="${value}"`;
}

/** Minor units (öre) as main units with two decimals and a decimal comma, no thousands separator: 123456 → "1234,56". */
export function decimalComma(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** The CSV lines of one caregiver's rows within one part of a report's months (report-parts.ts). */
export interface CsvBlock {
  caregiverId: string;
  text: string;
}

/**
 * The lines of parts with disjoint months (given in month order), each a list of blocks in
 * caregiverId order, as one text in (caregiverId, month) order: each caregiver's blocks in part
 * order. Equal to the lines of one pass over every row.
 */
export function mergeCsvBlocks(parts: readonly (readonly CsvBlock[])[]): string {
  const blocks = parts.flatMap((blocks, part) => blocks.map((block, index) => ({ ...block, part, index })));
  blocks.sort((a, b) => (a.caregiverId < b.caregiverId ? -1 : a.caregiverId > b.caregiverId ? 1 : a.part - b.part || a.index - b.index));
  return blocks.map((block) => block.text).join('');
}

/** The CSV lines of each part (disjoint month ranges, report-parts.ts) in blocks per caregiver, from one pass over the rows of all of them. */
export async function monthlyReportCsvBlocks(
  rows: AsyncIterable<MonthlyTotals>,
  parts: readonly Pick<ReportPart, 'from' | 'to'>[],
  line: (row: MonthlyTotals) => string,
): Promise<CsvBlock[][]> {
  const blocks = parts.map((): CsvBlock[] => []);
  for await (const row of rows) {
    const part = blocks[parts.findIndex(({ from, to }) => row.month >= from && row.month <= to)];
    if (!part) continue;
    const last = part[part.length - 1];
    if (last?.caregiverId === row.caregiverId) last.text += line(row);
    else part.push({ caregiverId: row.caregiverId, text: line(row) });
  }
  return blocks;
}

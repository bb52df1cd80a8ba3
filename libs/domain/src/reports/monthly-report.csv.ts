import { MonthlyTotals } from '../projections/monthly-totals';

export const MONTHLY_REPORT_CSV_HEADER = 'caregiverId,month,eventCount,totalCents,pendingCents,reimbursedCents,currency\n';

/** One report row as a CSV line. Caregiver ids and months hold no comma, quote or line break. */
export function monthlyReportCsvLine(row: MonthlyTotals, currency: string): string {
  return `${row.caregiverId},${row.month},${row.eventCount},${row.totalCents},${row.pendingCents},${row.reimbursedCents},${currency}\n`;
}

/**
 * The same rows for a spreadsheet in a Swedish locale (Excel opens it right with a double click):
 * a UTF-8 byte order mark, `;` between fields, CRLF line ends, and amounts in the currency's main
 * unit (kronor for SEK) with a decimal comma and two decimals.
 */
export function monthlyReportExcelCsvHeader(currency: string): string {
  return `\uFEFFcaregiverId;month;eventCount;total ${currency};pending ${currency};reimbursed ${currency}\r\n`;
}

export function monthlyReportExcelCsvLine(row: MonthlyTotals): string {
  return `${row.caregiverId};${row.month};${row.eventCount};${decimalComma(row.totalCents)};${decimalComma(row.pendingCents)};${decimalComma(row.reimbursedCents)}\r\n`;
}

/** Minor units (öre) as main units with two decimals and a decimal comma, no thousands separator: 123456 → "1234,56". */
export function decimalComma(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

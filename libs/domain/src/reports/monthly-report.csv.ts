import { MonthlyTotals } from '../projections/monthly-totals';

export const MONTHLY_REPORT_CSV_HEADER = 'caregiverId,month,eventCount,totalCents,pendingCents,reimbursedCents,currency\n';

/** One report row as a CSV line. Caregiver ids and months hold no comma, quote or line break. */
export function monthlyReportCsvLine(row: MonthlyTotals, currency: string): string {
  return `${row.caregiverId},${row.month},${row.eventCount},${row.totalCents},${row.pendingCents},${row.reimbursedCents},${currency}\n`;
}

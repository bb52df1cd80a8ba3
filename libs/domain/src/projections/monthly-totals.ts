export interface TypeTotals {
  count: number;
  totalCents: number;
}

/** One caregiver's sums for one month in the business time zone: what reports read. */
export interface MonthlyTotals {
  caregiverId: string;
  month: string;
  eventCount: number;
  totalCents: number;
  pendingCents: number;
  reimbursedCents: number;
  byType: Record<string, TypeTotals>;
}

/** `#` sorts below every character a caregiverId may hold, so ids sort as (caregiverId, month). */
export function monthlyTotalsId(caregiverId: string, month: string): string {
  return `${caregiverId}#${month}`;
}

export function emptyMonthlyTotals(caregiverId: string, month: string): MonthlyTotals {
  return { caregiverId, month, eventCount: 0, totalCents: 0, pendingCents: 0, reimbursedCents: 0, byType: {} };
}

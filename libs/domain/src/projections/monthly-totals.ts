export interface TypeTotals {
  count: number;
  totalCents: number;
}

/** One month's sums of one caregiver. */
export interface MonthSums {
  eventCount: number;
  totalCents: number;
  pendingCents: number;
  reimbursedCents: number;
  byType: Record<string, TypeTotals>;
}

/** One caregiver's sums for one month in the business time zone: a report row. */
export interface MonthlyTotals extends MonthSums {
  caregiverId: string;
  month: string;
}

/**
 * A report row's id: `#` sorts below every character a caregiverId may hold, so ids sort as
 * (caregiverId, month). Used as the report's page cursor.
 */
export function monthlyTotalsId(caregiverId: string, month: string): string {
  return `${caregiverId}#${month}`;
}

export function emptyMonthSums(): MonthSums {
  return { eventCount: 0, totalCents: 0, pendingCents: 0, reimbursedCents: 0, byType: {} };
}

export function emptyMonthlyTotals(caregiverId: string, month: string): MonthlyTotals {
  return { caregiverId, month, ...emptyMonthSums() };
}

/**
 * The report rows of one caregiver's months from `from` to `to`, in month order. A month whose
 * events were all voided has no events: it is absent, like an empty month.
 */
export function monthlyTotalsIn(caregiverId: string, months: Record<string, MonthSums>, from: string, to: string): MonthlyTotals[] {
  return Object.keys(months)
    .filter((month) => month >= from && month <= to && months[month].eventCount > 0)
    .sort()
    .map((month) => ({ caregiverId, month, ...months[month] }));
}

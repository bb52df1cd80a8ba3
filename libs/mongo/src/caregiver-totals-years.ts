import { MonthSums } from '@reimbursements/domain/projections/monthly-totals';

/** The year of a `YYYY-MM` month: the field of `years` that holds it. */
export function yearOf(month: string): string {
  return month.slice(0, 4);
}

/**
 * A caregiver's months as `years.<YYYY>`, each year one JSON string of its months. FerretDB 1.24
 * spends about 13 ms of its CPU reading and replacing a 24-month document of nested sums, and
 * 2 ms when they are a string (`npm run bench:totals-shape`); a year apiece keeps a report of the
 * open months reading one or two of them. Canonical (months, fields and event types in one order),
 * so that the same sums make the same document whatever order the fold met them in: a rebuilt
 * version is compared with the live one document for document.
 */
export function yearsOf(months: Record<string, MonthSums>): Record<string, string> {
  const byYear = new Map<string, string[]>();
  for (const month of Object.keys(months).sort()) {
    const year = yearOf(month);
    const entries = byYear.get(year) ?? [];
    byYear.set(year, entries);
    entries.push(`${JSON.stringify(month)}:${canonicalSums(months[month])}`);
  }
  return Object.fromEntries([...byYear].map(([year, entries]) => [year, `{${entries.join(',')}}`]));
}

/**
 * The months a document holds: those of its `years`, and those of `months`, the nested shape
 * written before `years` (the next write of such a document replaces it in the new shape).
 */
export function monthsOf(doc: { years?: Record<string, string>; months?: Record<string, MonthSums> }): Record<string, MonthSums> {
  const months: Record<string, MonthSums> = { ...doc.months };
  for (const year of Object.values(doc.years ?? {})) Object.assign(months, JSON.parse(year) as Record<string, MonthSums>);
  return months;
}

function canonicalSums(sums: MonthSums): string {
  const byType = Object.keys(sums.byType)
    .sort()
    .map((code) => `${JSON.stringify(code)}:{"count":${sums.byType[code].count},"totalCents":${sums.byType[code].totalCents}}`);
  return `{"eventCount":${sums.eventCount},"totalCents":${sums.totalCents},"pendingCents":${sums.pendingCents},"reimbursedCents":${sums.reimbursedCents},"byType":{${byType.join(',')}}}`;
}

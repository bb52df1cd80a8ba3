import { addChange } from '@reimbursements/domain/projections/monthly-totals.fold';
import { MonthlyTotals, monthlyTotalsIn, MonthSums, TypeTotals } from '@reimbursements/domain/projections/monthly-totals';

/** The year of a `YYYY-MM` month: the field of `years` that holds it. */
export function yearOf(month: string): string {
  return month.slice(0, 4);
}

/**
 * One month's sums as stored: `[eventCount, totalCents, pendingCents, reimbursedCents]`, then
 * `code, count, totalCents` for each event type in code order.
 */
type StoredMonth = (number | string)[];

/** The fields of a caregiver's totals document that hold its months, in either shape. */
export interface StoredMonths {
  years?: Record<string, string>;
  /** The nested shape written before `years`. */
  months?: Record<string, MonthSums>;
}

/**
 * A caregiver's months as `years.<YYYY>`, each year one JSON object of its months, each month an
 * array (StoredMonth). FerretDB 1.24 spends about 13.5 ms of its CPU on a guarded `$inc` of every
 * field of a 24-month document of nested sums, 7.8 ms reading and replacing it, and 1.25 ms
 * reading and replacing it in this shape (`npm run bench:totals-shape`, 2026-12-02); arrays rather
 * than objects make the text a third as long and the query-api parses it in half the time. A year
 * apiece keeps a report of the open months reading one or two. Canonical (months and event types
 * in order), so that the same sums make the same document whatever order the fold met them in: a
 * rebuilt version is compared with the live one document for document.
 */
export function yearsOf(months: Record<string, MonthSums>): Record<string, string> {
  const byYear = new Map<string, string[]>();
  for (const month of Object.keys(months).sort()) {
    const year = yearOf(month);
    const entries = byYear.get(year) ?? [];
    byYear.set(year, entries);
    entries.push(`${JSON.stringify(month)}:${JSON.stringify(storedMonth(months[month]))}`);
  }
  return Object.fromEntries([...byYear].map(([year, entries]) => [year, `{${entries.join(',')}}`]));
}

/**
 * The months a document holds: those of its `years`, and those of `months`, the nested shape
 * written before `years` (the next write of such a document replaces it in the new shape). A month
 * in both (a projector of the earlier release adding to a document in the new shape, during an
 * upgrade) holds their sum: both writes were guarded by the document's `lastOffset`.
 */
export function monthsOf(doc: StoredMonths): Record<string, MonthSums> {
  const months: Record<string, MonthSums> = {};
  for (const [month, sums] of Object.entries(doc.months ?? {})) months[month] = completeSums(sums);
  for (const year of Object.values(doc.years ?? {})) {
    const stored = JSON.parse(year) as Record<string, StoredMonth>;
    for (const month in stored) {
      const sums = monthSums(stored[month]);
      months[month] = months[month] ? addChange(months[month], sums) : sums;
    }
  }
  return months;
}

/**
 * The report rows of a document's months from `from` to `to` with events, in month order, decoding
 * only the years among them (a heavy report decodes thousands of documents on the event loop).
 */
export function monthlyTotalsOf(caregiverId: string, doc: StoredMonths, from: string, to: string): MonthlyTotals[] {
  if (doc.months !== undefined) return monthlyTotalsIn(caregiverId, monthsOf(doc), from, to);
  const rows: MonthlyTotals[] = [];
  const [first, last] = [yearOf(from), yearOf(to)];
  for (const year of Object.keys(doc.years ?? {}).sort()) {
    if (year < first || year > last) continue;
    const stored = JSON.parse((doc.years as Record<string, string>)[year]) as Record<string, StoredMonth>;
    // Written in month order (yearsOf), and JSON.parse keeps it.
    for (const month in stored) {
      const m = stored[month];
      if (month < from || month > to || !((m[0] as number) > 0)) continue;
      rows.push({ caregiverId, month, eventCount: m[0] as number, totalCents: m[1] as number, pendingCents: m[2] as number, reimbursedCents: m[3] as number, byType: byTypeOf(m) });
    }
  }
  return rows;
}

/** A nested month as a `$inc` left it: a field it never incremented is absent, and counts as 0. */
function completeSums(partial: Partial<MonthSums>): MonthSums {
  const byType: Record<string, TypeTotals> = {};
  for (const [code, t] of Object.entries(partial.byType ?? {})) byType[code] = { count: t.count ?? 0, totalCents: t.totalCents ?? 0 };
  return { eventCount: partial.eventCount ?? 0, totalCents: partial.totalCents ?? 0, pendingCents: partial.pendingCents ?? 0, reimbursedCents: partial.reimbursedCents ?? 0, byType };
}

function storedMonth(sums: MonthSums): StoredMonth {
  const stored: StoredMonth = [sums.eventCount, sums.totalCents, sums.pendingCents, sums.reimbursedCents];
  for (const code of Object.keys(sums.byType).sort()) stored.push(code, sums.byType[code].count, sums.byType[code].totalCents);
  return stored;
}

function monthSums(stored: StoredMonth): MonthSums {
  return { eventCount: stored[0] as number, totalCents: stored[1] as number, pendingCents: stored[2] as number, reimbursedCents: stored[3] as number, byType: byTypeOf(stored) };
}

function byTypeOf(stored: StoredMonth): Record<string, TypeTotals> {
  const byType: Record<string, TypeTotals> = {};
  for (let i = 4; i < stored.length; i += 3) byType[stored[i] as string] = { count: stored[i + 1] as number, totalCents: stored[i + 2] as number };
  return byType;
}

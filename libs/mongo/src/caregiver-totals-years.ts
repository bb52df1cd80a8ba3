import { addChange } from '@reimbursements/domain/projections/monthly-totals.fold';
import { MonthlyTotals, monthlyTotalsIn, MonthSums, TypeTotals } from '@reimbursements/domain/projections/monthly-totals';
import { sortedDistinct } from '@reimbursements/domain/scope/sorted-distinct';

/** The year of a `YYYY-MM` month: the field of `years` that holds it. */
export function yearOf(month: string): string {
  return month.slice(0, 4);
}

/**
 * One month's sums as stored: `[eventCount, totalCents, pendingCents, reimbursedCents]`, then for
 * each event type in code order its code (in a year of the earlier form), or its index among the
 * year's codes, then `count, totalCents`.
 */
type StoredMonth = (number | string)[];

/**
 * A year as stored: its event type codes in order, then its months by number (index 1 is
 * January), each a StoredMonth or 0 where the year holds no such month, up to its last month.
 */
type StoredYear = [string[], ...(StoredMonth | 0)[]];

/** The fields of a caregiver's totals document that hold its months, in either shape. */
export interface StoredMonths {
  years?: Record<string, string>;
  /** The nested shape written before `years`. */
  months?: Record<string, MonthSums>;
}

const MONTH_SUFFIXES = ['', '-01', '-02', '-03', '-04', '-05', '-06', '-07', '-08', '-09', '-10', '-11', '-12'];

/**
 * A caregiver's months as `years.<YYYY>`, each year one JSON string (StoredYear): its event type
 * codes once, then its months by number, each an array of numbers. FerretDB 1.24 spends about 13.5
 * ms of its CPU on a guarded `$inc` of every field of a 24-month document of nested sums, 7.8 ms
 * reading and replacing it, and 1.25 ms reading and replacing it as a JSON string per year in the
 * earlier form below (`npm run bench:totals-shape`, 2026-12-02; in this form, on a slower machine,
 * 1.55 ms to read and replace, beside 13.75 ms to read and replace the nested document and 22.8 ms
 * to `$inc` it). It decodes the stored JSON of every document it reads, so the text's length is its
 * cost: months keyed by `YYYY-MM` with each code written in each month (the form of the earlier
 * release, still read) are two thirds longer and full of quotes, which the server stores escaped,
 * and cost it 0.65 to 0.73 ms per lookup of a 60-month document against 0.47 to 0.53 ms in this
 * form (ad hoc, 4 000 lookups, 2026-12-02). A year apiece keeps a report of the open months reading
 * one or two. Canonical (months in order, codes sorted), so that the same sums make the same
 * document whatever order the fold met them in: a rebuilt version is compared with the live one
 * document for document.
 */
export function yearsOf(months: Record<string, MonthSums>): Record<string, string> {
  const byYear = new Map<string, string[]>();
  for (const month of Object.keys(months).sort()) {
    const year = yearOf(month);
    const list = byYear.get(year) ?? [];
    byYear.set(year, list);
    list.push(month);
  }
  return Object.fromEntries([...byYear].map(([year, list]) => [year, JSON.stringify(storedYear(list, months))]));
}

function storedYear(list: readonly string[], months: Record<string, MonthSums>): StoredYear {
  const codes = sortedDistinct(list.flatMap((month) => Object.keys(months[month].byType)));
  const index = new Map(codes.map((code, i) => [code, i]));
  const year: StoredYear = [codes];
  for (const month of list) {
    const sums = months[month];
    const stored: StoredMonth = [sums.eventCount, sums.totalCents, sums.pendingCents, sums.reimbursedCents];
    for (const code of Object.keys(sums.byType).sort()) stored.push(index.get(code) as number, sums.byType[code].count, sums.byType[code].totalCents);
    year[Number(month.slice(5))] = stored;
  }
  for (let i = 1; i < year.length; i++) year[i] ??= 0;
  return year;
}

/**
 * Calls `each` with every month a year's text holds, in month order, and the year's codes (none
 * in the earlier form, whose months name their codes: its writer keyed them in month order, and
 * JSON.parse keeps the order of such keys).
 */
function eachStoredMonth(year: string, text: string, each: (month: string, stored: StoredMonth, codes: readonly string[] | undefined) => void): void {
  const parsed = JSON.parse(text) as StoredYear | Record<string, StoredMonth>;
  if (!Array.isArray(parsed)) {
    for (const month in parsed) each(month, parsed[month], undefined);
    return;
  }
  const codes = parsed[0];
  for (let i = 1; i < parsed.length; i++) {
    const stored = parsed[i];
    if (stored !== 0) each(`${year}${MONTH_SUFFIXES[i]}`, stored as StoredMonth, codes);
  }
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
  for (const [year, text] of Object.entries(doc.years ?? {})) {
    eachStoredMonth(year, text, (month, stored, codes) => {
      const sums = monthSums(stored, codes);
      months[month] = months[month] ? addChange(months[month], sums) : sums;
    });
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
    eachStoredMonth(year, (doc.years as Record<string, string>)[year], (month, m, codes) => {
      if (month < from || month > to || !((m[0] as number) > 0)) return;
      rows.push({ caregiverId, month, eventCount: m[0] as number, totalCents: m[1] as number, pendingCents: m[2] as number, reimbursedCents: m[3] as number, byType: byTypeOf(m, codes) });
    });
  }
  return rows;
}

/** A nested month as a `$inc` left it: a field it never incremented is absent, and counts as 0. */
function completeSums(partial: Partial<MonthSums>): MonthSums {
  const byType: Record<string, TypeTotals> = {};
  for (const [code, t] of Object.entries(partial.byType ?? {})) byType[code] = { count: t.count ?? 0, totalCents: t.totalCents ?? 0 };
  return { eventCount: partial.eventCount ?? 0, totalCents: partial.totalCents ?? 0, pendingCents: partial.pendingCents ?? 0, reimbursedCents: partial.reimbursedCents ?? 0, byType };
}

function monthSums(stored: StoredMonth, codes: readonly string[] | undefined): MonthSums {
  return { eventCount: stored[0] as number, totalCents: stored[1] as number, pendingCents: stored[2] as number, reimbursedCents: stored[3] as number, byType: byTypeOf(stored, codes) };
}

function byTypeOf(stored: StoredMonth, codes: readonly string[] | undefined): Record<string, TypeTotals> {
  const byType: Record<string, TypeTotals> = {};
  for (let i = 4; i < stored.length; i += 3) byType[codes ? codes[stored[i] as number] : (stored[i] as string)] = { count: stored[i + 1] as number, totalCents: stored[i + 2] as number };
  return byType;
}

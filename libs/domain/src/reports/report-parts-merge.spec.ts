import { MonthlyTotals, monthlyTotalsId } from '../projections/monthly-totals';
import { prng } from '../testing/prng';
import { addMonths } from '../time/business-month';
import { mergeCsvBlocks, monthlyReportCsvBlocks, monthlyReportCsvLine } from './monthly-report.csv';
import { mergeMonthlyReportPages, monthlyReportPage, monthlyReportPartPages } from './monthly-report.page';
import { reportParts } from './report-parts';

async function* rowsOf(rows: MonthlyTotals[]): AsyncIterable<MonthlyTotals> {
  yield* rows;
}

/** Rows in (caregiverId, month) order over 12 months from 2026-01, some months empty, some voided to no events. */
function randomRows(random: () => number): MonthlyTotals[] {
  const rows: MonthlyTotals[] = [];
  for (const caregiverId of ['a', 'a-b', 'a.b', 'b', 'c:1'].filter(() => random() < 0.8)) {
    for (let m = 0; m < 12; m += 1) {
      if (random() < 0.4) continue;
      const eventCount = random() < 0.1 ? 0 : 1 + Math.floor(random() * 5);
      const totalCents = eventCount * 100;
      rows.push({ caregiverId, month: addMonths('2026-01', m), eventCount, totalCents, pendingCents: totalCents, reimbursedCents: 0, byType: { visit: { count: eventCount, totalCents } } });
    }
  }
  return rows;
}

/**
 * A report cached in parts (closed months apart from open ones) must answer exactly what one pass
 * over every row answers: the same page, cursor boundary, totals and totals per month, the same CSV.
 */
describe('a report merged from its parts', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('equals the one-pass answer, page by page and as CSV (seed %i)', async (seed) => {
    const random = prng(seed);
    const rows = randomRows(random);
    const line = (row: MonthlyTotals) => monthlyReportCsvLine(row, 'SEK');
    for (const openFrom of ['2025-06', '2026-01', '2026-05', '2026-12', '2027-03']) {
      const parts = reportParts('2026-01', '2026-12', openFrom);
      for (const limit of [1, 3, 7, 100]) {
        const afters = [undefined, ...rows.filter(() => random() < 0.3).map((row) => monthlyTotalsId(row.caregiverId, row.month))];
        for (const after of afters) {
          const query = { after, limit };
          const whole = await monthlyReportPage(rowsOf(rows), query);
          const merged = mergeMonthlyReportPages(await monthlyReportPartPages(rowsOf(rows), query, parts), limit);
          expect(merged).toEqual(whole);
          // Each part computed by a read of its own months only, as when the other part hits.
          const apart = await Promise.all(parts.map(async (part) => (await monthlyReportPartPages(rowsOf(rows.filter((r) => r.month >= part.from && r.month <= part.to)), query, [part]))[0]));
          expect(mergeMonthlyReportPages(apart, limit)).toEqual(whole);
        }
      }
      expect(mergeCsvBlocks(await monthlyReportCsvBlocks(rowsOf(rows), parts, line))).toBe(rows.map(line).join(''));
    }
  });
});

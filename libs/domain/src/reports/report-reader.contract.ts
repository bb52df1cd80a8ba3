import { MonthWrites } from '../position/applied-state';
import { LogPosition } from '../position/log-position';
import { ReportReader } from '../ports/report-reader.port';
import { MonthSums } from '../projections/monthly-totals';
import { monthlyReportPage } from './monthly-report.page';
import { monthlyReportQuery, MonthlyReportInput } from './monthly-report.query';

/** What a reader under test holds: each caregiver's months, the applied position and the months' last writes (at or below it). */
export interface ReportSeed {
  caregivers: Record<string, Record<string, MonthSums>>;
  applied: LogPosition;
  monthWrites: MonthWrites;
}

function sums(eventCount: number, pendingCents: number, reimbursedCents = 0): MonthSums {
  return {
    eventCount,
    totalCents: pendingCents + reimbursedCents,
    pendingCents,
    reimbursedCents,
    byType: { bathing: { count: eventCount, totalCents: pendingCents + reimbursedCents } },
  };
}

/** Ids chosen to sort differently as numbers and strings, with every separator an id may hold. */
const SEED: ReportSeed = {
  caregivers: {
    a: { '2025-12': sums(2, 200), '2026-01': sums(3, 300, 100), '2026-02': sums(0, 0), '2026-03': sums(1, 100) },
    'a-b': { '2026-02': sums(1, 50) },
    'a.b': { '2026-01': sums(4, 0, 400) },
    'a:b': { '2026-03': sums(1, 10) },
    '10': { '2026-01': sums(1, 1) },
    '9': { '2026-01': sums(1, 2), '2027-01': sums(5, 5) },
    ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`many-${String(i).padStart(2, '0')}`, { '2026-02': sums(1, i) }])),
  },
  applied: { 'log:0': 41, 'log:3': 7 },
  monthWrites: { 'log:0': { '2026-01': 41, '2026-03': 30 }, 'log:3': { '2025-12': 7 } },
};

/**
 * The one contract of ReportReader, run against the in-memory reader and against MongoDB in every
 * query shape (libs/mongo/src/mongo-report-reader.int-spec.ts). `reader` seeds a fresh store.
 */
export function reportReaderContract(reader: (seed: ReportSeed) => Promise<ReportReader>): void {
  let subject: ReportReader;

  beforeAll(async () => {
    subject = await reader(SEED);
  });

  async function rowIds(input: MonthlyReportInput): Promise<string[]> {
    const ids: string[] = [];
    for await (const row of subject.monthlyTotalsRows(monthlyReportQuery(input))) ids.push(`${row.caregiverId}#${row.month}`);
    return ids;
  }

  it('reads named caregivers in (caregiverId, month) order; unknown ids, empty months and months outside the period are absent', async () => {
    expect(await rowIds({ from: '2026-01', to: '2026-12', caregiverIds: ['a.b', 'nobody', '9', 'a', '10', 'a:b', 'a-b'] })).toEqual([
      '10#2026-01',
      '9#2026-01',
      'a#2026-01',
      'a#2026-03',
      'a-b#2026-02',
      'a.b#2026-01',
      'a:b#2026-03',
    ]);
  });

  it('reads one caregiver, and a single month', async () => {
    expect(await rowIds({ from: '2025-12', to: '2026-03', caregiverIds: ['a'] })).toEqual(['a#2025-12', 'a#2026-01', 'a#2026-03']);
    expect(await rowIds({ from: '2026-02', to: '2026-02', caregiverIds: ['a', 'a-b'] })).toEqual(['a-b#2026-02']);
  });

  it('reads every caregiver in caregiverId order when none is named', async () => {
    const ids = await rowIds({ from: '2026-01', to: '2026-03' });
    expect(ids).toHaveLength(7 + 40);
    expect(ids).toEqual([...ids].sort());
    expect(ids.slice(0, 3)).toEqual(['10#2026-01', '9#2026-01', 'a#2026-01']);
  });

  it('reads more named caregivers than it looks up at once, and long lists, in order', async () => {
    const names = Object.keys(SEED.caregivers).filter((id) => id.startsWith('many-'));
    const ids = await rowIds({ from: '2026-01', to: '2026-12', caregiverIds: [...names].reverse() });
    expect(ids).toEqual(names.map((id) => `${id}#2026-02`));
  });

  it('gives pages that add up to the whole result, each with the totals and totals per month of the whole result, from one pass', async () => {
    const input = { from: '2025-12', to: '2026-03' };
    const whole = await monthlyReportPage(subject.monthlyTotalsRows(monthlyReportQuery({ ...input, limit: 1000 })), { limit: 1000 });
    const expected = { eventCount: 0, totalCents: 0, pendingCents: 0, reimbursedCents: 0 };
    for (const row of whole.rows) {
      expected.eventCount += row.eventCount;
      expected.totalCents += row.totalCents;
      expected.pendingCents += row.pendingCents;
      expected.reimbursedCents += row.reimbursedCents;
    }
    expect(whole.totals).toEqual(expected);
    const byMonth = new Map<string, number>();
    for (const row of whole.rows) if (row.eventCount !== 0) byMonth.set(row.month, (byMonth.get(row.month) ?? 0) + row.totalCents);
    const expectedByMonth = [...byMonth.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    expect(whole.totalsByMonth.map((m) => [m.month, m.totalCents])).toEqual(expectedByMonth);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const query = { ...monthlyReportQuery({ ...input, limit: 7 }), after };
      const page = await monthlyReportPage(subject.monthlyTotalsRows(query), query);
      expect(page.totals).toEqual(expected);
      expect(page.totalsByMonth).toEqual(whole.totalsByMonth);
      seen.push(...page.rows.map((r) => r.id));
      if (!page.hasMore) break;
      after = page.rows[page.rows.length - 1].id;
    }
    expect(seen).toEqual(whole.rows.map((r) => r.id));
  });

  it('reads a short span of months, leaving out caregivers with none of them', async () => {
    const rows = [];
    for await (const row of subject.monthlyTotalsRows(monthlyReportQuery({ from: '2026-03', to: '2026-04', caregiverIds: ['a-b', 'a', 'a:b', '9'] }))) rows.push(`${row.caregiverId}#${row.month}:${row.eventCount}`);
    expect(rows).toEqual(['a#2026-03:1', 'a:b#2026-03:1']);
  });

  it('reads a short span across a new year from both years', async () => {
    const rows = [];
    for await (const row of subject.monthlyTotalsRows(monthlyReportQuery({ from: '2025-12', to: '2026-01', caregiverIds: ['a', '9', 'a.b'] }))) rows.push(`${row.caregiverId}#${row.month}:${row.eventCount}`);
    expect(rows).toEqual(['9#2026-01:1', 'a#2025-12:2', 'a#2026-01:3', 'a.b#2026-01:4']);
  });

  it('reads nothing for an empty list of caregivers (a scope holding none)', async () => {
    const query = { ...monthlyReportQuery({ from: '2026-01', to: '2026-03' }), allCaregivers: false };
    const rows = [];
    for await (const row of subject.monthlyTotalsRows(query)) rows.push(row);
    expect(rows).toEqual([]);
  });

  it('tells the applied position and the last write of each month, partition by partition', async () => {
    expect(await subject.appliedState()).toEqual({ position: SEED.applied, monthWrites: SEED.monthWrites });
  });
}

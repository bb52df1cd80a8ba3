import { MonthlyTotals } from '../projections/monthly-totals';
import { addToTotals, emptyReportTotals, ReportSummer, reportRow } from './monthly-report';

describe('reportRow', () => {
  const totals: MonthlyTotals = {
    caregiverId: 'cg-1',
    month: '2026-03',
    eventCount: 6,
    totalCents: 4_600,
    pendingCents: 4_100,
    reimbursedCents: 500,
    byType: {
      'wound-care': { count: 1, totalCents: 500 },
      assessment: { count: 2, totalCents: 2_000 },
      'bathing-2': { count: 1, totalCents: 300 },
      bathing: { count: 2, totalCents: 1_800 },
    },
  };

  it('maps the fields and lists the types sorted by eventType', () => {
    expect(reportRow(totals)).toEqual({
      caregiverId: 'cg-1',
      month: '2026-03',
      eventCount: 6,
      totalCents: 4_600,
      pendingCents: 4_100,
      reimbursedCents: 500,
      byType: [
        { eventType: 'assessment', count: 2, totalCents: 2_000 },
        { eventType: 'bathing', count: 2, totalCents: 1_800 },
        { eventType: 'bathing-2', count: 1, totalCents: 300 },
        { eventType: 'wound-care', count: 1, totalCents: 500 },
      ],
    });
  });

  it('gives an empty breakdown for a month without types', () => {
    expect(reportRow({ ...totals, byType: {} }).byType).toEqual([]);
  });
});

describe('addToTotals', () => {
  it('starts from zero', () => {
    expect(emptyReportTotals()).toEqual({ eventCount: 0, totalCents: 0, pendingCents: 0, reimbursedCents: 0 });
  });

  it('adds each sum separately and leaves its inputs unchanged', () => {
    const a = { eventCount: 1, totalCents: 10, pendingCents: 7, reimbursedCents: 3 };
    const b = { eventCount: 20, totalCents: 2_000, pendingCents: 500, reimbursedCents: 1_500 };
    expect(addToTotals(a, b)).toEqual({ eventCount: 21, totalCents: 2_010, pendingCents: 507, reimbursedCents: 1_503 });
    expect(a).toEqual({ eventCount: 1, totalCents: 10, pendingCents: 7, reimbursedCents: 3 });
  });

  it('sums report rows (extra fields ignored)', () => {
    const rows = [
      reportRow({ caregiverId: 'a', month: '2026-01', eventCount: 2, totalCents: 300, pendingCents: 300, reimbursedCents: 0, byType: {} }),
      reportRow({ caregiverId: 'b', month: '2026-01', eventCount: 1, totalCents: 50, pendingCents: 0, reimbursedCents: 50, byType: {} }),
    ];
    expect(rows.reduce(addToTotals, emptyReportTotals())).toEqual({
      eventCount: 3,
      totalCents: 350,
      pendingCents: 300,
      reimbursedCents: 50,
    });
  });
});

describe('ReportSummer', () => {
  const row = (caregiverId: string, month: string, pendingCents: number, reimbursedCents: number, eventCount = 1) => ({
    caregiverId,
    month,
    eventCount,
    totalCents: pendingCents + reimbursedCents,
    pendingCents,
    reimbursedCents,
  });

  it('sums nothing to zero totals and no months', () => {
    expect(new ReportSummer().summary()).toEqual({ totals: emptyReportTotals(), totalsByMonth: [] });
  });

  it('gives the grand totals and one line per month over every caregiver, months in order whatever the row order', () => {
    const summer = new ReportSummer();
    for (const r of [row('b', '2026-02', 100, 0), row('a', '2026-02', 50, 25, 2), row('a', '2025-12', 0, 300), row('c', '2026-02', 1, 0)]) summer.add(r);
    expect(summer.summary()).toEqual({
      totals: { eventCount: 5, totalCents: 476, pendingCents: 151, reimbursedCents: 325 },
      totalsByMonth: [
        { month: '2025-12', eventCount: 1, totalCents: 300, pendingCents: 0, reimbursedCents: 300 },
        { month: '2026-02', eventCount: 4, totalCents: 176, pendingCents: 151, reimbursedCents: 25 },
      ],
    });
  });

  it('leaves out a month whose events were all voided', () => {
    const summer = new ReportSummer();
    summer.add(row('a', '2026-01', 0, 0, 0));
    summer.add(row('a', '2026-03', 70, 0));
    expect(summer.summary().totalsByMonth.map((m) => m.month)).toEqual(['2026-03']);
  });

  it('sums each month as the rows of that month add up (the totals equal the sum of the months)', () => {
    const summer = new ReportSummer();
    const rows = Array.from({ length: 300 }, (_, i) => row(`cg-${i % 7}`, `2026-${String((i % 12) + 1).padStart(2, '0')}`, i * 3, i % 5, 1));
    rows.forEach((r) => summer.add(r));
    const { totals, totalsByMonth } = summer.summary();
    expect(totalsByMonth).toHaveLength(12);
    expect(totalsByMonth.reduce(addToTotals, emptyReportTotals())).toEqual(totals);
    expect(totals).toEqual(rows.reduce(addToTotals, emptyReportTotals()));
  });
});

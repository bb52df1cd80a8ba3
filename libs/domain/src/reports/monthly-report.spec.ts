import { MonthlyTotals } from '../projections/monthly-totals';
import { addToTotals, emptyReportTotals, reportRow } from './monthly-report';

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

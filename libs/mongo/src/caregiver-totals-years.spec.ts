import { MonthSums } from '@reimbursements/domain/projections/monthly-totals';
import { monthlyTotalsOf, monthsOf, yearOf, yearsOf } from './caregiver-totals-years';

const sums = (eventCount: number, byType: Record<string, [number, number]>): MonthSums => ({
  eventCount,
  totalCents: eventCount * 100,
  pendingCents: eventCount * 60,
  reimbursedCents: eventCount * 40,
  byType: Object.fromEntries(Object.entries(byType).map(([code, [count, totalCents]]) => [code, { count, totalCents }])),
});

describe('caregiver totals as a JSON string per year', () => {
  const months = {
    '2025-12': sums(2, { visit: [2, 200] }),
    '2026-01': sums(1, { visit: [1, 100] }),
    '2026-11': sums(3, { visit: [1, 100], call: [2, 200] }),
  };

  it('keeps each year in its own field and reads back the same sums', () => {
    const years = yearsOf(months);
    expect(Object.keys(years).sort()).toEqual(['2025', '2026']);
    expect(JSON.parse(years['2026'])).toEqual([['call', 'visit'], [1, 100, 60, 40, 1, 1, 100], 0, 0, 0, 0, 0, 0, 0, 0, 0, [3, 300, 180, 120, 0, 2, 200, 1, 1, 100]]);
    expect(monthsOf({ years })).toEqual(months);
  });

  it('writes the same sums as the same text, whatever order they were met in', () => {
    const reordered = {
      '2026-11': { byType: { call: { totalCents: 200, count: 2 }, visit: { count: 1, totalCents: 100 } }, reimbursedCents: 120, pendingCents: 180, totalCents: 300, eventCount: 3 },
      '2026-01': months['2026-01'],
      '2025-12': months['2025-12'],
    };
    expect(yearsOf(reordered)).toEqual(yearsOf(months));
    expect(yearsOf(months)['2026']).toBe('[["call","visit"],[1,100,60,40,1,1,100],0,0,0,0,0,0,0,0,0,[3,300,180,120,0,2,200,1,1,100]]');
  });

  it('reads a document written in the nested shape, and one projected to some of its years', () => {
    expect(monthsOf({ months })).toEqual(months);
    expect(monthsOf({ years: { 2025: yearsOf(months)['2025'] } })).toEqual({ '2025-12': months['2025-12'] });
    expect(monthsOf({})).toEqual({});
  });

  it('completes a nested month a `$inc` left partial, and sums a month held in both shapes', () => {
    const partial = { pendingCents: -100, reimbursedCents: 100, byType: { visit: { count: 1 } } } as unknown as MonthSums;
    expect(monthsOf({ months: { '2026-01': partial } })).toEqual({
      '2026-01': { eventCount: 0, totalCents: 0, pendingCents: -100, reimbursedCents: 100, byType: { visit: { count: 1, totalCents: 0 } } },
    });
    const both = monthsOf({ months: { '2026-01': partial }, years: yearsOf({ '2026-01': sums(3, { visit: [3, 300] }) }) });
    expect(both).toEqual({ '2026-01': { eventCount: 3, totalCents: 300, pendingCents: 80, reimbursedCents: 220, byType: { visit: { count: 4, totalCents: 300 } } } });
  });

  it('reads a year in the form of the earlier release (months keyed by YYYY-MM, codes in each), alone or beside one in this form', () => {
    const earlier = '{"2026-01":[1,100,60,40,"visit",1,100],"2026-11":[3,300,180,120,"call",2,200,"visit",1,100]}';
    expect(monthsOf({ years: { 2026: earlier } })).toEqual({ '2026-01': months['2026-01'], '2026-11': months['2026-11'] });
    expect(monthsOf({ years: { 2025: yearsOf(months)['2025'], 2026: earlier } })).toEqual(months);
    expect(monthlyTotalsOf('cg', { years: { 2026: earlier } }, '2026-02', '2026-12')).toEqual([{ caregiverId: 'cg', month: '2026-11', ...months['2026-11'] }]);
  });

  it('keeps a month whose sums are all zero apart from a month it does not hold', () => {
    const zero = { '2026-03': sums(0, {}) };
    expect(monthsOf({ years: yearsOf(zero) })).toEqual(zero);
    expect(JSON.parse(yearsOf(zero)['2026'])).toEqual([[], 0, 0, [0, 0, 0, 0]]);
  });

  it('escapes event type codes as JSON', () => {
    const odd = { '2026-02': sums(1, { 'a"b\\c': [1, 100] }) };
    expect(monthsOf({ years: yearsOf(odd) })).toEqual(odd);
  });

  it('decodes the report rows of a period straight from the years it covers, months without events left out', () => {
    const stored = { years: yearsOf({ ...months, '2026-02': sums(0, {}), '2027-01': sums(4, { visit: [4, 400] }) }) };
    const rows = monthlyTotalsOf('cg', stored, '2025-12', '2026-11');
    expect(rows).toEqual([
      { caregiverId: 'cg', month: '2025-12', ...months['2025-12'] },
      { caregiverId: 'cg', month: '2026-01', ...months['2026-01'] },
      { caregiverId: 'cg', month: '2026-11', ...months['2026-11'] },
    ]);
    expect(monthlyTotalsOf('cg', stored, '2026-02', '2026-10')).toEqual([]);
    expect(monthlyTotalsOf('cg', stored, '2026-12', '2027-12').map((r) => r.month)).toEqual(['2027-01']);
    // A document in the nested shape gives the same rows.
    expect(monthlyTotalsOf('cg', { months }, '2025-12', '2026-11')).toEqual(rows);
  });

  it('takes the year from the month', () => {
    expect(yearOf('2026-11')).toBe('2026');
  });
});

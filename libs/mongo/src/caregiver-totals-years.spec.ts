import { MonthSums } from '@reimbursements/domain/projections/monthly-totals';
import { monthsOf, yearOf, yearsOf } from './caregiver-totals-years';

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
    expect(Object.keys(JSON.parse(years['2026']) as object)).toEqual(['2026-01', '2026-11']);
    expect(monthsOf({ years })).toEqual(months);
  });

  it('writes the same sums as the same text, whatever order they were met in', () => {
    const reordered = {
      '2026-11': { byType: { call: { totalCents: 200, count: 2 }, visit: { count: 1, totalCents: 100 } }, reimbursedCents: 120, pendingCents: 180, totalCents: 300, eventCount: 3 },
      '2026-01': months['2026-01'],
      '2025-12': months['2025-12'],
    };
    expect(yearsOf(reordered)).toEqual(yearsOf(months));
    expect(yearsOf(months)['2026']).toBe(
      '{"2026-01":{"eventCount":1,"totalCents":100,"pendingCents":60,"reimbursedCents":40,"byType":{"visit":{"count":1,"totalCents":100}}},' +
        '"2026-11":{"eventCount":3,"totalCents":300,"pendingCents":180,"reimbursedCents":120,"byType":{"call":{"count":2,"totalCents":200},"visit":{"count":1,"totalCents":100}}}}',
    );
  });

  it('reads a document written in the nested shape, and one projected to some of its years', () => {
    expect(monthsOf({ months })).toEqual(months);
    expect(monthsOf({ years: { 2025: yearsOf(months)['2025'] } })).toEqual({ '2025-12': months['2025-12'] });
    expect(monthsOf({})).toEqual({});
  });

  it('escapes event type codes as JSON', () => {
    const odd = { '2026-02': sums(1, { 'a"b\\c': [1, 100] }) };
    expect(monthsOf({ years: yearsOf(odd) })).toEqual(odd);
  });

  it('takes the year from the month', () => {
    expect(yearOf('2026-11')).toBe('2026');
  });
});

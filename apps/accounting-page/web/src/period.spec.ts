import { last12Months, lastYear, periodProblem, thisYear } from './period';

describe('period shortcuts', () => {
  const today = new Date(2026, 10, 30); // 30 November 2026, local time

  it('this year, last year and the last 12 months (this one included)', () => {
    expect(thisYear(today)).toEqual({ from: '2026-01', to: '2026-12' });
    expect(lastYear(today)).toEqual({ from: '2025-01', to: '2025-12' });
    expect(last12Months(today)).toEqual({ from: '2025-12', to: '2026-11' });
    expect(last12Months(new Date(2026, 0, 15))).toEqual({ from: '2025-02', to: '2026-01' });
  });

  it('says what is wrong with a period, as the API would refuse it', () => {
    expect(periodProblem({ from: '2022-01', to: '2026-12' })).toBeUndefined();
    expect(periodProblem({ from: '2026-13', to: '2026-12' })).toMatch(/From/);
    expect(periodProblem({ from: '2026-02', to: '' })).toMatch(/To/);
    expect(periodProblem({ from: '2026-02', to: '2026-01' })).toMatch(/after/);
    expect(periodProblem({ from: '2016-01', to: '2025-12' })).toBeUndefined();
    expect(periodProblem({ from: '2016-01', to: '2026-01' })).toMatch(/120/);
  });
});

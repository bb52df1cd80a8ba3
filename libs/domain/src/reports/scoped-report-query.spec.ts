import { DomainError } from '../errors/domain-error';
import { monthlyReportQuery } from './monthly-report.query';
import { scopedReportQuery } from './scoped-report-query';

const period = { from: '2026-01', to: '2026-03' };

describe('scopedReportQuery', () => {
  it('leaves an unscoped query as it is', () => {
    const query = monthlyReportQuery(period);
    expect(scopedReportQuery(query, null)).toBe(query);
  });

  it('limits a query naming no caregiver to the scope, sorted and once each', () => {
    expect(scopedReportQuery(monthlyReportQuery(period), ['5', '4', '5'])).toMatchObject({ caregiverIds: ['4', '5'], allCaregivers: false });
  });

  it('covers nothing for an empty scope, never everything', () => {
    expect(scopedReportQuery(monthlyReportQuery(period), [])).toMatchObject({ caregiverIds: [], allCaregivers: false });
  });

  it('keeps a query naming only caregivers of the scope, and refuses one naming any other', () => {
    expect(scopedReportQuery(monthlyReportQuery({ ...period, caregiverIds: ['4'] }), ['4', '5']).caregiverIds).toEqual(['4']);
    const refusal = (() => {
      try {
        scopedReportQuery(monthlyReportQuery({ ...period, caregiverIds: ['4', '6'] }), ['4', '5']);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'SCOPE.FOREIGN_CAREGIVER', errors: [{ field: 'caregiverIds' }] });
  });

  it('takes a scope of thousands of caregivers', () => {
    const scope = Array.from({ length: 25_000 }, (_, i) => `cg-${i}`);
    expect(scopedReportQuery(monthlyReportQuery(period), scope).caregiverIds).toHaveLength(25_000);
  });
});

import { DomainError } from '../errors/domain-error';
import { domainErrorOf } from '../testing/domain-error-of';
import { eventsQuery, reimbursementsQuery } from './ledger-queries';

const errorsOf = (run: () => unknown): DomainError['errors'] => domainErrorOf(run).errors;

describe('ledger queries', () => {
  it('tell a missing month from one that is no month', () => {
    expect(errorsOf(() => eventsQuery({ caregiverId: 'cg-1' }))).toEqual([{ field: 'month', message: 'is required, as YYYY-MM' }]);
    expect(errorsOf(() => eventsQuery({ caregiverId: 'cg-1', month: '2026-13' }))).toEqual([{ field: 'month', message: 'must be a month as YYYY-MM (01 to 12)' }]);
    expect(errorsOf(() => reimbursementsQuery({ caregiverId: 'cg-1', month: '2026-00' }))).toEqual([{ field: 'month', message: 'must be a month as YYYY-MM (01 to 12)' }]);
  });

  it('name the range of a limit out of it, negative ones included', () => {
    expect(errorsOf(() => eventsQuery({ caregiverId: 'cg-1', month: '2026-01', limit: -1 }))).toEqual([{ field: 'limit', message: 'must be 1-1000' }]);
  });
});

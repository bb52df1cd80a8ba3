import { DomainError } from '../errors/domain-error';
import { domainErrorOf } from '../testing/domain-error-of';
import { eventsQuery, pageOf, reimbursementsQuery } from './ledger-queries';

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

  it('page through a list with its cursors, whatever the page size, and refuse them for another list', () => {
    const items = ['c', 'a', 'e', 'b', 'd'];
    const asked = { caregiverId: 'cg-1', month: '2026-01', status: 'pending' };
    const first = pageOf(items, (i) => i, eventsQuery({ ...asked, limit: 2 }));
    expect(first.items).toEqual(['a', 'b']);
    const cursor = first.nextCursor as string;
    expect(pageOf(items, (i) => i, eventsQuery({ ...asked, limit: 10, cursor }))).toEqual({ items: ['c', 'd', 'e'], nextCursor: null });
    for (const other of [{ caregiverId: 'cg-2' }, { month: '2026-02' }, { status: 'voided' }, { status: undefined }]) {
      expect(errorsOf(() => eventsQuery({ ...asked, ...other, cursor }))).toEqual([{ field: 'cursor', message: expect.stringContaining('another list') }]);
    }
    expect(errorsOf(() => reimbursementsQuery({ caregiverId: 'cg-1', month: '2026-01', cursor }))).toEqual([{ field: 'cursor', message: expect.stringContaining('another list') }]);
  });
});

import { DomainError } from '../errors/domain-error';
import { MAX_EVENTS_PER_REIMBURSEMENT, requestReimbursement } from './request-reimbursement.rule';

const R = 'AAAAAAAA-0000-4000-8000-000000000001';
const E = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function fieldsOf(input: Parameters<typeof requestReimbursement>[0]): string[] {
  try {
    requestReimbursement(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('REIMBURSEMENT.INVALID');
    return (error as DomainError).errors.map((e) => e.field);
  }
  return [];
}

describe('requestReimbursement', () => {
  it('accepts a request by event ids, lower-casing the ids', () => {
    expect(requestReimbursement({ reimbursementId: R, caregiverId: 'cg-1', eventIds: [E(1).toUpperCase()], reference: 'payout-1' })).toEqual({
      reimbursementId: R.toLowerCase(),
      caregiverId: 'cg-1',
      eventIds: [E(1)],
      reference: 'payout-1',
    });
  });

  it.each([
    ['NUL', 'payout\u0000-1'],
    ['a lone surrogate', 'payout-\udfff'],
    ['a tab', 'payout\t1'],
  ])('refuses a reference holding %s, naming it', (_label, reference) => {
    expect(fieldsOf({ reimbursementId: R, caregiverId: 'cg-1', month: '2026-03', reference })).toEqual(['reference']);
  });

  it('accepts a request by month', () => {
    expect(requestReimbursement({ reimbursementId: R, caregiverId: 'cg-1', month: '2026-03' })).toEqual({ reimbursementId: R.toLowerCase(), caregiverId: 'cg-1', month: '2026-03' });
    expect(requestReimbursement({ reimbursementId: R, caregiverId: 'cg-1', month: '1970-01' }).month).toBe('1970-01');
  });

  it.each([
    ['neither eventIds nor month', { reimbursementId: R, caregiverId: 'cg-1' }, ['eventIds']],
    ['both eventIds and month', { reimbursementId: R, caregiverId: 'cg-1', eventIds: [E(1)], month: '2026-03' }, ['month']],
    ['no event id', { reimbursementId: R, caregiverId: 'cg-1', eventIds: [] }, ['eventIds']],
    ['too many event ids', { reimbursementId: R, caregiverId: 'cg-1', eventIds: Array.from({ length: MAX_EVENTS_PER_REIMBURSEMENT + 1 }, (_, i) => E(i)) }, ['eventIds']],
    ['an event id twice (in any case)', { reimbursementId: R, caregiverId: 'cg-1', eventIds: [E(1), E(2), E(1).toUpperCase()] }, ['eventIds[2]']],
    ['an event id that is no UUID', { reimbursementId: R, caregiverId: 'cg-1', eventIds: [E(1), 'x'] }, ['eventIds[1]']],
    ['a month that is no month', { reimbursementId: R, caregiverId: 'cg-1', month: '2026-13' }, ['month']],
    ['a month before any event can lie', { reimbursementId: R, caregiverId: 'cg-1', month: '1969-12' }, ['month']],
    ['the year 0', { reimbursementId: R, caregiverId: 'cg-1', month: '0000-01' }, ['month']],
    ['a bad caregiver id and reimbursement id', { reimbursementId: 'r1', caregiverId: 'a b', month: '2026-01' }, ['reimbursementId', 'caregiverId']],
    ['an empty reference', { reimbursementId: R, caregiverId: 'cg-1', month: '2026-01', reference: '' }, ['reference']],
    ['a reference too long', { reimbursementId: R, caregiverId: 'cg-1', month: '2026-01', reference: 'x'.repeat(201) }, ['reference']],
  ])('refuses %s, naming the field', (_label, input, fields) => {
    expect(fieldsOf(input)).toEqual(fields);
  });
});

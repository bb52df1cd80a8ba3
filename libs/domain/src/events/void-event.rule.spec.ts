import { DomainError } from '../errors/domain-error';
import { VOID_REASON_MAX_LENGTH, voidEvent } from './void-event.rule';

const E = '5F0C9A3E-2B7D-4C1E-8A6F-9D2B3C4E5F60';

describe('voidEvent', () => {
  it('accepts a void, lower-casing the id and trimming the reason', () => {
    expect(voidEvent({ eventId: E, caregiverId: 'cg-1', reason: '  entered twice ' })).toEqual({ eventId: E.toLowerCase(), caregiverId: 'cg-1', reason: 'entered twice' });
  });

  it.each([
    ['an event id that is no UUID', { eventId: 'x', caregiverId: 'cg-1', reason: 'r' }, ['eventId']],
    ['a bad caregiver id', { eventId: E, caregiverId: 'a/b', reason: 'r' }, ['caregiverId']],
    ['a blank reason', { eventId: E, caregiverId: 'cg-1', reason: '   ' }, ['reason']],
    ['a reason holding NUL', { eventId: E, caregiverId: 'cg-1', reason: 'entered\u0000twice' }, ['reason']],
    ['a reason holding a lone surrogate', { eventId: E, caregiverId: 'cg-1', reason: 'entered \ud800' }, ['reason']],
    ['a reason holding a line feed inside', { eventId: E, caregiverId: 'cg-1', reason: 'entered\ntwice' }, ['reason']],
    ['a reason too long', { eventId: E, caregiverId: 'cg-1', reason: 'x'.repeat(VOID_REASON_MAX_LENGTH + 1) }, ['reason']],
  ])('refuses %s, naming the field', (_label, input, fields) => {
    let error: unknown;
    try {
      voidEvent(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).errors.map((e) => e.field)).toEqual(fields);
  });
});

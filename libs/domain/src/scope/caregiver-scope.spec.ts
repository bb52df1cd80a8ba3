import { DomainError } from '../errors/domain-error';
import { inScope, requireInScope } from './caregiver-scope';

describe('caregiver scope', () => {
  it('lets an unscoped sender act for any caregiver, a scoped one only for its own', () => {
    expect(inScope(null, 'anyone')).toBe(true);
    expect(inScope(['4', '5'], '5')).toBe(true);
    expect(inScope(['4', '5'], '6')).toBe(false);
    expect(inScope([], '4')).toBe(false);
  });

  it('refuses a foreign caregiver with a code the edge answers 403, naming the field', () => {
    const refusal = (() => {
      try {
        requireInScope(['4'], '6', 'events[2].caregiverId');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'SCOPE.FOREIGN_CAREGIVER', errors: [{ field: 'events[2].caregiverId' }] });
    expect(() => requireInScope(['4'], '4')).not.toThrow();
  });
});

import { DomainError } from '../errors/domain-error';
import { requireVoidOfOwnEvent } from './void-own-event.rule';

describe('requireVoidOfOwnEvent', () => {
  it("refuses a scoped sender's void of another caregiver's event as an unknown event (404), naming eventId", () => {
    let error: unknown;
    try {
      requireVoidOfOwnEvent(['cg-a'], 'cg-a', 'cg-b');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'EVENT.NOT_FOUND', errors: [{ field: 'eventId' }] });
  });

  it('refuses it even when both caregivers are in the scope: the void would still name the wrong one', () => {
    expect(() => requireVoidOfOwnEvent(['cg-a', 'cg-b'], 'cg-a', 'cg-b')).toThrow(DomainError);
  });

  it("lets through a void of the caregiver's own event", () => {
    expect(() => requireVoidOfOwnEvent(['cg-a'], 'cg-a', 'cg-a')).not.toThrow();
  });

  it('lets through what it cannot tell (the memory does not hold the event), and unscoped senders', () => {
    expect(() => requireVoidOfOwnEvent(['cg-a'], 'cg-a', undefined)).not.toThrow();
    expect(() => requireVoidOfOwnEvent(null, 'cg-a', 'cg-b')).not.toThrow();
  });
});

import { DomainError } from '../errors/domain-error';

/** The refusal of an eventId already registered with other content. */
export function eventIdConflict(eventId: string): DomainError {
  return new DomainError(
    'EVENT.CONFLICT',
    `The eventId ${eventId} was already used for an event with another caregiverId, eventType or occurredAt.`,
    [{ field: 'eventId', message: 'already used with different content' }],
  );
}

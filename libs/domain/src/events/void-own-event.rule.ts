import { DomainError } from '../errors/domain-error';
import { CaregiverScope } from '../scope/caregiver-scope';

/**
 * A void names a caregiver, but only to route it to that caregiver's partition: the event it names
 * may be another's. A scoped sender that could void such an event would write on data outside its
 * scope, so when the command side can tell whose event it is (`eventCaregiverId`, from its memory
 * of recent registrations) and it is not the caregiver named, the void is refused up front with the
 * 404 of an unknown event, which tells the sender nothing about other caregivers' events. Unscoped
 * senders are not checked here; the fold ignores such a void for everyone, whatever the memory knew.
 */
export function requireVoidOfOwnEvent(scope: CaregiverScope, caregiverId: string, eventCaregiverId: string | undefined): void {
  if (scope === null || eventCaregiverId === undefined || eventCaregiverId === caregiverId) return;
  throw new DomainError('EVENT.NOT_FOUND', 'The caregiver named has no event with this eventId.', [
    { field: 'eventId', message: 'no event of this caregiverId' },
  ]);
}

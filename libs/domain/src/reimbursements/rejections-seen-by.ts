import { EventRejection } from '../ledger/ledger-decision';
import { CaregiverScope, inScope } from '../scope/caregiver-scope';

/**
 * The events of an outcome's `other-caregiver` rejections whose caregiver must be known to show the
 * outcome to this scope. None for an unscoped reader (it sees every reason as stored), nor for a
 * scope of one caregiver: the outcome is that caregiver's, so every other caregiver is outside.
 */
export function eventsToPlace(rejections: EventRejection[], scope: CaregiverScope): string[] {
  if (scope === null || scope.length <= 1) return [];
  return rejections.filter((r) => r.reason === 'other-caregiver').map((r) => r.eventId);
}

/**
 * The rejections as a reader with this scope sees them: an event of a caregiver outside the scope is
 * `unknown`, exactly as an id nobody registered, so that an outcome never tells whether another
 * caregiver's event exists. `caregiverOf` places the events eventsToPlace named (undefined:
 * not found, which is outside any scope). The stored outcome is unchanged; admins see it as is.
 */
export function rejectionsSeenBy(
  rejections: EventRejection[],
  scope: CaregiverScope,
  caregiverOf: (eventId: string) => string | undefined = () => undefined,
): EventRejection[] {
  if (scope === null) return rejections;
  return rejections.map((rejection) => {
    if (rejection.reason !== 'other-caregiver') return rejection;
    const caregiverId = caregiverOf(rejection.eventId);
    return caregiverId !== undefined && inScope(scope, caregiverId) ? rejection : { eventId: rejection.eventId, reason: 'unknown' };
  });
}

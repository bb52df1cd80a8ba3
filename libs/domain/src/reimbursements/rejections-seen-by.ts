import { EventRejection } from '../ledger/ledger-decision';
import { CaregiverScope, inScope } from '../scope/caregiver-scope';

/**
 * The events of an outcome's rejections whose caregiver must be known to show the outcome to this
 * scope: the `other-caregiver` ones, and the `unknown` ones, which the fold decided from its own
 * partition's state only (another partition's event is unknown there; see ledger-view.ts). None
 * for a scope of one caregiver: the outcome is that caregiver's, so every other caregiver is outside.
 */
export function eventsToPlace(rejections: EventRejection[], scope: CaregiverScope): string[] {
  if (scope !== null && scope.length <= 1) return [];
  // An unscoped reader sees a stored other-caregiver as it is: only the unknown ones need placing.
  return rejections.filter((r) => r.reason === 'unknown' || (scope !== null && r.reason === 'other-caregiver')).map((r) => r.eventId);
}

/**
 * The rejections as a reader with this scope sees them. An event the fold could not know (it is on
 * another caregiver's partition) but the ledger holds for another caregiver than the outcome's is
 * `other-caregiver`, as it is when the fold knew it. An event of a caregiver outside the scope is
 * `unknown`, exactly as an id nobody registered, so that an outcome never tells whether another
 * caregiver's event exists. `caregiverOf` places the events eventsToPlace named (undefined: not
 * found, which is outside any scope). The stored outcome is unchanged.
 */
export function rejectionsSeenBy(
  rejections: EventRejection[],
  scope: CaregiverScope,
  outcomeCaregiver: string,
  caregiverOf: (eventId: string) => string | undefined = () => undefined,
): EventRejection[] {
  return rejections.map((rejection) => {
    const placed = rejection.reason === 'unknown' || rejection.reason === 'other-caregiver' ? caregiverOf(rejection.eventId) : undefined;
    const otherCaregiver = rejection.reason === 'other-caregiver' || (placed !== undefined && placed !== outcomeCaregiver);
    if (!otherCaregiver) return rejection;
    if (scope === null) return { eventId: rejection.eventId, reason: 'other-caregiver' };
    return placed !== undefined && inScope(scope, placed) ? { eventId: rejection.eventId, reason: 'other-caregiver' } : { eventId: rejection.eventId, reason: 'unknown' };
  });
}

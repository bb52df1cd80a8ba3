import { canonicalInstant } from '../time/rfc3339-instant';
import { RegisterEventInput } from './register-event.rule';

/**
 * What two registrations of one eventId must share to be the same event (a retry): the caregiver,
 * the type and the instant (to every fractional digit), whatever offset `occurredAt` was written with. Equal fingerprints mean
 * the fold counts the second as a retry; different ones mean it ignores the second as a conflict.
 */
export function eventFingerprint({ caregiverId, eventType, occurredAt }: Omit<RegisterEventInput, 'eventId'>): string {
  const instant = canonicalInstant(occurredAt) ?? occurredAt;
  return `${caregiverId}|${eventType}|${instant}`;
}

/** The caregiver a fingerprint names (caregiverIds hold no `|`). */
export function caregiverOfFingerprint(fingerprint: string): string {
  return fingerprint.slice(0, fingerprint.indexOf('|'));
}

import { EventIdClaim } from '../ports/recent-event-ids.port';
import { ReimbursementRequestedPayload } from './reimbursement-requested.record';

/**
 * What two requests of one reimbursementId must share to be the same request (a retry): the
 * caregiver, the events or month named, and the reference, as `requestReimbursement` normalised
 * them. The fold decides a repeated id within the caregiver's partition (it ignores the later one),
 * but a caregiver's request lives on the partition of its caregiver: the same id for another
 * caregiver would be decided twice, once on each partition.
 */
export function reimbursementFingerprint({ caregiverId, eventIds, month, reference }: ReimbursementRequestedPayload): string {
  return JSON.stringify([caregiverId, eventIds ?? null, month ?? null, reference ?? null]);
}

/** The claim of a request's reimbursementId in a memory of recent ids (one keyed apart from eventIds'). */
export function reimbursementIdClaim(payload: ReimbursementRequestedPayload): EventIdClaim {
  return { eventId: payload.reimbursementId, fingerprint: reimbursementFingerprint(payload) };
}

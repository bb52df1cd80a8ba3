import { RecentEventIds } from '@reimbursements/domain/ports/recent-event-ids.port';

/**
 * The reimbursementIds the command side requested recently, in the memory of recent eventIds
 * under keys of their own: an id claims its request's fingerprint (reimbursementFingerprint) as an
 * eventId claims its event's. A token of its own, so that the two memories are never mixed up.
 */
export abstract class RecentReimbursementIds extends RecentEventIds {}

import { EVENT_TYPE_DEFINED, EventTypeDefined } from '../catalog/event-type-defined.record';
import { EVENT_TYPE_RATE_SCHEDULED, EventTypeRateScheduled } from '../catalog/event-type-rate-scheduled.record';
import { EVENT_REGISTERED, EventRegistered, EventRegisteredV1 } from '../events/event-registered.record';
import { EVENT_VOIDED, EventVoided } from '../events/event-voided.record';
import { REIMBURSEMENT_REQUESTED, ReimbursementRequested } from '../reimbursements/reimbursement-requested.record';

/** Records of the reimbursement log topic (keyed by caregiverId), at their current versions. */
export type LogRecord = EventRegistered | EventVoided | ReimbursementRequested;
/** What may come off the log topic: older versions too, until upcast (upcastLogRecord). */
export type StoredLogRecord = LogRecord | EventRegisteredV1;
/** Records of the catalog topic. */
export type CatalogRecord = EventTypeDefined | EventTypeRateScheduled;
export type KnownRecord = StoredLogRecord | CatalogRecord;

const KNOWN_VERSIONS: Record<string, number[]> = {
  [EVENT_REGISTERED]: [1, 2],
  [EVENT_VOIDED]: [1],
  [REIMBURSEMENT_REQUESTED]: [1],
  [EVENT_TYPE_DEFINED]: [1],
  [EVENT_TYPE_RATE_SCHEDULED]: [1],
};

/**
 * Reads a record as it comes off the log. Returns undefined for a type or version this build does
 * not know (a newer writer), so a reader skips it instead of folding something it misreads.
 */
export function readRecord(value: unknown): KnownRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as Partial<KnownRecord>;
  if (typeof candidate.type !== 'string' || typeof candidate.schemaVersion !== 'number') return undefined;
  if (!Object.hasOwn(KNOWN_VERSIONS, candidate.type)) return undefined;
  if (!KNOWN_VERSIONS[candidate.type].includes(candidate.schemaVersion)) return undefined;
  if (typeof candidate.payload !== 'object' || candidate.payload === null) return undefined;
  return candidate as KnownRecord;
}

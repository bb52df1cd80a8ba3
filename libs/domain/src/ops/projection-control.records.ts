import { RecordEnvelope } from '../records/record-envelope';

export const PROJECTION_REBUILD_REQUESTED = 'ProjectionRebuildRequested';
export const PROJECTION_SWITCHED = 'ProjectionSwitched';
export const PROJECTION_VERSION_DROPPED = 'ProjectionVersionDropped';
export const PROJECTION_REPLAY_REQUESTED = 'ProjectionReplayRequested';

/** A new version of a projection is folded from the start of the log, beside the live one. */
export type ProjectionRebuildRequested = RecordEnvelope<typeof PROJECTION_REBUILD_REQUESTED, { projection: string; version: string }>;
/** A caught-up version becomes live; the one it replaces is retired (it stops folding). */
export type ProjectionSwitched = RecordEnvelope<typeof PROJECTION_SWITCHED, { projection: string; version: string; replaces: string }>;
/** A retired or building version is stopped and its read models are removed. */
export type ProjectionVersionDropped = RecordEnvelope<typeof PROJECTION_VERSION_DROPPED, { projection: string; version: string }>;
/**
 * A version folds onward from the offsets its read models store (after a backup was restored, say):
 * its projectors forget what they hold and read the stored offsets again.
 */
export type ProjectionReplayRequested = RecordEnvelope<typeof PROJECTION_REPLAY_REQUESTED, { projection: string; version: string; fromPosition: string }>;

export type ProjectionControlRecord = ProjectionRebuildRequested | ProjectionSwitched | ProjectionVersionDropped | ProjectionReplayRequested;

const VERSION = /^v\d{1,6}$/;

/** Undefined for anything that is not a version-1 projection control record. */
export function readProjectionControl(value: unknown): ProjectionControlRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as Partial<RecordEnvelope<string, Record<string, unknown>>>;
  if (candidate.schemaVersion !== 1 || typeof candidate.recordedBy !== 'string' || typeof candidate.recordedAt !== 'string') return undefined;
  const payload = candidate.payload;
  if (typeof payload !== 'object' || payload === null) return undefined;
  if (typeof payload.projection !== 'string' || typeof payload.version !== 'string' || !VERSION.test(payload.version)) return undefined;
  switch (candidate.type) {
    case PROJECTION_REBUILD_REQUESTED:
    case PROJECTION_VERSION_DROPPED:
      return candidate as ProjectionControlRecord;
    case PROJECTION_SWITCHED:
      return typeof payload.replaces === 'string' && VERSION.test(payload.replaces) ? (candidate as ProjectionSwitched) : undefined;
    case PROJECTION_REPLAY_REQUESTED:
      return typeof payload.fromPosition === 'string' ? (candidate as ProjectionReplayRequested) : undefined;
    default:
      return undefined;
  }
}

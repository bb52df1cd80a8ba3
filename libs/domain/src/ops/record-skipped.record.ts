import { RecordEnvelope } from '../records/record-envelope';

export const RECORD_SKIPPED = 'RecordSkipped';

/**
 * An admin's command to fold past one record that the partition is stuck on, as it travels on the
 * control topic: every instance, replay and rebuild of the projection reads it before folding, so
 * all of them skip the same record (exactly-once-fold.ts).
 */
export type RecordSkipped = RecordEnvelope<
  typeof RECORD_SKIPPED,
  {
    /** The projection's name without its version: every version skips the record. */
    projection: string;
    topic: string;
    partition: number;
    offset: number;
    reason: string;
  }
>;

/** A skip as the fold and the status see it: which record, who skipped it, why and when. */
export interface RecordSkip {
  topic: string;
  partition: number;
  offset: number;
  reason: string;
  skippedBy: string;
  skippedAt: string;
}

export function skipOf(record: RecordSkipped): RecordSkip {
  const { topic, partition, offset, reason } = record.payload;
  return { topic, partition, offset, reason, skippedBy: record.recordedBy, skippedAt: record.recordedAt };
}

/** Undefined for anything that is not a version-1 RecordSkipped. */
export function readRecordSkipped(value: unknown): RecordSkipped | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as Partial<RecordSkipped>;
  if (candidate.type !== RECORD_SKIPPED || candidate.schemaVersion !== 1) return undefined;
  const payload = candidate.payload;
  if (typeof payload !== 'object' || payload === null) return undefined;
  const valid =
    typeof payload.projection === 'string' &&
    typeof payload.topic === 'string' &&
    Number.isInteger(payload.partition) &&
    Number.isInteger(payload.offset) &&
    typeof payload.reason === 'string' &&
    typeof candidate.recordedBy === 'string' &&
    typeof candidate.recordedAt === 'string';
  return valid ? (candidate as RecordSkipped) : undefined;
}

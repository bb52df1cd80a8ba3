import { RecordEnvelope } from './record-envelope';

/** Who and what a command came from: copied into every record it writes. */
export interface RecordOrigin {
  correlationId: string;
  recordedBy: string;
}

export function newRecord<TType extends string, TPayload>(
  type: TType,
  schemaVersion: number,
  payload: TPayload,
  origin: RecordOrigin,
  recordId: string,
  recordedAt: Date,
): RecordEnvelope<TType, TPayload> {
  return {
    recordId,
    type,
    schemaVersion,
    recordedAt: recordedAt.toISOString(),
    correlationId: origin.correlationId,
    recordedBy: origin.recordedBy,
    payload,
  };
}

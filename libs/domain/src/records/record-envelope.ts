/** Every record on the log shares this envelope; `payload` is what the record's `type` says. */
export interface RecordEnvelope<TType extends string = string, TPayload = unknown> {
  recordId: string;
  type: TType;
  schemaVersion: number;
  /** RFC 3339 UTC instant at which the command-api accepted the record. */
  recordedAt: string;
  correlationId: string;
  /** Who sent it: the authenticated principal (`user:<username>` or `client:<clientId>`). */
  recordedBy: string;
  payload: TPayload;
}

/** A record together with where the log put it. */
export interface PositionedRecord<TRecord extends RecordEnvelope = RecordEnvelope> {
  topic: string;
  partition: number;
  offset: number;
  record: TRecord;
}

import { UnreadableRecord } from '@reimbursements/domain/ops/stuck-record';
import { KnownRecord, readRecord } from '@reimbursements/domain/records/log-record';
import { RecordEnvelope } from '@reimbursements/domain/records/record-envelope';
import { IHeaders, Message } from 'kafkajs';
import { TraceCarrier } from './trace-context';

/** `trace`: the appending span's W3C trace context, when tracing is on (its headers are then added). */
export function encodeRecord(key: string, record: RecordEnvelope, partition: number, trace?: TraceCarrier): Message {
  return {
    key,
    partition,
    value: JSON.stringify(record),
    headers: { 'correlation-id': record.correlationId, 'record-type': record.type, ...trace },
  };
}

/** Undefined for anything that is not a record this build can read (see readRecord). */
export function decodeRecord(value: Buffer | null, _headers?: IHeaders): KnownRecord | undefined {
  const decoded = decodeOrExplain(value, 0);
  return 'record' in decoded ? decoded.record : undefined;
}

/** The record, or what is known of a record this build cannot read and why (for the ops status). */
export function decodeOrExplain(value: Buffer | null, offset: number): { record: KnownRecord } | { unreadable: UnreadableRecord } {
  if (!value) return { unreadable: { offset, recordId: null, recordType: null, reason: 'an empty record' } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    return { unreadable: { offset, recordId: null, recordType: null, reason: 'not JSON' } };
  }
  const record = readRecord(parsed);
  if (record) return { record };
  const envelope = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const recordType = typeof envelope.type === 'string' ? envelope.type : null;
  return {
    unreadable: {
      offset,
      recordId: typeof envelope.recordId === 'string' ? envelope.recordId : null,
      recordType,
      reason: `no known record type and version (type ${JSON.stringify(recordType)}, schemaVersion ${JSON.stringify(envelope.schemaVersion ?? null)})`,
    },
  };
}

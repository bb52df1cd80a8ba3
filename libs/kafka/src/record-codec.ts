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
  if (!value) return undefined;
  try {
    return readRecord(JSON.parse(value.toString('utf8')));
  } catch {
    return undefined;
  }
}

import {
  EVENT_TYPE_DEFINED,
  EVENT_TYPE_DEFINED_SCHEMA_VERSION,
  EventTypeDefinedPayload,
} from '@reimbursements/domain/catalog/event-type-defined.record';
import { eventRegisteredRecord, EventRegisteredPayload } from '@reimbursements/domain/events/event-registered.record';
import { EVENT_VOIDED, EVENT_VOIDED_SCHEMA_VERSION, EventVoidedPayload } from '@reimbursements/domain/events/event-voided.record';
import { newRecord, RecordOrigin } from '@reimbursements/domain/records/new-record';
import {
  REIMBURSEMENT_REQUESTED,
  REIMBURSEMENT_REQUESTED_SCHEMA_VERSION,
  ReimbursementRequestedPayload,
} from '@reimbursements/domain/reimbursements/reimbursement-requested.record';
import { partitionForKey } from '@reimbursements/kafka/partition-for-key';
import { encodeRecord } from '@reimbursements/kafka/record-codec';
import { Message } from 'kafkajs';
import { randomUUID } from 'node:crypto';

export interface BenchEventType {
  code: string;
  name: string;
  amountCents: number;
}

export const BENCH_EVENT_TYPES: BenchEventType[] = [
  { code: 'bench-home-visit', name: 'Home visit', amountCents: 45000 },
  { code: 'bench-x-ray', name: 'X-ray examination', amountCents: 120000 },
  { code: 'bench-medication-review', name: 'Medication review', amountCents: 30000 },
  { code: 'bench-night-shift', name: 'Night shift', amountCents: 87550 },
];

export const BENCH_CURRENCY = 'SEK';

export function caregiverId(index: number): string {
  return `bench-cg-${String(index).padStart(5, '0')}`;
}

/**
 * The EventRegistered record exactly as the command-api's RegisterEventHandler writes it
 * (newRecord + encodeRecord, keyed and partitioned by caregiverId), with a correlation id that
 * stands for the request id the API would have made.
 */
export function eventRegisteredMessage(
  topic: string,
  partitionCount: number,
  payload: EventRegisteredPayload,
  origin: RecordOrigin = { correlationId: randomUUID(), recordedBy: 'unauthenticated' },
): Message & { partition: number } {
  const record = eventRegisteredRecord(payload, origin, randomUUID(), new Date());
  const partition = partitionForKey(topic, payload.caregiverId, partitionCount);
  return { ...encodeRecord(payload.caregiverId, record, partition), partition };
}

/** The EventTypeDefined record as DefineEventTypeHandler writes it (catalog topic, keyed by code). */
export function eventTypeDefinedMessage(topic: string, type: BenchEventType): Message & { partition: number } {
  const payload: EventTypeDefinedPayload = { ...type, currency: BENCH_CURRENCY };
  const record = newRecord<typeof EVENT_TYPE_DEFINED, EventTypeDefinedPayload>(
    EVENT_TYPE_DEFINED,
    EVENT_TYPE_DEFINED_SCHEMA_VERSION,
    payload,
    { correlationId: randomUUID(), recordedBy: 'unauthenticated' },
    randomUUID(),
    new Date(),
  );
  const partition = partitionForKey(topic, type.code, 1);
  return { ...encodeRecord(type.code, record, partition), partition };
}

export function valueBytes(message: Message): number {
  const value = message.value;
  return typeof value === 'string' ? Buffer.byteLength(value) : (value?.length ?? 0);
}

/**
 * Any record of the log topic as the command-api's handlers write it (newRecord + encodeRecord,
 * keyed and partitioned by caregiverId): VoidEventHandler and RequestReimbursementHandler append
 * with `key: payload.caregiverId`, so a caregiver's voids and reimbursements land on the partition
 * of its registrations, after them.
 */
export function logRecordMessage<TType extends string, TPayload extends { caregiverId: string }>(
  topic: string,
  partitionCount: number,
  type: TType,
  schemaVersion: number,
  payload: TPayload,
  origin: RecordOrigin = { correlationId: randomUUID(), recordedBy: 'unauthenticated' },
): Message & { partition: number } {
  const record = newRecord<TType, TPayload>(type, schemaVersion, payload, origin, randomUUID(), new Date());
  const partition = partitionForKey(topic, payload.caregiverId, partitionCount);
  return { ...encodeRecord(payload.caregiverId, record, partition), partition };
}

/** The EventVoided record as VoidEventHandler writes it. */
export function eventVoidedMessage(topic: string, partitionCount: number, payload: EventVoidedPayload): Message & { partition: number } {
  return logRecordMessage(topic, partitionCount, EVENT_VOIDED, EVENT_VOIDED_SCHEMA_VERSION, payload);
}

/** The ReimbursementRequested record as RequestReimbursementHandler writes it (by eventIds or by month). */
export function reimbursementRequestedMessage(
  topic: string,
  partitionCount: number,
  payload: ReimbursementRequestedPayload,
): Message & { partition: number } {
  return logRecordMessage(topic, partitionCount, REIMBURSEMENT_REQUESTED, REIMBURSEMENT_REQUESTED_SCHEMA_VERSION, payload);
}

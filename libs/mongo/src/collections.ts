import { Db } from 'mongodb';
import { MonthSums } from '@reimbursements/domain/projections/monthly-totals';
import { RegisteredLedgerEvent, Settlement, VoidRefusal } from '@reimbursements/domain/ledger/batch-effects';
import { DecisionStateLines } from '@reimbursements/domain/ledger/decision-state-snapshot';
import { LedgerDecision } from '@reimbursements/domain/ledger/ledger-decision';
import { ReimbursementOutcome } from '@reimbursements/domain/reimbursements/reimbursement-outcome';
import { PartitionReport } from '@reimbursements/domain/ops/partition-status';
import { RecordSkip } from '@reimbursements/domain/ops/record-skipped.record';

/**
 * One document per caregiver, its months packed in it (`years.<YYYY>`, caregiver-totals-years.ts):
 * a flush writes each caregiver once, and a report reads one document by `_id` per caregiver, the
 * only lookup FerretDB 1.24 serves from an index (docs/mongodb-wire-server.md).
 */
export const CAREGIVER_TOTALS = 'caregiver_totals';
export const EVENT_TYPES = 'event_types';
export const PROJECTION_OFFSETS = 'projection_offsets';
/**
 * The decisions of a partition's attempt, one document per attempt (`<offsets _id>#<attempted
 * offset>`), apart from projection_offsets: FerretDB 1.24 reads and decodes whole documents
 * whatever the projection, so a flush's tens of thousands of decisions in the offsets document
 * made every status and position read of it cost a second while the flush ran.
 */
export const PROJECTION_ATTEMPTS = 'projection_attempts';
/** The partition count of each topic of the log, as the projector reads it from the broker (MongoLogPartitions). */
export const LOG_PARTITIONS = 'log_partitions';
/**
 * The event ledger is insert-only: an event as registered (`_id` eventId), its one settlement
 * (`_id` eventId), refused voids, reimbursement outcomes (`_id` reimbursementId). FerretDB 1.24
 * inserts at ~8,000 documents/s but updates one at a time at ~90/s on a 40,000-document
 * collection (docs/benchmarks.md, "Event ledger shape"), and writing a document twice is then
 * harmless by construction.
 */
export const LEDGER_EVENTS = 'ledger_events';
export const EVENT_SETTLEMENTS = 'event_settlements';
export const VOID_REFUSALS = 'void_refusals';
/** A partition's decision state, compactly: what each flush changed, and now and then the whole of it (mongo-decision-state.ts). */
export const DECISION_STATE = 'decision_state';
export const REIMBURSEMENTS = 'reimbursements';
/** Which version of each projection is live and which are being built or retired (mongo-projection-versions.ts), in the configured database. */
export const PROJECTION_VERSIONS = 'projection_versions';
/** What one version of the read models is made of: a dropped version loses all of them. */
export const VERSIONED_COLLECTIONS = [CAREGIVER_TOTALS, EVENT_TYPES, PROJECTION_OFFSETS, PROJECTION_ATTEMPTS, LEDGER_EVENTS, EVENT_SETTLEMENTS, VOID_REFUSALS, DECISION_STATE, REIMBURSEMENTS];

export interface LedgerEventDocument extends RegisteredLedgerEvent {
  _id: string;
  partition: number;
}

export interface SettlementDocument extends Settlement {
  _id: string;
}

export interface DecisionStateDocument extends DecisionStateLines {
  _id: string;
  partition: number;
  /** `flush`: what the records after `from` up to `to` changed; `base`: part `part` of `parts` of the whole state at `to`. */
  kind: 'flush' | 'base';
  from: number;
  to: number;
  part: number;
  parts: number;
}

export interface VoidRefusalDocument extends VoidRefusal {
  _id: string;
}

export interface ReimbursementDocument extends ReimbursementOutcome {
  _id: string;
  partition: number;
  offset: number;
}

export interface CaregiverTotalsDocument {
  /** The caregiverId. */
  _id: string;
  caregiverId: string;
  /** The months of each year, as one JSON string per year: its codes, then its months by number (yearsOf). */
  years: Record<string, string>;
  /** The months as nested sums: documents written before `years` (read by monthsOf, never written). */
  months?: Record<string, MonthSums>;
  /** Offset of the last log record folded into this document: the guard against double-counting. */
  lastOffset: number;
}

/** `rates` by effective date (`YYYY-MM-DD`), the first amount under INITIAL_RATE: idempotent to set. */
export interface EventTypeDocument {
  _id: string;
  code: string;
  name: string;
  currency: string;
  rates: Record<string, number>;
}

export const INITIAL_RATE = 'initial';

export interface ProjectionOffsetDocument {
  _id: string;
  projection: string;
  topic: string;
  partition: number;
  appliedOffset: number;
  /** The months each apply changed, with the offset of the last such apply (AppliedState's monthWrites). */
  monthWrites?: Record<string, number>;
  /** Set before a batch's writes start; above appliedOffset only while (or if crashed while) writing. */
  attemptedOffset?: number;
  /** How the records up to attemptedOffset were decided, as written before decisionsJson: read, never written. */
  decisions?: LedgerDecision[];
  /** The same, as written before projection_attempts: read, never written. */
  decisionsJson?: string;
  /** What only the projector knows, for the ops status (stuck record, lag in time, fold rate). */
  report?: PartitionReport;
  /** Records skipped by an admin's command, by offset (setting one again changes nothing). */
  skipped?: Record<string, RecordSkip>;
  updatedAt: Date;
}

/** The decisions of one attempt (PROJECTION_ATTEMPTS). */
export interface ProjectionAttemptDocument {
  _id: string;
  /** The offsets document of the partition, and the attempted offset (absent from attempts written before they were kept). */
  offsets?: string;
  offset?: number;
  /**
   * How the records up to the attempt's offset were decided (reused if they are folded again), as
   * one JSON string: FerretDB 1.24 stores an array of objects with a type schema for every element,
   * and writing, reading and rewriting a flush's tens of thousands of them cost it seconds per flush.
   */
  decisionsJson: string;
}

/** The indexes the queries need, created idempotently at start-up (caregiver totals are read by `_id`). */
export async function ensureIndexes(db: Db): Promise<void> {
  await db.collection<LedgerEventDocument>(LEDGER_EVENTS).createIndex({ caregiverId: 1, month: 1 }, { name: 'caregiver_month' });
  await db.collection<SettlementDocument>(EVENT_SETTLEMENTS).createIndex({ caregiverId: 1, month: 1 }, { name: 'caregiver_month' });
  await db.collection<VoidRefusalDocument>(VOID_REFUSALS).createIndex({ eventId: 1 }, { name: 'event' });
  await db.collection<DecisionStateDocument>(DECISION_STATE).createIndex({ partition: 1, to: 1 }, { name: 'partition_to' });
  await db.collection<ReimbursementDocument>(REIMBURSEMENTS).createIndex({ caregiverId: 1, months: 1 }, { name: 'caregiver_months' });
}

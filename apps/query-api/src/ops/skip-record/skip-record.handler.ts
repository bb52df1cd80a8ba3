import { Principal } from '@reimbursements/auth/principal';
import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { projectionVersion } from '@reimbursements/domain/ops/projection-version';
import { RECORD_SKIPPED } from '@reimbursements/domain/ops/record-skipped.record';
import { EventLog } from '@reimbursements/domain/ports/event-log.port';
import { READ_MODELS_PROJECTION } from '@reimbursements/domain/projections/read-models-projection';
import { newRecord } from '@reimbursements/domain/records/new-record';
import { MongoPartitionStatus } from '@reimbursements/mongo/mongo-partition-status';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SkipRecordRequest, SkipRecordResponse } from './skip-record.request.dto';

/**
 * Appends an admin's skip to the control topic, only for the record the live version's partition
 * is stuck on: every projector instance (and every later replay or rebuild) reads it before folding.
 */
@Injectable()
export class SkipRecordHandler {
  constructor(
    private readonly status: MongoPartitionStatus,
    private readonly log: EventLog,
  ) {}

  async skip(name: string, request: SkipRecordRequest, principal: Principal, correlationId: string): Promise<SkipRecordResponse> {
    const live = projectionVersion(READ_MODELS_PROJECTION);
    if (name !== live.name) throw new DomainError('PROJECTION.NOT_FOUND', `No projection named ${name}.`);
    const { topic, partition, offset, reason } = request;
    const status = (await this.status.partitions()).find((p) => p.projection === READ_MODELS_PROJECTION && p.topic === topic && p.partition === partition);
    const stuck = status?.report?.stuck ?? null;
    if (stuck?.offset !== offset) {
      const now = stuck ? `is stuck on offset ${stuck.offset}` : 'is not stuck';
      throw new DomainError('PROJECTION.NOT_STUCK', `Partition ${topic}:${partition} of ${name} ${now}; only the record it is stuck on can be skipped.`);
    }
    const record = newRecord(RECORD_SKIPPED, 1, { projection: name, topic, partition, offset, reason }, { correlationId, recordedBy: principal.subject }, randomUUID(), new Date());
    await this.log.append([{ stream: 'control', key: `${topic}:${partition}`, record }]);
    return { name, topic, partition, offset, reason, skippedBy: principal.subject };
  }
}

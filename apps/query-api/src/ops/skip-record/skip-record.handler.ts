import { Principal } from '@reimbursements/auth/principal';
import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { foldedVersions } from '@reimbursements/domain/ops/projection-versions';
import { RECORD_SKIPPED } from '@reimbursements/domain/ops/record-skipped.record';
import { EventLog } from '@reimbursements/domain/ports/event-log.port';
import { newRecord } from '@reimbursements/domain/records/new-record';
import { MongoPartitionStatus } from '@reimbursements/mongo/mongo-partition-status';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LiveVersion } from '../projection-versions/live-version';
import { SkipRecordRequest, SkipRecordResponse } from './skip-record.request.dto';

/**
 * Appends an admin's skip to the control topic, only for the record the live version's partition
 * is stuck on: every projector instance (and every later replay or rebuild) reads it before folding.
 */
@Injectable()
export class SkipRecordHandler {
  constructor(
    private readonly versions: LiveVersion,
    private readonly log: EventLog,
  ) {}

  async skip(name: string, request: SkipRecordRequest, principal: Principal, correlationId: string): Promise<SkipRecordResponse> {
    if (name !== this.versions.name) throw new DomainError('PROJECTION.NOT_FOUND', `No projection named ${name}.`);
    const { topic, partition, offset, reason } = request;
    const stuckOn: number[] = [];
    for (const entry of foldedVersions(await this.versions.refresh())) {
      const { projection } = this.versions.of(entry.version);
      const status = (await new MongoPartitionStatus(this.versions.dbOf(entry.version)).partitions()).find((p) => p.projection === projection && p.topic === topic && p.partition === partition);
      if (status?.report?.stuck) stuckOn.push(status.report.stuck.offset);
    }
    // A version being built may be stuck on a record the live one has long skipped or never met.
    const stuck = stuckOn.includes(offset) ? { offset } : stuckOn.length > 0 ? { offset: stuckOn[0] } : null;
    if (stuck?.offset !== offset) {
      const now = stuck ? `is stuck on offset ${stuck.offset}` : 'is not stuck';
      throw new DomainError('PROJECTION.NOT_STUCK', `Partition ${topic}:${partition} of ${name} ${now}; only the record it is stuck on can be skipped.`);
    }
    const record = newRecord(RECORD_SKIPPED, 1, { projection: name, topic, partition, offset, reason }, { correlationId, recordedBy: principal.subject }, randomUUID(), new Date());
    await this.log.append([{ stream: 'control', key: `${topic}:${partition}`, record }]);
    return { name, topic, partition, offset, reason, skippedBy: principal.subject };
  }
}

import { Principal } from '@reimbursements/auth/principal';
import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { foldedVersions } from '@reimbursements/domain/ops/projection-versions';
import { RECORD_SKIPPED } from '@reimbursements/domain/ops/record-skipped.record';
import { EventLog } from '@reimbursements/domain/ports/event-log.port';
import { LogEnds } from '@reimbursements/domain/ports/log-ends.port';
import { newRecord } from '@reimbursements/domain/records/new-record';
import { MongoPartitionStatus } from '@reimbursements/mongo/mongo-partition-status';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { QueryApiSettings } from '../../query-api.settings';
import { LiveVersion } from '../projection-versions/live-version';
import { SkipRecordRequest, SkipRecordResponse } from './skip-record.request.dto';

const PARTITIONS_WAIT_MS = 2000;

/**
 * Appends an admin's skip to the control topic, only for the record the live version's partition
 * is stuck on: every projector instance (and every later replay or rebuild) reads it before folding.
 */
@Injectable()
export class SkipRecordHandler {
  constructor(
    private readonly versions: LiveVersion,
    private readonly log: EventLog,
    private readonly ends: LogEnds,
    private readonly settings: QueryApiSettings,
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
      // Only now: a stuck partition exists, and a skip of it never waits for the broker.
      if (!stuck) await this.refuseUnknownPartition(name, topic, partition);
      const now = stuck ? `is stuck on offset ${stuck.offset}` : 'is not stuck';
      throw new DomainError('PROJECTION.NOT_STUCK', `Partition ${topic}:${partition} of ${name} ${now}; only the record it is stuck on can be skipped.`);
    }
    const record = newRecord(RECORD_SKIPPED, 1, { projection: name, topic, partition, offset, reason }, { correlationId, recordedBy: principal.subject }, randomUUID(), new Date());
    await this.log.append([{ stream: 'control', key: `${topic}:${partition}`, record }]);
    return { name, topic, partition, offset, reason, skippedBy: principal.subject };
  }

  /**
   * The projection folds the log and catalog topics only; a partition Kafka does not have is no
   * partition of them. Not checked when Kafka does not answer within PARTITIONS_WAIT_MS (the answer
   * is then the 409 of a partition that is not stuck).
   */
  private async refuseUnknownPartition(name: string, topic: string, partition: number): Promise<void> {
    const topics = [this.settings.LOG_TOPIC, this.settings.CATALOG_TOPIC];
    if (!topics.includes(topic)) throw new DomainError('PROJECTION.NOT_FOUND', `${name} folds no topic ${topic}; its topics are ${topics.join(' and ')}.`);
    let timer: NodeJS.Timeout | undefined;
    const partitions = await Promise.race([
      this.ends.lastOffsets(topic).catch(() => undefined),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), PARTITIONS_WAIT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    if (partitions && !partitions.has(partition)) {
      throw new DomainError('PROJECTION.NOT_FOUND', `Topic ${topic} has no partition ${partition}; it has ${partitions.size} (0 to ${partitions.size - 1}).`);
    }
  }
}

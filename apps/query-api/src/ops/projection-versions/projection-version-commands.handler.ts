import { Principal } from '@reimbursements/auth/principal';
import { DomainError } from '@reimbursements/domain/errors/domain-error';
import {
  PROJECTION_REBUILD_REQUESTED,
  PROJECTION_REPLAY_REQUESTED,
  PROJECTION_SWITCHED,
  PROJECTION_VERSION_DROPPED,
} from '@reimbursements/domain/ops/projection-control.records';
import { nextVersion, ProjectionVersions, refuseDrop, refuseDropAhead, refuseRebuild, refuseReplay, refuseSwitch } from '@reimbursements/domain/ops/projection-versions';
import { decodePosition, encodePosition, LogPosition } from '@reimbursements/domain/position/log-position';
import { EventLog } from '@reimbursements/domain/ports/event-log.port';
import { newRecord } from '@reimbursements/domain/records/new-record';
import { MongoPartitionStatus } from '@reimbursements/mongo/mongo-partition-status';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { QueryApiSettings } from '../../query-api.settings';
import { OpsKafka } from '../ops-connections';
import { LiveVersion } from './live-version';

const POLL_MS = 100;

/**
 * Rebuild, switch, drop and replay: each checked against the versions the projectors last saved,
 * then appended to the control topic, which the projectors follow (projection-versions.supervisor.ts).
 */
@Injectable()
export class ProjectionVersionCommands {
  constructor(
    private readonly versions: LiveVersion,
    private readonly log: EventLog,
    private readonly kafka: OpsKafka,
    private readonly settings: QueryApiSettings,
  ) {}

  async rebuild(name: string, principal: Principal, correlationId: string): Promise<{ name: string; version: string }> {
    const state = await this.current(name);
    refuseRebuild(state);
    const version = nextVersion(state);
    await this.append(PROJECTION_REBUILD_REQUESTED, { projection: name, version }, principal, correlationId);
    // Answered once the projectors have taken it, so that a second rebuild asked after this answer is refused.
    await this.taken((now) => now.versions.some((v) => v.version === version));
    return { name, version };
  }

  /**
   * Refused while the version has applied less than the live one on any partition, once it has had
   * OPS_SWITCH_LAG_WAIT_MS to reach what the live one had applied when asked (under load both hold
   * records for a moment before they flush). Answers once the projectors have made it live and this
   * instance answers from it (every instance does within the poll interval, once the version has
   * applied what each answered: LiveVersion), or after OPS_COMMAND_WAIT_MS with `activeVersion`
   * still the old one if not yet.
   */
  async switch(name: string, version: string, principal: Principal, correlationId: string): Promise<{ name: string; version: string; activeVersion: string }> {
    const state = await this.current(name);
    refuseSwitch(state, version);
    const live = await this.applied(state.live);
    const lagDeadline = Date.now() + this.settings.OPS_SWITCH_LAG_WAIT_MS;
    for (;;) {
      const next = await this.applied(version);
      const behind = Object.entries(live).filter(([key, offset]) => (next[key] ?? -1) < offset);
      if (behind.length === 0) break;
      if (Date.now() >= lagDeadline) {
        const lags = behind.map(([key, offset]) => `${key} ${next[key] ?? -1} < ${offset}`).join(', ');
        throw new DomainError('PROJECTION.LAGGING', `Version ${version} of ${name} has applied less than the live version ${state.live} on ${behind.length} partition(s): ${lags}.`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    await this.append(PROJECTION_SWITCHED, { projection: name, version, replaces: state.live }, principal, correlationId);
    await this.taken((now) => now.live === version && this.versions.live().version === version);
    return { name, version, activeVersion: this.versions.live().version };
  }

  /** A retired version only once the live one has applied at least what it had (refuseDropAhead, LiveVersion). */
  async drop(name: string, version: string, principal: Principal, correlationId: string): Promise<{ name: string; version: string }> {
    const state = await this.current(name);
    refuseDrop(state, version);
    if (state.versions.find((v) => v.version === version)?.state === 'retired') {
      refuseDropAhead(state, version, await this.applied(version), await this.applied(state.live));
    }
    await this.append(PROJECTION_VERSION_DROPPED, { projection: name, version }, principal, correlationId);
    await this.taken((now) => now.versions.some((v) => v.version === version && v.state === 'dropped'));
    return { name, version };
  }

  /** Only from where the version's read models say they are: a replay never skips or repeats a record. */
  async replay(name: string, request: { version?: string; fromPosition: string }, principal: Principal, correlationId: string) {
    const state = await this.current(name);
    const version = request.version ?? state.live;
    refuseReplay(state, version);
    const wanted = decodePosition(request.fromPosition);
    if (!wanted) throw new DomainError('QUERY.INVALID', 'The request is not valid.', [{ field: 'fromPosition', message: 'not a position this API gave' }]);
    const stored = await this.applied(version);
    const keys = new Set([...Object.keys(stored), ...Object.keys(wanted)]);
    if ([...keys].some((key) => (stored[key] ?? -1) !== (wanted[key] ?? -1))) {
      throw new DomainError(
        'PROJECTION.POSITION_MISMATCH',
        `fromPosition ${request.fromPosition} (${readable(wanted)}) is not where the read models of ${name} ${version} are: ${encodePosition(stored)} (${readable(stored)}).`,
      );
    }
    const replays = state.versions.find((v) => v.version === version)?.replays ?? 0;
    await this.append(PROJECTION_REPLAY_REQUESTED, { projection: name, version, fromPosition: request.fromPosition }, principal, correlationId);
    await this.taken((now) => (now.versions.find((v) => v.version === version)?.replays ?? 0) > replays);
    return { name, version, fromPosition: request.fromPosition };
  }

  /** The versions once the projectors have saved what `done` looks for, or after OPS_COMMAND_WAIT_MS (the command is in the log either way). */
  private async taken(done: (state: ProjectionVersions) => boolean): Promise<ProjectionVersions> {
    const deadline = Date.now() + this.settings.OPS_COMMAND_WAIT_MS;
    let now = await this.versions.refresh();
    while (!done(now) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      now = await this.versions.refresh();
    }
    return now;
  }

  private async current(name: string): Promise<ProjectionVersions> {
    if (name !== this.versions.name) throw new DomainError('PROJECTION.NOT_FOUND', `No projection named ${name}.`);
    return this.versions.refresh();
  }

  /** A version's applied offsets by `topic:partition`, every partition of the log's topics included (-1: nothing applied). */
  private async applied(version: string): Promise<LogPosition> {
    const models = this.versions.of(version);
    const rows = await new MongoPartitionStatus(this.versions.dbOf(version)).partitions();
    const position: LogPosition = {};
    for (const topic of [this.settings.LOG_TOPIC, this.settings.CATALOG_TOPIC]) {
      for (const partition of (await this.kafka.ends.lastOffsets(topic)).keys()) position[`${topic}:${partition}`] = -1;
    }
    for (const row of rows) if (row.projection === models.projection) position[`${row.topic}:${row.partition}`] = row.appliedOffset;
    return position;
  }

  private async append(type: string, payload: { projection: string; version: string; [more: string]: string }, principal: Principal, correlationId: string): Promise<void> {
    const record = newRecord(type, 1, payload, { correlationId, recordedBy: principal.subject }, randomUUID(), new Date());
    // Keyed by the projection: its version records share one partition of the control topic, so every projector reads them in one order.
    await this.log.append([{ stream: 'control', key: payload.projection, record }]);
  }
}

function readable(position: LogPosition): string {
  return Object.entries(position)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, offset]) => `${key}=${offset}`)
    .join(' ');
}

import { encodePosition, partitionKey } from '../position/log-position';
import { RecordSkip } from './record-skipped.record';
import { StuckRecord } from './stuck-record';

/** What only the projector knows about a partition, recorded beside its offsets for the ops status. */
export interface PartitionReport {
  /** The partition's last offset as the projector last saw it. */
  endOffset: number;
  /** When the oldest record not yet applied was appended; null when none is known to wait. */
  oldestUnappliedAt: string | null;
  /** Records applied per second lately. */
  recordsPerSecond: number;
  stuck: StuckRecord | null;
  reportedAt: string;
}

/** One partition of one projection version as stored: its offsets, the projector's report, its skips. */
export interface StoredPartitionStatus {
  projection: string;
  topic: string;
  partition: number;
  appliedOffset: number;
  report?: PartitionReport;
  skipped: RecordSkip[];
}

export interface PartitionView {
  topic: string;
  partition: number;
  appliedOffset: number;
  endOffset: number;
  lag: number;
  lagSeconds: number;
  stuck: StuckRecord | null;
}

export interface ProjectionVersionView {
  version: string;
  state: 'live' | 'building' | 'retired';
  /** The applied offsets as a position token: what a replay of this version starts from. */
  position: string;
  partitions: PartitionView[];
  lag: number;
  lagSeconds: number;
  recordsPerSecond: number;
  /** Null while records wait and none are being applied (a stuck or stopped projector). */
  etaSeconds: number | null;
  skipped: RecordSkip[];
}

/**
 * One partition's view. The end offset is the broker's when known (else the projector's last
 * report); the lag in time is the age of the oldest record not applied, and when the projector
 * reported none while records wait (it is stopped, or has not fetched them), the time since its
 * last report: those records came after it, so that overstates their age (the query-api does not
 * read the log's records to know it exactly).
 */
export function partitionView(status: StoredPartitionStatus, brokerEndOffset: number | undefined, now: number): PartitionView & { recordsPerSecond: number } {
  const endOffset = Math.max(brokerEndOffset ?? status.report?.endOffset ?? status.appliedOffset, status.appliedOffset);
  const lag = endOffset - status.appliedOffset;
  const since = status.report?.oldestUnappliedAt ?? status.report?.reportedAt;
  const lagSeconds = lag === 0 ? 0 : since === undefined ? 0 : Math.max(0, (now - Date.parse(since)) / 1000);
  return {
    topic: status.topic,
    partition: status.partition,
    appliedOffset: status.appliedOffset,
    endOffset,
    lag,
    lagSeconds: Math.round(lagSeconds * 10) / 10,
    stuck: lag === 0 ? null : (status.report?.stuck ?? null),
    recordsPerSecond: status.report?.recordsPerSecond ?? 0,
  };
}

/**
 * A version's totals over its partitions: lag summed, the oldest wait, the rates summed. It has
 * caught up when its slowest partition has, so the ETA is the longest of theirs; unknown (null)
 * while a lagging partition applies nothing (stuck, or its projector stopped).
 */
export function versionView(version: string, state: ProjectionVersionView['state'], partitions: (PartitionView & { recordsPerSecond: number })[], skipped: RecordSkip[]): ProjectionVersionView {
  const lag = partitions.reduce((sum, p) => sum + p.lag, 0);
  const recordsPerSecond = Math.round(partitions.reduce((sum, p) => sum + p.recordsPerSecond, 0) * 10) / 10;
  return {
    version,
    state,
    position: encodePosition(Object.fromEntries(partitions.map((p) => [partitionKey(p.topic, p.partition), p.appliedOffset]))),
    partitions: partitions.map(({ recordsPerSecond: _rate, ...view }) => view),
    lag,
    lagSeconds: partitions.reduce((oldest, p) => Math.max(oldest, p.lagSeconds), 0),
    recordsPerSecond,
    etaSeconds: eta(partitions),
    skipped: [...skipped].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || a.offset - b.offset),
  };
}

function eta(partitions: (PartitionView & { recordsPerSecond: number })[]): number | null {
  let longest = 0;
  for (const p of partitions) {
    if (p.lag === 0) continue;
    if (p.stuck || p.recordsPerSecond <= 0) return null;
    longest = Math.max(longest, Math.ceil(p.lag / p.recordsPerSecond));
  }
  return longest;
}

import { AppliedState, lastMonthWrite } from '@reimbursements/domain/position/applied-state';
import { appliedPartitions, coveredPosition } from '@reimbursements/domain/position/covered-position';
import { MonthlyReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { firstOpenMonth, ReportPart, reportParts } from '@reimbursements/domain/reports/report-parts';
import { CaregiverScope } from '@reimbursements/domain/scope/caregiver-scope';
import { sortedDistinct } from '@reimbursements/domain/scope/sorted-distinct';
import { businessMonthOf } from '@reimbursements/domain/time/business-month';
import { partitionForKey } from '@reimbursements/kafka/partition-for-key';
import { createHash } from 'node:crypto';

export type ReportFormat = 'json' | 'csv' | 'csv-excel';

export interface ReportLog {
  database: string;
  topic: string;
  partitions: number;
}

/** The parts of a report's months cached apart, as of now: closed months, then the REPORT_OPEN_MONTHS ending with the current one. */
export function cachedReportParts(query: Pick<MonthlyReportQuery, 'from' | 'to'>, settings: { BUSINESS_TIME_ZONE: string; REPORT_OPEN_MONTHS: number }, now = new Date()): ReportPart[] {
  return reportParts(query.from, query.to, firstOpenMonth(businessMonthOf(now, settings.BUSINESS_TIME_ZONE), settings.REPORT_OPEN_MONTHS));
}

/**
 * The cache key of one part of a report answer (`months`: the part's months, or all of the
 * report's for an answer cached whole): what was asked (format, query with page, the asker's
 * scope, the months) and the state it depends on: for each log partition holding its caregivers'
 * records, the offset of the last fold that changed one of those months, and nothing else. A fold
 * on another partition, or one changing only other months (the current month, for a part of closed
 * months), leaves the key, and so the entry, valid; a fold changing one of them, late or not, makes
 * a new key, so an entry is never served past the state it reflects. (Every caregiver of a
 * partition shares that partition's writes: the finest state the query side knows without reading
 * MongoDB.)
 */
export function reportCacheKey(
  format: ReportFormat,
  query: MonthlyReportQuery,
  scope: CaregiverScope,
  state: AppliedState,
  log: ReportLog,
  months: Pick<ReportPart, 'from' | 'to'>,
  kind: CachedAnswerKind = 'part',
): string {
  return reportCacheKeys(format, query, scope, state, log, [months], kind)[0];
}

/**
 * What a key holds: a part of an answer (its page and summary, or its CSV blocks), or a heavy
 * CSV answer's text, streamed. A report of one part asks the same months either way, and an
 * instance configured otherwise (REPORT_HEAVY_CAREGIVERS) must never read one as the other.
 */
export type CachedAnswerKind = 'part' | 'stream';

/**
 * The keys of several parts of one answer (reportCacheKey's, in order). What they share is
 * computed once: a report may name 10 000 caregivers, whose partitions and digest cost
 * milliseconds of the event loop apiece.
 */
export function reportCacheKeys(
  format: ReportFormat,
  query: MonthlyReportQuery,
  scope: CaregiverScope,
  state: AppliedState,
  log: ReportLog,
  parts: readonly Pick<ReportPart, 'from' | 'to'>[],
  kind: CachedAnswerKind = 'part',
): string[] {
  const partitions = query.allCaregivers || appliedPartitions(state.position, log.topic).some((p) => p >= log.partitions) ? null : partitionsOf(query.caregiverIds, log);
  const covered = Object.keys(coveredPosition(state.position, log.topic, partitions));
  // The database and topic too: deployments (and test sandboxes) sharing one Redis never share answers.
  const question = digest({
    database: log.database,
    topic: log.topic,
    format,
    query,
    scope: scope === null ? null : digest(sortedDistinct(scope)),
  });
  return parts.map((months) => {
    const lastWrites = covered.map((partition) => [partition, lastMonthWrite(state, partition, months.from, months.to)]);
    // v9: the caregiver documents' years as [codes, months by number]. A query-api of an earlier
    // release reads no rows from such a year: what it cached during an upgrade is never served.
    return `report:monthly:v9:${digest([question, kind, months.from, months.to])}:${digest(lastWrites)}`;
  });
}

/**
 * The key of a whole JSON answer's text, made of its parts' keys (reportCacheKey): it holds while
 * every part's does, and a fold that changes one part's months makes a new one, as for the part.
 */
export function wholeAnswerKey(partKeys: readonly string[]): string {
  return `report:monthly:v9:whole:${digest(partKeys)}`;
}

/** The log partitions holding these caregivers' records; a long list names them all within its first few dozen. */
function partitionsOf(caregiverIds: readonly string[], log: ReportLog): Set<number> {
  const partitions = new Set<number>();
  for (const id of caregiverIds) {
    partitions.add(partitionForKey(log.topic, id, log.partitions));
    if (partitions.size === log.partitions) break;
  }
  return partitions;
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}

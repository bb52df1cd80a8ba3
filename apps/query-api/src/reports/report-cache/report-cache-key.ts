import { appliedPartitions, coveredPosition } from '@reimbursements/domain/position/covered-position';
import { LogPosition } from '@reimbursements/domain/position/log-position';
import { MonthlyReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { CaregiverScope } from '@reimbursements/domain/scope/caregiver-scope';
import { partitionForKey } from '@reimbursements/kafka/partition-for-key';
import { createHash } from 'node:crypto';

export type ReportFormat = 'json' | 'csv' | 'csv-excel';

/**
 * The cache key of a report answer: what was asked (format, query with page, the asker's scope),
 * and the state it depends on: the applied offsets of the log partitions holding its caregivers'
 * records, and no other. A fold on another partition leaves the key, and so the entry, valid; a
 * fold on one of them makes a new key, so an entry can never be served past the state it reflects.
 * (Every caregiver of a partition shares that partition's offset: the finest state the query side
 * knows without reading MongoDB.)
 */
export function reportCacheKey(
  format: ReportFormat,
  query: MonthlyReportQuery,
  scope: CaregiverScope,
  applied: LogPosition,
  log: { database: string; topic: string; partitions: number },
): string {
  const partitions = query.allCaregivers || appliedPartitions(applied, log.topic).some((p) => p >= log.partitions)
    ? null
    : new Set(query.caregiverIds.map((id) => partitionForKey(log.topic, id, log.partitions)));
  // The database and topic too: deployments (and test sandboxes) sharing one Redis never share answers.
  const asked = digest({ database: log.database, topic: log.topic, format, query, scope: scope === null ? null : digest([...new Set(scope)].sort()) });
  return `report:monthly:v4:${asked}:${digest(coveredPosition(applied, log.topic, partitions))}`;
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}

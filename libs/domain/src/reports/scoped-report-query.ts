import { CaregiverScope, foreignCaregiver } from '../scope/caregiver-scope';
import { sortedDistinct } from '../scope/sorted-distinct';
import { MonthlyReportQuery } from './monthly-report.query';

/**
 * The report a sender limited to `scope` may see: one naming a caregiver outside the scope is
 * refused (403); one naming none covers exactly the scope's caregivers (resolved server-side, from
 * the principal directory, never from the token), however many thousands they are.
 */
export function scopedReportQuery(query: MonthlyReportQuery, scope: CaregiverScope): MonthlyReportQuery {
  if (scope === null) return query;
  if (query.allCaregivers) return { ...query, caregiverIds: sortedDistinct(scope), allCaregivers: false };
  const allowed = new Set(scope);
  if (query.caregiverIds.some((id) => !allowed.has(id))) throw foreignCaregiver(['caregiverIds']);
  return query;
}

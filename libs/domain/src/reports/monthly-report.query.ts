import { isCaregiverId } from '../events/caregiver-id';
import { DomainError } from '../errors/domain-error';
import { cursorAfter, pageListKey } from '../pagination/page-cursor';
import { MONTH_PATTERN, monthSpan } from '../time/business-month';
import { sortedDistinct } from '../scope/sorted-distinct';
import { FieldError } from '../validation/field-error';

export const MAX_REPORT_MONTHS = 120;
export const MAX_REPORT_CAREGIVERS = 10_000;
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;

export interface MonthlyReportQuery {
  from: string;
  to: string;
  /** The caregivers covered, when not all of them. */
  caregiverIds: string[];
  /** No caregiver named and no scope: every caregiver. Otherwise exactly `caregiverIds` (none: nothing). */
  allCaregivers: boolean;
  limit: number;
  /** The id of the last row of the previous page. */
  after?: string;
  /** What the answer's cursor is bound to (pageListKey). */
  listKey: string;
}

export interface MonthlyReportInput {
  from?: string;
  to?: string;
  caregiverIds?: string[];
  limit?: number;
  cursor?: string;
}

export function monthlyReportQuery(input: MonthlyReportInput): MonthlyReportQuery {
  const errors: FieldError[] = [];
  const { from, to } = input;
  for (const [field, value] of [['from', from], ['to', to]] as const) {
    if (!value) errors.push({ field, message: 'required, a month as YYYY-MM' });
    else if (!MONTH_PATTERN.test(value)) errors.push({ field, message: 'must be a month as YYYY-MM (01 to 12)' });
  }
  if (errors.length === 0) {
    const span = monthSpan(from as string, to as string);
    if (span < 1) errors.push({ field: 'to', message: 'must not be before from' });
    if (span > MAX_REPORT_MONTHS) errors.push({ field: 'to', message: `at most ${MAX_REPORT_MONTHS} months after from` });
  }
  const caregiverIds = sortedDistinct(input.caregiverIds ?? []);
  if (caregiverIds.length > MAX_REPORT_CAREGIVERS) {
    errors.push({ field: 'caregiverIds', message: `at most ${MAX_REPORT_CAREGIVERS} caregivers` });
  }
  // Indices name positions in the list as the client sent it, before duplicates are removed.
  const given = input.caregiverIds ?? [];
  for (let index = 0; index < given.length; index++) {
    if (!isCaregiverId(given[index])) errors.push({ field: `caregiverIds[${index}]`, message: 'must be 1-64 characters of [A-Za-z0-9._:-]' });
  }
  const limit = input.limit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    errors.push({ field: 'limit', message: `an integer from 1 to ${MAX_PAGE_LIMIT}` });
  }
  // The list is keyed only once it is known to be valid: its items are then all caregiver ids.
  const listKey = errors.length === 0 ? pageListKey('monthly-report', from, to, caregiverIds) : undefined;
  const after = input.cursor === undefined ? undefined : cursorAfter(input.cursor, listKey, errors);
  if (errors.length > 0 || listKey === undefined) throw new DomainError('QUERY.INVALID', 'The report query is not valid.', errors);
  return { from: from as string, to: to as string, caregiverIds, allCaregivers: caregiverIds.length === 0, limit, after, listKey };
}

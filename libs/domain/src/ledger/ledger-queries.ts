import { DomainError } from '../errors/domain-error';
import { cursorAfter, encodeCursor, pageListKey } from '../pagination/page-cursor';
import { CAREGIVER_ID_PATTERN } from '../events/caregiver-id';
import { UUID_PATTERN } from '../events/register-event.rule';
import { MONTH_PATTERN } from '../time/business-month';
import { FieldError } from '../validation/field-error';
import { EventStatus } from './ledger-event';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
const STATUSES: EventStatus[] = ['pending', 'reimbursed', 'voided'];

export interface PageRequest {
  limit: number;
  /** The sort key of the last item of the previous page. */
  after?: string;
  /** What the cursors of this list are bound to (pageListKey). */
  listKey: string;
}

export interface EventsQuery extends PageRequest {
  caregiverId: string;
  month: string;
  status?: EventStatus;
}

export interface ReimbursementsQuery extends PageRequest {
  caregiverId: string;
  month?: string;
}

export function eventsQuery(input: { caregiverId?: string; month?: string; status?: string; limit?: number; cursor?: string }): EventsQuery {
  const errors: FieldError[] = [];
  const caregiverId = requireCaregiver(input.caregiverId, errors);
  if (input.month === undefined) errors.push({ field: 'month', message: 'is required, as YYYY-MM' });
  else if (!MONTH_PATTERN.test(input.month)) errors.push({ field: 'month', message: 'must be a month as YYYY-MM (01 to 12)' });
  if (input.status !== undefined && !STATUSES.includes(input.status as EventStatus)) {
    errors.push({ field: 'status', message: `must be one of ${STATUSES.join(', ')}` });
  }
  const page = pageRequest(input, pageListKey('events', caregiverId, input.month, input.status), errors);
  if (errors.length > 0) throw new DomainError('QUERY.INVALID', 'The events query is not valid.', errors);
  return { caregiverId, month: input.month as string, ...(input.status !== undefined ? { status: input.status as EventStatus } : {}), ...page };
}

export function reimbursementsQuery(input: { caregiverId?: string; month?: string; limit?: number; cursor?: string }): ReimbursementsQuery {
  const errors: FieldError[] = [];
  const caregiverId = requireCaregiver(input.caregiverId, errors);
  if (input.month !== undefined && !MONTH_PATTERN.test(input.month)) errors.push({ field: 'month', message: 'must be a month as YYYY-MM (01 to 12)' });
  const page = pageRequest(input, pageListKey('reimbursements', caregiverId, input.month), errors);
  if (errors.length > 0) throw new DomainError('QUERY.INVALID', 'The reimbursements query is not valid.', errors);
  return { caregiverId, ...(input.month !== undefined ? { month: input.month } : {}), ...page };
}

export function isEventId(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** Items sorted by `keyOf`, the page after `after`, and the cursor of the next one (null at the end). */
export function pageOf<T>(items: T[], keyOf: (item: T) => string, page: PageRequest): { items: T[]; nextCursor: string | null } {
  const sorted = items.map((item) => ({ item, key: keyOf(item) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rest = page.after === undefined ? sorted : sorted.filter((s) => s.key > (page.after as string));
  const slice = rest.slice(0, page.limit);
  const hasMore = rest.length > page.limit;
  return { items: slice.map((s) => s.item), nextCursor: hasMore ? encodeCursor(slice[slice.length - 1].key, page.listKey) : null };
}

function requireCaregiver(caregiverId: string | undefined, errors: FieldError[]): string {
  if (caregiverId === undefined || !CAREGIVER_ID_PATTERN.test(caregiverId)) {
    errors.push({ field: 'caregiverId', message: 'is required, 1-64 characters of [A-Za-z0-9._:-]' });
  }
  return caregiverId ?? '';
}

function pageRequest(input: { limit?: number; cursor?: string }, listKey: string, errors: FieldError[]): PageRequest {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) errors.push({ field: 'limit', message: `must be 1-${MAX_PAGE_SIZE}` });
  const after = input.cursor === undefined ? undefined : cursorAfter(input.cursor, errors.length === 0 ? listKey : undefined, errors);
  return { limit, listKey, ...(after !== undefined ? { after } : {}) };
}

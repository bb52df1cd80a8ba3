import { zonedCalendarDate } from './zoned-calendar-date';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar month (`YYYY-MM`) of an instant in the given IANA time zone. */
export function businessMonthOf(instant: Date, timeZone: string): string {
  const { year, month } = zonedCalendarDate(instant, timeZone);
  return `${year}-${month < 10 ? `0${month}` : month}`;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A month in which an event can lie: from 1970-01, as occurredAt (occurred-at.rule.ts). */
export const EVENT_MONTH_PATTERN = /^(19[7-9]\d|[2-9]\d{3})-(0[1-9]|1[0-2])$/;
export const EVENT_MONTH_MESSAGE = 'must be YYYY-MM, from 1970-01';

/** Number of calendar months from `from` to `to`, both included (0 or less when to < from). */
export function monthSpan(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** The month `by` calendar months after `month` (before it when negative). */
export function addMonths(month: string, by: number): string {
  const [year, monthOfYear] = month.split('-').map(Number);
  const index = year * 12 + (monthOfYear - 1) + by;
  const shifted = (index % 12) + 1;
  return `${Math.floor(index / 12)}-${shifted < 10 ? `0${shifted}` : shifted}`;
}

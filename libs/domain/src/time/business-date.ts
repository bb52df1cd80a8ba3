import { zonedCalendarDate } from './zoned-calendar-date';

/** The calendar date (`YYYY-MM-DD`) of an instant in the given IANA time zone. */
export function businessDateOf(instant: Date, timeZone: string): string {
  const { year, month, day } = zonedCalendarDate(instant, timeZone);
  return `${year}-${twoDigits(month)}-${twoDigits(day)}`;
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  // setUTCFullYear, not Date.UTC, which takes years 0 to 99 as 1900 to 1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * RFC 3339 date-time with a mandatory offset (`Z` or `±hh:mm`). Date.parse alone accepts
 * offset-less strings as local time, which is exactly what we must refuse.
 */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;

export function parseRfc3339Instant(value: string): Date | undefined {
  const match = RFC3339.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, , , , offsetHours, offsetMinutes] = match;
  const fieldsInRange =
    Number(month) >= 1 &&
    Number(month) <= 12 &&
    Number(day) >= 1 &&
    Number(day) <= daysInMonth(Number(year), Number(month)) &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    (offsetHours === undefined || (Number(offsetHours) <= 23 && Number(offsetMinutes) <= 59));
  if (!fieldsInRange) return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/**
 * The instant in UTC with every fractional digit it was written with (trailing zeros dropped below
 * the millisecond): `Date` keeps milliseconds only, and two instants a tenth of a millisecond
 * apart are two instants. Offsets are whole minutes, so the digits below the millisecond are the
 * same in UTC as in the offset written.
 */
export function canonicalInstant(value: string): string | undefined {
  const instant = parseRfc3339Instant(value);
  if (!instant) return undefined;
  const fraction = RFC3339.exec(value)?.[7] ?? '';
  const belowMillisecond = fraction.slice(4).replace(/0+$/, '');
  return `${instant.toISOString().slice(0, -1)}${belowMillisecond}Z`;
}

export function isRfc3339Instant(value: unknown): value is string {
  return typeof value === 'string' && parseRfc3339Instant(value) !== undefined;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

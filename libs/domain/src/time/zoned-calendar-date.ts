/** A calendar date in some time zone; month and day from 1. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Instants share a cached offset by slot of this length; a slot holding an offset change is never cached. */
const SLOT_MS = 15 * 60_000;
/** Slots remembered per zone (about a year of them). */
const REMEMBERED_SLOTS = 40_000;
/** Real offsets lie within ±14 h; anything else is a date Intl writes with an era (before year 1), answered by Intl. */
const MAX_OFFSET_MS = 18 * 3_600_000;

interface Zone {
  formatter: Intl.DateTimeFormat;
  /** Offset from UTC in ms by slot; null: the offset changes inside the slot. */
  offsets: Map<number, number | null>;
}

const zones = new Map<string, Zone>();

/**
 * The calendar date of an instant in an IANA time zone. Asking Intl (formatToParts) costs tens of
 * microseconds, paid twice per registered event (its rate's date, its month); the zone's offset is
 * the same for every instant of a quarter hour but where it changes, so it is asked once per slot,
 * and checked at both of its ends: a slot whose ends disagree is answered by Intl instant by instant.
 */
export function zonedCalendarDate(instant: Date, timeZone: string): CalendarDate {
  const zone = zoneOf(timeZone);
  const ms = instant.getTime();
  const slot = Math.floor(ms / SLOT_MS);
  let offset = zone.offsets.get(slot);
  if (offset === undefined) {
    const atStart = offsetAt(zone.formatter, slot * SLOT_MS);
    const constant = atStart === offsetAt(zone.formatter, (slot + 1) * SLOT_MS - 1) && Math.abs(atStart) <= MAX_OFFSET_MS;
    offset = constant ? atStart : null;
    if (zone.offsets.size >= REMEMBERED_SLOTS) zone.offsets.delete(zone.offsets.keys().next().value as number);
    zone.offsets.set(slot, offset);
  }
  const local = new Date(ms + (offset ?? 0));
  if (offset === null || local.getUTCFullYear() < 1) {
    const { year, month, day } = partsOf(zone.formatter, ms);
    return { year, month, day };
  }
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

function zoneOf(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (!zone) {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zone = { formatter, offsets: new Map() };
    zones.set(timeZone, zone);
  }
  return zone;
}

function partsOf(formatter: Intl.DateTimeFormat, ms: number): CalendarDate & { hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const { type, value } of formatter.formatToParts(ms)) if (type !== 'literal') parts[type] = Number(value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** The zone's offset from UTC at `ms`, in ms (whole seconds: old local mean times have odd seconds). */
function offsetAt(formatter: Intl.DateTimeFormat, ms: number): number {
  const { year, month, day, hour, minute, second } = partsOf(formatter, ms);
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, 0);
  return wall.getTime() - (ms - (((ms % 1000) + 1000) % 1000));
}

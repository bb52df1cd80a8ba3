import { zonedCalendarDate } from './zoned-calendar-date';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** What Intl says, asked directly for every instant. */
function intlDate(instant: Date, timeZone: string): { year: number; month: number; day: number } {
  if (!formatters.has(timeZone)) formatters.set(timeZone, new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }));
  const parts = (formatters.get(timeZone) as Intl.DateTimeFormat).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

const ZONES = ['Europe/Stockholm', 'America/St_Johns', 'Australia/Lord_Howe', 'Pacific/Apia'];

describe('zonedCalendarDate', () => {
  it.each(ZONES)('agrees with Intl on %s from 1850 to 2040, at odd steps that fall on every hour of the day', (timeZone) => {
    const disagreements: string[] = [];
    for (let ms = Date.UTC(1850, 0, 1); ms < Date.UTC(2040, 0, 1); ms += 197 * 3_600_000 + 13 * 60_000 + 17_001) {
      const instant = new Date(ms);
      const [ours, intl] = [zonedCalendarDate(instant, timeZone), intlDate(instant, timeZone)];
      if (ours.year !== intl.year || ours.month !== intl.month || ours.day !== intl.day) disagreements.push(instant.toISOString());
    }
    expect(disagreements).toEqual([]);
  });

  it('agrees with Intl on each side of Stockholm\'s spring and autumn changes and of its midnights', () => {
    const edges = ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-03-28T23:00:00Z', '2026-10-24T22:00:00Z', '1879-12-31T22:47:48Z', '2025-12-31T23:00:00Z'];
    for (const edge of edges) {
      for (const delta of [-60_001, -1001, -1, 0, 1, 999, 60_000]) {
        const instant = new Date(Date.parse(edge) + delta);
        expect([instant.toISOString(), zonedCalendarDate(instant, 'Europe/Stockholm')]).toEqual([instant.toISOString(), intlDate(instant, 'Europe/Stockholm')]);
      }
    }
  });

  it('answers the years RFC 3339 can write, 0000 to 9999, as Intl does', () => {
    for (const text of ['0000-01-01T00:00:00Z', '0001-01-01T00:30:00+01:00', '0999-12-31T23:59:59Z', '9999-12-31T23:59:59Z']) {
      const instant = new Date(text);
      expect(zonedCalendarDate(instant, 'Europe/Stockholm')).toEqual(intlDate(instant, 'Europe/Stockholm'));
    }
  });

  it('refuses an unknown time zone as Intl does', () => {
    expect(() => zonedCalendarDate(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

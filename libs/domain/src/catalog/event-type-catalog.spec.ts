import { EventTypeCatalog } from './event-type-catalog';
import { EVENT_TYPE_DEFINED, EventTypeDefined } from './event-type-defined.record';

const NOW = new Date('2026-06-01T12:00:00Z');

function defined(recordId: string, code: string, amountCents: number, name = `Type ${code}`): EventTypeDefined {
  return {
    recordId,
    type: EVENT_TYPE_DEFINED,
    schemaVersion: 1,
    recordedAt: '2026-01-01T00:00:00.000Z',
    correlationId: `corr-${recordId}`,
    recordedBy: 'tester',
    payload: { code, name, amountCents, currency: 'SEK' },
  };
}

describe('EventTypeCatalog', () => {
  it('knows nothing when empty', () => {
    const catalog = new EventTypeCatalog();
    expect(catalog.find('home-visit')).toBeUndefined();
    expect(catalog.amountAt('home-visit', NOW, 'Europe/Stockholm')).toBeUndefined();
    expect(catalog.definingRecordId('home-visit')).toBeUndefined();
    expect(catalog.list()).toEqual([]);
  });

  it('holds a defined type with its rate', () => {
    const catalog = new EventTypeCatalog();
    catalog.apply(defined('r1', 'home-visit', 12_500, 'Home visit'));
    expect(catalog.find('home-visit')).toEqual({
      code: 'home-visit',
      name: 'Home visit',
      currency: 'SEK',
      rates: [{ amountCents: 12_500, effectiveFrom: null }],
    });
    expect(catalog.amountAt('home-visit', NOW, 'Europe/Stockholm')).toBe(12_500);
    expect(catalog.definingRecordId('home-visit')).toBe('r1');
  });

  it('lets the first definition of a code win and ignores later ones', () => {
    const catalog = new EventTypeCatalog();
    catalog.apply(defined('r1', 'home-visit', 12_500, 'Home visit'));
    catalog.apply(defined('r2', 'home-visit', 99_900, 'Another name'));
    expect(catalog.definingRecordId('home-visit')).toBe('r1');
    expect(catalog.amountAt('home-visit', NOW, 'Europe/Stockholm')).toBe(12_500);
    expect(catalog.find('home-visit')?.name).toBe('Home visit');
    expect(catalog.list()).toHaveLength(1);
  });

  it('gives the same catalog to every reader of the same records', () => {
    const records = [defined('r1', 'b', 1), defined('r2', 'a', 2), defined('r3', 'b', 3), defined('r4', 'a', 4)];
    const first = new EventTypeCatalog();
    const second = new EventTypeCatalog();
    records.forEach((r) => first.apply(r));
    records.forEach((r) => second.apply(r));
    expect(second.list()).toEqual(first.list());
    expect([first.amountAt('a', NOW, 'Europe/Stockholm'), first.amountAt('b', NOW, 'Europe/Stockholm')]).toEqual([2, 1]);
  });

  it('lists the types sorted by code, whatever order they were defined in', () => {
    const catalog = new EventTypeCatalog();
    for (const [i, code] of ['wound-care', 'bathing-2', 'assessment', 'bathing', '24h-watch'].entries()) {
      catalog.apply(defined(`r${i}`, code, 100 * (i + 1)));
    }
    expect(catalog.list().map((t) => t.code)).toEqual(['24h-watch', 'assessment', 'bathing', 'bathing-2', 'wound-care']);
  });
});

import { EventIdIndex } from './event-id-index';

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state;
  };
}

function hex(value: number, digits: number): string {
  return (value >>> 0).toString(16).padStart(8, '0').slice(-digits);
}

/** A lowercase UUID from four words. */
function uuid(a: number, b: number, c: number, d: number): string {
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(b, 4)}-${hex(c >>> 16, 4)}-${hex(c, 4)}${hex(d, 8)}`;
}

describe('EventIdIndex', () => {
  it('finds every UUID it was given at its row and gives the same id back, past many growths', () => {
    const next = seeded(11);
    const index = new EventIdIndex();
    const ids = Array.from({ length: 20_000 }, () => uuid(next(), next(), next(), next()));
    ids.forEach((id, row) => index.add(id, row));

    ids.forEach((id, row) => {
      expect(index.rowOf(id)).toBe(row);
      expect(index.idOf(row)).toBe(id);
    });
    expect(index.rowOf(uuid(next(), next(), next(), next()))).toBeUndefined();
  });

  it('tells apart time-ordered UUIDs that share their first words', () => {
    const index = new EventIdIndex();
    const ids = Array.from({ length: 5_000 }, (_, i) => uuid(0x0190_f000, 0x7000_8000, 0x8000_0000, i));
    ids.forEach((id, row) => index.add(id, row));

    ids.forEach((id, row) => expect(index.rowOf(id)).toBe(row));
    expect(index.rowOf(uuid(0x0190_f000, 0x7000_8000, 0x8000_0000, 5_000))).toBeUndefined();
  });

  it('keeps any other id exactly as given: an upper-case UUID is not its lower-case form', () => {
    const index = new EventIdIndex();
    const lower = '5f0c8a2e-1b3d-4c5e-8f70-9a1b2c3d4e5f';
    const odd = ['e1', lower.toUpperCase(), `${lower}x`, lower.replace(/-/g, '_'), lower.replace('5f', 'g5'), `${lower.slice(0, 35)}é`, ''];
    index.add(lower, 0);
    odd.forEach((id, i) => index.add(id, i + 1));

    expect(index.rowOf(lower)).toBe(0);
    odd.forEach((id, i) => {
      expect(index.rowOf(id)).toBe(i + 1);
      expect(index.idOf(i + 1)).toBe(id);
    });
    expect(index.rowOf('e2')).toBeUndefined();
  });

  it('answers a lookup of one id between the lookup and the add of another', () => {
    const index = new EventIdIndex();
    const first = uuid(1, 2, 3, 4);
    const second = uuid(5, 6, 7, 8);
    expect(index.rowOf(first)).toBeUndefined();
    expect(index.rowOf(second)).toBeUndefined();
    index.add(first, 0);
    index.add(second, 1);
    expect([index.rowOf(first), index.rowOf(second)]).toEqual([0, 1]);
  });
});

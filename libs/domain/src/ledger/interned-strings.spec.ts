import { InternedStrings } from './interned-strings';

describe('InternedStrings', () => {
  it('numbers each string once, in the order first seen, and gives back the first copy', () => {
    const strings = new InternedStrings();
    const first = ['cg', '1'].join('-');
    expect(strings.numberOf(first)).toBe(0);
    expect(strings.numberOf('cg-2')).toBe(1);
    expect(strings.numberOf(['cg', '1'].join('-'))).toBe(0);
    expect(strings.valueOf(0)).toBe(first);
  });

  it('finds only strings it was given', () => {
    const strings = new InternedStrings();
    strings.numberOf('2026-03');
    expect(strings.find('2026-03')).toBe(0);
    expect(strings.find('2026-04')).toBeUndefined();
    expect(strings.numberOf('2026-04')).toBe(1);
  });
});

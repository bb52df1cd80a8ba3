import { ownString } from './own-string';

describe('ownString', () => {
  it('gives the same characters back, whatever they are', () => {
    const text = `e1\tcg-0001\thome-visit\t2026-03-10T10:00:00+01:00\t2026-03\t45000\tpending\n"quoted" \\ back\u0000slash ✓ 𝄞`;
    for (const piece of [text, text.slice(3, 40), text.split('\t')[3], '', text.slice(-12)]) expect(ownString(piece)).toBe(piece);
  });
});

import { freeTextErrors, isFreeText } from './free-text';

describe('free text', () => {
  it.each([
    ['plain ASCII', 'registered twice by mistake'],
    ['letters of other scripts', 'Röntgen åäö, 東京, Ωμέγα'],
    ['a character outside the BMP (a well-formed surrogate pair)', 'payout 💶 2026'],
    ['punctuation and spaces', 'batch #42 / "April" – done'],
    ['the empty string (length is checked elsewhere)', ''],
  ])('takes %s', (_label, value) => {
    expect(isFreeText(value)).toBe(true);
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a tab', 'a\tb'],
    ['a line feed', 'line one\nline two'],
    ['a carriage return', 'a\rb'],
    ['escape', '\u001b[31mred'],
    ['DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
    ['a surrogate pair in the wrong order', '\udc00\ud800'],
    ['a lone surrogate at the end', 'payout \ud83d'],
  ])('refuses %s', (_label, value) => {
    expect(isFreeText(value)).toBe(false);
  });

  it('names the field, and nothing when the text is fine or absent', () => {
    expect(freeTextErrors('reason', 'a\u0000')).toEqual([{ field: 'reason', message: expect.stringContaining('control characters') }]);
    expect(freeTextErrors('reason', 'fine')).toEqual([]);
    expect(freeTextErrors('reference', undefined)).toEqual([]);
  });
});

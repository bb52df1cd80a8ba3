import { formatInstant, formatMoney } from './money';

describe('money and time on the page', () => {
  it('shows öre as kronor with two decimals, Swedish style', () => {
    expect(formatMoney(123456, 'SEK').replace(/\s/g, ' ')).toBe('1 234,56 kr');
    expect(formatMoney(5, 'SEK').replace(/\s/g, ' ')).toBe('0,05 kr');
    expect(formatMoney(0, 'SEK').replace(/\s/g, ' ')).toBe('0,00 kr');
  });

  it('shows an instant in the business time zone', () => {
    expect(formatInstant('2026-03-31T22:30:00Z', 'Europe/Stockholm')).toBe('2026-04-01 00:30');
  });
});

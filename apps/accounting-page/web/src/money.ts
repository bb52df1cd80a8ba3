/** Minor units (öre) as money in the currency's main unit with two decimals, Swedish style: 123456 → "1 234,56 kr". Display only. */
export function formatMoney(cents: number, currency: string): string {
  return moneyFormat(currency).format(cents / 100);
}

const formats = new Map<string, Intl.NumberFormat>();
function moneyFormat(currency: string): Intl.NumberFormat {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('sv-SE', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    formats.set(currency, format);
  }
  return format;
}

/** An instant as a date and time in the business time zone: "2026-03-05 14:30". */
export function formatInstant(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(instant));
}

/** "1 event", "2 events". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

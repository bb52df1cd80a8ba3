export interface Period {
  from: string;
  to: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

function month(year: number, monthIndex: number): string {
  const d = new Date(Date.UTC(year, monthIndex, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The period shortcuts, for a given day. */
export function thisYear(today: Date): Period {
  return { from: month(today.getFullYear(), 0), to: month(today.getFullYear(), 11) };
}

export function lastYear(today: Date): Period {
  return { from: month(today.getFullYear() - 1, 0), to: month(today.getFullYear() - 1, 11) };
}

/** The twelve months up to and including this one. */
export function last12Months(today: Date): Period {
  return { from: month(today.getFullYear(), today.getMonth() - 11), to: month(today.getFullYear(), today.getMonth()) };
}

/** What is wrong with a period, in words for the form, or undefined. */
export function periodProblem({ from, to }: Period): string | undefined {
  if (!isMonth(from)) return 'From must be a month (YYYY-MM).';
  if (!isMonth(to)) return 'To must be a month (YYYY-MM).';
  if (from > to) return 'From must not be after To.';
  const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5)) + 1;
  if (months > 120) return 'A report covers at most 120 months.';
  return undefined;
}
